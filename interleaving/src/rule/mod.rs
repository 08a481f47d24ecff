//! The rules a property can state (SPEC section 4), each a predicate over trace lines that
//! says, when it fails, what was expected, what was got, and on which lines.
//!
//! [`Rule`] is the list; each rule's predicate is its own small file in `rule/`, beside its
//! tests, in the order of the enum: `multiset.rs` (with the multiset difference that
//! `no_loss_no_dup.rs` shares), `sequence.rs`, `count.rs`, `happens_before.rs`,
//! `per_actor_order.rs`, `fifo.rs`, `no_loss_no_dup.rs`, `bounded.rs`, `distinct_pids.rs`,
//! and the two observations, `position.rs` and `torn_lines.rs`. [`Rule::eval`] only
//! dispatches, and adds the rule's statement to what broke it.

mod bounded;
mod count;
mod distinct_pids;
mod fifo;
mod happens_before;
mod multiset;
mod no_loss_no_dup;
mod per_actor_order;
mod position;
mod sequence;
mod torn_lines;

use std::fmt;
use std::sync::Arc;

use crate::knob::Knobs;
use crate::read::Line;
use crate::select::{Picked, Select};

pub use torn_lines::torn_lines;

/// What one rule concluded about one stretch of trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The rule held.
    Held,
    /// The rule was broken; the violation says how and where.
    Violated(Violation),
    /// A "may vary" observation: recorded, never asserted (where "Hello" fell, lines torn).
    Observed(String),
    /// The cell this property is about is not in the trace.
    NotRun,
}

/// How a rule was broken: the rule's name and statement, expected vs got, and trace lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule broken, e.g. `happens-before`.
    pub rule: String,
    /// The rule stated for these selections.
    pub statement: String,
    /// What should have been seen.
    pub expected: String,
    /// What was seen instead.
    pub got: String,
    /// Trace lines (1-based) that show the violation.
    pub lines: Vec<usize>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} violated: {}", self.rule, self.statement)?;
        writeln!(f, "  expected: {}", self.expected)?;
        writeln!(f, "  got:      {}", self.got)?;
        let lines: Vec<String> = self.lines.iter().map(|n| n.to_string()).collect();
        write!(f, "  at lines: {}", lines.join(", "))
    }
}

/// A violation, as the outcome of a custom rule (see [`Rule::custom`]).
///
/// ```
/// use interleaving::rule::{violated, Outcome};
/// let o = violated("fifo", "items come out in order", "0, 1".into(), "1, 0".into(), vec![3, 4]);
/// assert!(matches!(o, Outcome::Violated(v) if v.lines == vec![3, 4]));
/// ```
pub fn violated(
    rule: &str,
    statement: &str,
    expected: String,
    got: String,
    lines: Vec<usize>,
) -> Outcome {
    Outcome::Violated(Violation {
        rule: rule.into(),
        statement: statement.into(),
        expected,
        got,
        lines,
    })
}

/// A custom check: takes the lines of its cell (or of the whole trace), returns an outcome.
pub type CustomFn = Arc<dyn Fn(&[Line]) -> Outcome + Send + Sync>;

