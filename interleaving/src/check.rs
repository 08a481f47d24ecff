//! Properties and the checker: named rules, scoped to a cell or to the whole trace, run over a
//! trace to give one verdict each.

use std::fmt;
use std::io::BufRead;

use crate::event::kinds;
use crate::every_trace::EveryTrace;
use crate::fold::Fold;
use crate::read::{Line, ReadError, Trace};
use crate::rule::{CustomFn, Outcome, Rule};
use crate::spec::LessonSpec;

/// A named rule, about one cell of a lesson or about the whole trace.
///
/// ```
/// use interleaving::{check, Event, Property, Rule, Select, Trace};
/// let props = vec![
///     Property::new("hello-once", Rule::Count { select: Select::lines().value("Hello"), n: 1 }),
///     Property::new("order", Rule::PerActorOrder),
/// ];
/// let trace = Trace::from_events([Event::new(0, 1, 9, "main", "print", "Hello")]);
/// assert!(check(&trace, &props).is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Property {
    /// Short kebab-case name, e.g. `hello-after-joins`.
    pub name: String,
    /// The cell it is about (`None`: the whole trace).
    pub cell: Option<String>,
    /// What it states.
    pub rule: Rule,
}

impl Property {
    /// A property about the whole trace.
    pub fn new(name: impl Into<String>, rule: Rule) -> Self {
        Property {
            name: name.into(),
            cell: None,
            rule,
        }
    }

    /// The same property, about one cell only.
    pub fn in_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }
}

/// One property's outcome on one trace.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The property's name.
    pub property: String,
    /// The cell it was about.
    pub cell: Option<String>,
    /// What happened.
    pub outcome: Outcome,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.cell {
            Some(c) => format!("{} [cell {c}]", self.property),
            None => self.property.clone(),
        };
        match &self.outcome {
            Outcome::Held => write!(f, "held      {name}"),
            Outcome::Observed(o) => write!(f, "observed  {name}: {o}"),
            Outcome::NotRun => write!(f, "not run   {name}: its cell is not in the trace"),
            Outcome::Violated(v) => write!(f, "VIOLATED  {name}: {v}"),
        }
    }
}

/// Every verdict of one check.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One per property, in the order the properties were given.
    pub verdicts: Vec<Verdict>,
}

impl Report {
    /// No property was violated (properties whose cell did not run are not violations here;
    /// see [`Report::not_run`]).
    pub fn is_ok(&self) -> bool {
        self.violations().next().is_none()
    }

    /// The violated verdicts.
    pub fn violations(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Violated(_)))
    }

    /// The observations, as `(property, value)`.
    pub fn observations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.verdicts.iter().filter_map(|v| match &v.outcome {
            Outcome::Observed(o) => Some((v.property.as_str(), o.as_str())),
            _ => None,
        })
    }

    /// The verdicts whose cell was not in the trace.
    pub fn not_run(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::NotRun))
    }

    /// (held, asserted): how many asserted properties held, out of how many were asserted.
    pub fn held(&self) -> (usize, usize) {
        let asserted = self
            .verdicts
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Held | Outcome::Violated(_)));
        let (mut held, mut total) = (0, 0);
        for v in asserted {
            total += 1;
            held += usize::from(matches!(v.outcome, Outcome::Held));
        }
        (held, total)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for v in &self.verdicts {
            writeln!(f, "{v}")?;
        }
        Ok(())
    }
}

/// Checks a trace of a lesson: first the rules every trace gets (see
/// [`every_trace`](crate::every_trace)), then the lesson's own properties. An empty trace, a
/// trace of another lesson, two runs glued together or a run cut short fail here, whatever
/// the properties say.
///
/// ```
/// use interleaving::{check_lesson, LessonSpec, Trace};
/// let spec = LessonSpec::new("threading", ["square-cube"]);
/// let report = check_lesson(&Trace::default(), &spec, &[]);
/// assert!(!report.is_ok());
/// assert!(report.to_string().contains("the trace is empty"));
/// ```
pub fn check_lesson(trace: &Trace, spec: &LessonSpec, properties: &[Property]) -> Report {
    let mut checker = Checker::for_lesson(spec, properties);
    for l in &trace.lines {
        checker.line(l);
    }
    checker.finish()
}

/// Checks a trace of a lesson as it is read, one line at a time, from a file or a pipe: what
/// [`check_lesson`] does, without ever holding the trace (see [`Checker`]).
///
/// ```
/// use interleaving::{check::check_reader, LessonSpec};
/// let spec = LessonSpec::new("threading", ["square-cube"]);
/// let report = check_reader(&b""[..], &spec, &[]).unwrap();
/// assert!(report.to_string().contains("the trace is empty"));
/// assert!(check_reader(&b"not json\n"[..], &spec, &[]).is_err());
/// ```
pub fn check_reader(
    reader: impl BufRead,
    spec: &LessonSpec,
    properties: &[Property],
) -> Result<Report, ReadError> {
    let mut checker = Checker::for_lesson(spec, properties);
    crate::read::each_line(reader, |l| checker.line(&l))?;
    Ok(checker.finish())
}

/// Checks every property against the trace. A cell-scoped property is checked against each
/// run of its cell; if the cell never ran, its verdict is [`Outcome::NotRun`].
pub fn check(trace: &Trace, properties: &[Property]) -> Report {
    let mut checker = Checker::new(properties);
    for l in &trace.lines {
        checker.line(l);
    }
    checker.finish()
}

