//! Properties and the checker: named rules, scoped to a cell or to the whole trace, run over a
//! trace to give one verdict each.

use std::fmt;

use crate::read::Trace;
use crate::rule::{Outcome, Rule};
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
    let mut verdicts = crate::every_trace::verdicts(trace, spec);
    verdicts.extend(check(trace, properties).verdicts);
    Report { verdicts }
}

/// Checks every property against the trace. A cell-scoped property is checked against each
/// run of its cell; if the cell never ran, its verdict is [`Outcome::NotRun`].
pub fn check(trace: &Trace, properties: &[Property]) -> Report {
    let cells = trace.cells();
    let mut verdicts = Vec::new();
    for p in properties {
        let outcome = match &p.cell {
            None => p.rule.eval(&trace.lines),
            Some(cell) => {
                let runs: Vec<_> = cells.iter().filter(|(name, _)| name == cell).collect();
                if runs.is_empty() {
                    Outcome::NotRun
                } else {
                    // The first violation wins; otherwise the last outcome (an observation).
                    let outcomes: Vec<Outcome> = runs.iter().map(|(_, l)| p.rule.eval(l)).collect();
                    outcomes
                        .iter()
                        .find(|o| matches!(o, Outcome::Violated(_)))
                        .or(outcomes.last())
                        .cloned()
                        .unwrap_or(Outcome::NotRun)
                }
            }
        };
        verdicts.push(Verdict {
            property: p.name.clone(),
            cell: p.cell.clone(),
            outcome,
        });
    }
    Report { verdicts }
}