/// What a property states.
#[derive(Clone)]
pub enum Rule {
    /// The values selected, as a multiset, equal `expected` (exactly-once when each value
    /// appears once in `expected`).
    Multiset {
        /// What to count.
        select: Select,
        /// The values that must be seen, each as many times as listed.
        expected: Vec<String>,
    },
    /// The values selected, in trace order, are exactly `expected`: an exact sequence.
    Sequence {
        /// What to read.
        select: Select,
        /// The values, in order.
        expected: Vec<String>,
    },
    /// Exactly `n` items are selected.
    Count {
        /// What to count.
        select: Select,
        /// How many there must be.
        n: usize,
    },
    /// Every `before` item comes before every `after` item; both must be seen at least once.
    HappensBefore {
        /// What must come first.
        before: Select,
        /// What must come after.
        after: Select,
    },
    /// Each actor's `seq` goes 0, 1, 2... in trace order: per-actor program order kept, no
    /// line of an actor lost, duplicated or reordered. A cell may make its actors afresh, so an
    /// actor's first event in a cell may also start again at 0 (`cell` events are not counted).
    PerActorOrder,
    /// The sequence of values consumed equals the sequence produced.
    Fifo {
        /// The producing events, in order.
        produced: Select,
        /// The consuming events, in order.
        consumed: Select,
    },
    /// The values consumed equal the values produced as multisets: nothing lost, nothing
    /// duplicated, whatever the order.
    NoLossNoDup {
        /// The producing events.
        produced: Select,
        /// The consuming events.
        consumed: Select,
    },
    /// Never more than `max` actors between an `enter` and their `leave`.
    Bounded {
        /// Entering the region.
        enter: Select,
        /// Leaving it (by the same actor).
        leave: Select,
        /// The most allowed inside at once.
        max: usize,
    },
    /// Every selected item comes from a different process, and there is at least one.
    DistinctPids {
        /// Whose pids to compare.
        select: Select,
    },
    /// Observation: how many `among` items came before the first `of` item ("after 2 of 5").
    Position {
        /// The item whose position is recorded.
        of: Select,
        /// What it is placed among.
        among: Select,
    },
    /// Observation: how many rebuilt lines were torn by another actor's output.
    TornLines,
    /// Anything else, as a function of the lines.
    Custom(CustomFn),
    /// A rule made from the cell's knobs (its `knob` event), so that its bounds are the run's
    /// own: "`children` squares", not "5 squares". See [`Rule::with_knobs`].
    WithKnobs(KnobFn),
}

/// Makes a rule from a cell's knobs, or says which knob is missing.
pub type KnobFn = Arc<dyn Fn(&Knobs) -> Result<Rule, String> + Send + Sync>;

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.statement())
    }
}

impl Rule {
    /// A custom rule from a closure.
    pub fn custom(f: impl Fn(&[Line]) -> Outcome + Send + Sync + 'static) -> Rule {
        Rule::Custom(Arc::new(f))
    }

    /// A rule whose bounds come from the cell's `knob` event.
    ///
    /// ```
    /// use interleaving::{Outcome, Rule, Select, Trace};
    /// let squares = Rule::with_knobs(|k| {
    ///     let n = k.u64("children")?;
    ///     Ok(Rule::Count { select: Select::lines().by("child-*"), n: n as usize })
    /// });
    /// let t = Trace::from_steps([
    ///     ("lesson", "knob", "children=2"),
    ///     ("child-1", "print", "1"),
    ///     ("child-2", "print", "4"),
    /// ]);
    /// assert_eq!(squares.eval(&t.lines), Outcome::Held);
    /// assert!(matches!(squares.eval(&t.lines[1..]), Outcome::Violated(_)));
    /// ```
    pub fn with_knobs(f: impl Fn(&Knobs) -> Result<Rule, String> + Send + Sync + 'static) -> Rule {
        Rule::WithKnobs(Arc::new(f))
    }

    /// The rule in words, for reports.
    pub fn statement(&self) -> String {
        match self {
            Rule::Multiset { select, expected } => {
                format!("the values of `{select}` are exactly {expected:?} (in any order)")
            }
            Rule::Count { select, n } => format!("`{select}` happens exactly {n} time(s)"),
            Rule::Sequence { select, expected } => {
                format!("the values of `{select}` are exactly {expected:?}, in this order")
            }
            Rule::HappensBefore { before, after } => {
                format!("every `{before}` comes before every `{after}`")
            }
            Rule::PerActorOrder => {
                "each actor's seq goes 0, 1, 2... in trace order (or from 0 again in a new cell)"
                    .into()
            }
            Rule::Fifo { produced, consumed } => {
                format!("the sequence of `{consumed}` equals the sequence of `{produced}`")
            }
            Rule::NoLossNoDup { produced, consumed } => format!(
                "every `{produced}` value is `{consumed}` exactly once: none lost, none duplicated"
            ),
            Rule::Bounded { enter, leave, max } => {
                format!("never more than {max} actor(s) between `{enter}` and `{leave}`")
            }
            Rule::DistinctPids { select } => format!("every `{select}` comes from its own process"),
            Rule::Position { of, among } => format!("where `{of}` falls among `{among}`"),
            Rule::TornLines => "how many lines were torn by other actors' output".into(),
            Rule::Custom(_) => "custom rule".into(),
            Rule::WithKnobs(_) => "a rule whose bounds come from the cell's knobs".into(),
        }
    }