/// The checker as a fold over a trace: each property's rule runs as a fold over its stretch
/// (the whole trace, or each run of its cell), fed a line at a time. It holds no line: only
/// the rules' state, which is what the run has in flight at that line (see [`crate::fold`]).
///
/// ```
/// use interleaving::check::Checker;
/// use interleaving::{Property, Rule, Select, Trace};
/// let props = [Property::new("once", Rule::Count { select: Select::lines(), n: 1 })];
/// let mut checker = Checker::new(&props);
/// for l in &Trace::from_steps([("main", "print", "Hello")]).lines {
///     checker.line(l);
/// }
/// assert!(checker.finish().is_ok());
/// ```
pub struct Checker<'p> {
    properties: &'p [Property],
    every: Option<EveryTrace>,
    /// The properties about the whole trace, by index, as they run.
    whole: Stretch,
    /// The properties about the current stretch's cell.
    in_cell: Stretch,
    /// Each property's outcome so far: the first violation wins, otherwise the last run's.
    outcomes: Vec<Option<Outcome>>,
    /// Before the first `cell` event: whether a line besides the `lesson` event was seen.
    first_stretch_counts: bool,
    any_line: bool,
    in_first_stretch: bool,
}

impl<'p> Checker<'p> {
    /// A checker of `properties`, before the trace's first line.
    pub fn new(properties: &'p [Property]) -> Self {
        let whole = Stretch::start(properties, |p| p.cell.is_none());
        let mut checker = Checker {
            properties,
            every: None,
            whole,
            in_cell: Stretch::default(),
            outcomes: vec![None; properties.len()],
            first_stretch_counts: false,
            any_line: false,
            in_first_stretch: true,
        };
        checker.open_cell("");
        checker
    }

    /// A checker of a lesson's trace: the rules every trace gets, then `properties`.
    pub fn for_lesson(spec: &LessonSpec, properties: &'p [Property]) -> Self {
        let mut checker = Checker::new(properties);
        checker.every = Some(EveryTrace::new(spec));
        checker
    }

    /// Reads the trace's next line.
    pub fn line(&mut self, l: &Line) {
        self.any_line = true;
        if let Some(every) = &mut self.every {
            every.line(l);
        }
        self.whole.line(l);
        if l.event.kind == kinds::CELL {
            // The stretch before the first cell is a run of a cell only if it holds more
            // than the `lesson` event.
            let ran = !self.in_first_stretch || self.first_stretch_counts;
            self.close_cell(ran);
            self.in_first_stretch = false;
            self.open_cell(&l.event.value);
            return;
        }
        if l.event.kind != kinds::LESSON {
            self.first_stretch_counts = true;
        }
        self.in_cell.line(l);
    }

    /// Every verdict, once the last line was read.
    pub fn finish(mut self) -> Report {
        // The last stretch counts if it is a cell's, or if the trace has no cell but lines.
        let ran = !self.in_first_stretch || self.any_line;
        self.close_cell(ran);
        for (i, outcome) in std::mem::take(&mut self.whole).finish() {
            self.outcomes[i] = Some(outcome);
        }
        let mut verdicts = self
            .every
            .take()
            .map(EveryTrace::finish)
            .unwrap_or_default();
        verdicts.extend(
            self.properties
                .iter()
                .zip(self.outcomes)
                .map(|(p, o)| Verdict {
                    property: p.name.clone(),
                    cell: p.cell.clone(),
                    outcome: o.unwrap_or(Outcome::NotRun),
                }),
        );
        Report { verdicts }
    }

    fn open_cell(&mut self, name: &str) {
        self.in_cell = Stretch::start(self.properties, |p| p.cell.as_deref() == Some(name));
    }

    /// The current stretch ended; `ran`: it was a run of its cell (else its folds are dropped).
    fn close_cell(&mut self, ran: bool) {
        let stretch = std::mem::take(&mut self.in_cell);
        if !ran {
            return;
        }
        for (i, outcome) in stretch.finish() {
            let slot = &mut self.outcomes[i];
            if !matches!(slot, Some(Outcome::Violated(_))) {
                *slot = Some(outcome);
            }
        }
    }
}

/// The properties running over one stretch of trace (the whole of it, or one run of a cell):
/// each a fold, but the rules given as a function of their lines ([`Rule::Custom`]), which
/// share one copy of the stretch's lines instead of one copy each.
#[derive(Default)]
struct Stretch {
    folds: Vec<(usize, Box<dyn Fold>)>,
    customs: Vec<(usize, CustomFn)>,
    lines: Vec<Line>,
}

impl Stretch {
    fn start(properties: &[Property], about: impl Fn(&Property) -> bool) -> Stretch {
        let mut s = Stretch::default();
        for (i, p) in properties.iter().enumerate().filter(|(_, p)| about(p)) {
            match &p.rule {
                Rule::Custom(f) => s.customs.push((i, f.clone())),
                rule => s.folds.push((i, rule.start())),
            }
        }
        s
    }

    fn line(&mut self, l: &Line) {
        for (_, fold) in &mut self.folds {
            fold.line(l);
        }
        if !self.customs.is_empty() {
            self.lines.push(l.clone());
        }
    }

    /// Each property's outcome on the stretch, by index.
    fn finish(self) -> Vec<(usize, Outcome)> {
        let lines = self.lines;
        let mut out: Vec<(usize, Outcome)> = self
            .folds
            .into_iter()
            .map(|(i, fold)| (i, fold.finish()))
            .collect();
        out.extend(self.customs.into_iter().map(|(i, f)| (i, f(&lines))));
        out
    }
}
