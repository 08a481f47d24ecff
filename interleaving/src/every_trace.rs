//! The rules every trace gets, whatever its lesson, checked before the lesson's own
//! properties: one run of one lesson, each cell opened by its knobs, a joined actor is
//! finished, and per-actor program order. A lesson never has to ask for them.

mod joined;
mod knobs_first;
mod one_run;

use crate::check::Verdict;
use crate::event::kinds;
use crate::fold::Fold;
use crate::read::{Line, Trace};
use crate::rule::{Outcome, Rule, violated};
use crate::spec::LessonSpec;

/// The names of the rules every trace gets, in the order they are checked.
pub const RULES: [&str; 4] = [
    "one-run-of-one-lesson",
    "each-cell-starts-with-its-knobs",
    "joined-actors-are-finished",
    "per-actor-order",
];

/// The verdicts of the rules every trace gets, one per rule of [`RULES`].
///
/// ```
/// use interleaving::{every_trace, LessonSpec, Trace};
/// let spec = LessonSpec::new("threading", ["square-cube"]);
/// let verdicts = every_trace::verdicts(&Trace::default(), &spec);
/// assert!(verdicts[0].to_string().contains("the trace is empty"));
/// ```
pub fn verdicts(trace: &Trace, spec: &LessonSpec) -> Vec<Verdict> {
    let mut every = EveryTrace::new(spec);
    for l in &trace.lines {
        every.line(l);
    }
    every.finish()
}

/// The rules every trace gets, as folds: given a trace line by line, they keep only what a
/// run has in flight (its actors' next `seq`, the actors finished in the current cell, the
/// cells seen), never the lines.
pub struct EveryTrace {
    one_run: one_run::OneRun,
    knobs_first: knobs_first::KnobsFirst,
    joined: joined::Joined,
    per_actor_order: Box<dyn Fold>,
}

impl EveryTrace {
    /// The rules for a trace of the lesson `spec`, before its first line.
    pub fn new(spec: &LessonSpec) -> Self {
        EveryTrace {
            one_run: one_run::OneRun::new(spec),
            knobs_first: knobs_first::KnobsFirst::default(),
            joined: joined::Joined::new(spec),
            per_actor_order: Rule::PerActorOrder.start(),
        }
    }

    /// Reads the trace's next line.
    pub fn line(&mut self, l: &Line) {
        self.one_run.line(l);
        self.knobs_first.line(l);
        self.joined.line(l);
        self.per_actor_order.line(l);
    }

    /// One verdict per rule of [`RULES`], once every line was read.
    pub fn finish(self) -> Vec<Verdict> {
        let outcomes = [
            self.one_run.finish(),
            self.knobs_first.finish(),
            self.joined.finish(),
            self.per_actor_order.finish(),
        ];
        RULES
            .iter()
            .zip(outcomes)
            .map(|(name, outcome)| Verdict {
                property: (*name).to_owned(),
                cell: None,
                outcome,
            })
            .collect()
    }
}

fn broken(statement: &str, expected: String, got: String, lines: Vec<usize>) -> Outcome {
    violated("every-trace", statement, expected, got, lines)
}

/// Whether `l` opens a cell (a `cell` event), for the rules read cell by cell.
fn opens_a_cell(l: &Line) -> bool {
    l.event.kind == kinds::CELL
}