    /// Whether this rule only records (never fails).
    pub fn is_observation(&self) -> bool {
        matches!(self, Rule::Position { .. } | Rule::TornLines)
    }

    /// Evaluates the rule on `lines`.
    pub fn eval(&self, lines: &[Line]) -> Outcome {
        let checked = match self {
            Rule::Multiset { select, expected } => multiset::check(select, expected, lines),
            Rule::Sequence { select, expected } => sequence::check(select, expected, lines),
            Rule::Count { select, n } => count::check(select, *n, lines),
            Rule::HappensBefore { before, after } => happens_before::check(before, after, lines),
            Rule::PerActorOrder => per_actor_order::check(lines),
            Rule::Fifo { produced, consumed } => fifo::check(produced, consumed, lines),
            Rule::NoLossNoDup { produced, consumed } => {
                no_loss_no_dup::check(produced, consumed, lines)
            }
            Rule::Bounded { enter, leave, max } => bounded::check(enter, leave, *max, lines),
            Rule::DistinctPids { select } => distinct_pids::check(select, lines),
            Rule::Position { of, among } => return position::observe(of, among, lines),
            Rule::TornLines => return Outcome::Observed(format!("{} torn", torn_lines(lines))),
            Rule::Custom(f) => return f(lines),
            Rule::WithKnobs(f) => match f(&Knobs::of(lines)) {
                Ok(rule) => return rule.eval(lines),
                Err(want) => Err(Broken::new(
                    "knobs",
                    want,
                    "no such knob in the cell".into(),
                    vec![],
                )),
            },
        };
        match checked {
            Ok(()) => Outcome::Held,
            Err(b) => Outcome::Violated(Violation {
                rule: b.rule.into(),
                statement: self.statement(),
                expected: b.expected,
                got: b.got,
                lines: b.lines,
            }),
        }
    }
}

/// How a rule was broken, before [`Rule::eval`] adds the rule's statement: the name of the
/// rule, expected vs got, and the lines that show it.
struct Broken {
    rule: &'static str,
    expected: String,
    got: String,
    lines: Vec<usize>,
}

impl Broken {
    fn new(rule: &'static str, expected: String, got: String, lines: Vec<usize>) -> Self {
        Broken {
            rule,
            expected,
            got,
            lines,
        }
    }
}

/// Each item's quote, `[a; b]`, for messages.
fn quotes(items: &[Picked]) -> String {
    let q: Vec<String> = items.iter().map(Picked::quote).collect();
    format!("[{}]", q.join("; "))
}

/// The actor that writes the `lesson`, `cell`, `knob` and `end` events.
pub const LESSON_ACTOR: &str = "lesson";

/// What the tests beside each rule share: a trace from triples, a rule's violation.
#[cfg(test)]
mod testing {
    use super::{Outcome, Rule, Violation};
    use crate::{Event, Trace};

    /// A trace from `(actor, kind, value)` triples, with per-actor seq numbered in order and
    /// a pid made from the actor's name (so that two actors are two processes).
    pub fn trace(events: &[(&str, &str, &str)]) -> Trace {
        let mut seqs = std::collections::HashMap::new();
        Trace::from_events(events.iter().enumerate().map(|(i, (a, k, v))| {
            let seq = seqs.entry(*a).or_insert(0u64);
            let e = Event::new(*seq, i as u64, pid_of(a), *a, *k, *v);
            *seq += 1;
            e
        }))
    }

    /// The pid the actor's events get in [`trace`].
    pub fn pid_of(actor: &str) -> u32 {
        100 + actor.bytes().map(u32::from).sum::<u32>()
    }

    /// The violation `rule` must find in `t`.
    pub fn violation(rule: &Rule, t: &Trace) -> Violation {
        match rule.eval(&t.lines) {
            Outcome::Violated(v) => v,
            other => panic!("expected a violation of {rule:?}, got {other:?}"),
        }
    }

    /// `rule` holds on `t`.
    pub fn holds(rule: &Rule, t: &Trace) {
        assert_eq!(rule.eval(&t.lines), Outcome::Held, "{rule:?}");
    }
}
