//! One recorded run of a lesson, shared by the tests of a file (record once, mutate many
//! times), with the lesson's spec and properties: so that each test says only which mutation
//! breaks which property.

use std::ops::Deref;
use std::path::Path;

use super::Mutation;
use super::binary::record;
use crate::check::{Property, check_lesson};
use crate::read::Trace;
use crate::spec::LessonSpec;

/// A real run of a lesson's binary with the lesson's spec and properties. Derefs to its
/// [`Trace`], so `find(&run, ...)` and `run.lines` read the run.
///
/// ```
/// use interleaving::testing::{Mutation, Recording, Run};
/// use interleaving::{LessonSpec, Property, Rule, Select};
/// let once = Property::new("one-1", Rule::Count { select: Select::lines().value("1"), n: 1 });
/// let t = Run::new("demo").cell("a", "").step("main", "print", "1").end();
/// let run = Recording::of(t, LessonSpec::new("demo", ["a"]), vec![once]);
/// run.holds();
/// run.caught(Mutation::Duplicate(3), "one-1");
/// assert_eq!(run.rewrite(3, "1", "2"), Mutation::SetValue(3, "2".into()));
/// ```
#[derive(Debug)]
pub struct Recording {
    trace: Trace,
    spec: LessonSpec,
    properties: Vec<Property>,
}

impl Recording {
    /// Runs `bin` with `--trace` and `args` (see [`record`]).
    pub fn new(
        bin: impl AsRef<Path>,
        args: &[&str],
        spec: LessonSpec,
        properties: Vec<Property>,
    ) -> Recording {
        Recording::of(record(bin, args), spec, properties)
    }

    /// A trace already recorded.
    pub fn of(trace: Trace, spec: LessonSpec, properties: Vec<Property>) -> Recording {
        Recording {
            trace,
            spec,
            properties,
        }
    }

    /// Asserts that property (or rule) `name` is violated once `m` is applied to the run.
    pub fn caught(&self, m: Mutation, name: &str) {
        super::assert_caught(&m.apply(&self.trace), &self.spec, &self.properties, name);
    }

    /// Asserts that the run itself passes the lesson's check.
    pub fn holds(&self) {
        let report = check_lesson(&self.trace, &self.spec, &self.properties);
        assert!(report.is_ok(), "{report}");
    }

    /// Asserts that the run passes the lesson's check with every property judged: no cell
    /// missing from the run, so none left "not run".
    pub fn holds_with_every_cell(&self) {
        let report = check_lesson(&self.trace, &self.spec, &self.properties);
        assert!(report.is_ok(), "{report}");
        assert_eq!(report.not_run().count(), 0, "{report}");
    }

    /// Line `i` of the run with `from` in its value replaced by `to` (which must be there).
    pub fn rewrite(&self, i: usize, from: &str, to: &str) -> Mutation {
        let v = &self.trace.lines[i].event.value;
        assert!(v.contains(from), "{v:?} has no {from:?}");
        Mutation::SetValue(i, v.replace(from, to))
    }

    /// The lesson's properties.
    pub fn properties(&self) -> &[Property] {
        &self.properties
    }

    /// The lesson's spec.
    pub fn spec(&self) -> &LessonSpec {
        &self.spec
    }
}

impl Deref for Recording {
    type Target = Trace;

    fn deref(&self) -> &Trace {
        &self.trace
    }
}
