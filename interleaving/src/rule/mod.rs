//! The rules a property can state (SPEC section 4), each a predicate over trace lines that
//! says, when it fails, what was expected, what was got, and on which lines.
//!
//! Each rule reads its lines one at a time, as a [`Fold`]: the checker streams a trace and
//! never keeps it, and a rule keeps only what is in flight (see [`crate::fold`]).
//! [`Rule`] is the list; each rule's fold is its own small file in `rule/`, beside its
//! tests, in the order of the enum: `multiset.rs` (with the multiset difference that
//! `no_loss_no_dup.rs` shares), `sequence.rs`, `count.rs`, `happens_before.rs`,
//! `per_actor_order.rs`, `fifo.rs`, `no_loss_no_dup.rs`, `bounded.rs`, `distinct_pids.rs`,
//! and the two observations, `position.rs` and `torn_lines.rs`. [`Rule::start`] only
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

use crate::fold::{Buffered, Fold, FoldFn};
use crate::knob::Knobs;
use crate::read::Line;
use crate::select::{Picked, Picker, Select};
pub(crate) use crate::shown::Shown;

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
/// Its fold keeps a copy of those lines; a rule that must stay flat is a [`Rule::fold`].
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
    /// Anything else, as a function of the lines (kept whole for it: see [`CustomFn`]).
    Custom(CustomFn),
    /// Anything else, as a fold over the lines (see [`crate::fold`]).
    Fold(FoldFn),
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

    /// A custom rule read as a fold: `make` gives a fresh one for each stretch of trace.
    pub fn fold<F: Fold + 'static>(make: impl Fn() -> F + Send + Sync + 'static) -> Rule {
        Rule::Fold(Arc::new(move || Box::new(make()) as Box<dyn Fold>))
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
            Rule::Custom(_) | Rule::Fold(_) => "custom rule".into(),
            Rule::WithKnobs(_) => "a rule whose bounds come from the cell's knobs".into(),
        }
    }

    /// Whether this rule only records (never fails).
    pub fn is_observation(&self) -> bool {
        matches!(self, Rule::Position { .. } | Rule::TornLines)
    }

    /// Whether checking this rule keeps the lines it reads ([`Rule::Custom`], directly or
    /// as a knobs' rule may make it; such a rule's memory is its cell's, not flat).
    pub fn keeps_its_lines(&self) -> bool {
        matches!(self, Rule::Custom(_))
    }

    /// Evaluates the rule on `lines`: its fold, given them one by one.
    pub fn eval(&self, lines: &[Line]) -> Outcome {
        if let Rule::Custom(f) = self {
            // The lines are at hand: no copy for the fold to keep.
            return f(lines);
        }
        crate::fold::run(self.start(), lines)
    }

    /// A fresh fold of this rule, to be given a stretch of trace line by line.
    pub fn start(&self) -> Box<dyn Fold> {
        let check: Box<dyn Check> = match self {
            Rule::Multiset { select, expected } => {
                Box::new(multiset::Multiset::new(select, expected))
            }
            Rule::Sequence { select, expected } => {
                Box::new(sequence::Sequence::new(select, expected))
            }
            Rule::Count { select, n } => Box::new(count::Count::new(select, *n)),
            Rule::HappensBefore { before, after } => {
                Box::new(happens_before::HappensBefore::new(before, after))
            }
            Rule::PerActorOrder => Box::<per_actor_order::PerActorOrder>::default(),
            Rule::Fifo { produced, consumed } => Box::new(fifo::Fifo::new(produced, consumed)),
            Rule::NoLossNoDup { produced, consumed } => {
                Box::new(no_loss_no_dup::NoLossNoDup::new(produced, consumed))
            }
            Rule::Bounded { enter, leave, max } => {
                Box::new(bounded::Bounded::new(enter, leave, *max))
            }
            Rule::DistinctPids { select } => Box::new(distinct_pids::DistinctPids::new(select)),
            Rule::Position { of, among } => {
                return Box::new(Observe::Position(position::Position::new(of, among)));
            }
            Rule::TornLines => return Box::new(Observe::Torn(torn_lines::Torn::default())),
            Rule::Custom(f) => return Box::new(Buffered::new(f.clone())),
            Rule::Fold(make) => return make(),
            Rule::WithKnobs(f) => {
                return Box::new(Knobbed::Waiting {
                    make: f.clone(),
                    statement: self.statement(),
                    lines: Vec::new(),
                });
            }
        };
        Box::new(Judged {
            check,
            statement: self.statement(),
        })
    }
}

/// A built-in rule's fold, before [`Judged`] adds the rule's statement to what broke it.
trait Check: Send {
    fn line(&mut self, line: &Line);
    fn finish(self: Box<Self>) -> Result<(), Broken>;
}

/// A built-in rule's fold with its statement: held, or violated with the statement.
struct Judged {
    check: Box<dyn Check>,
    statement: String,
}

impl Fold for Judged {
    fn line(&mut self, line: &Line) {
        self.check.line(line);
    }

    fn finish(self: Box<Self>) -> Outcome {
        match self.check.finish() {
            Ok(()) => Outcome::Held,
            Err(b) => Outcome::Violated(Violation {
                rule: b.rule.into(),
                statement: self.statement,
                expected: b.expected,
                got: b.got,
                lines: b.lines,
            }),
        }
    }
}

/// The two observations' folds.
enum Observe {
    Position(position::Position),
    Torn(torn_lines::Torn),
}

impl Fold for Observe {
    fn line(&mut self, line: &Line) {
        match self {
            Observe::Position(p) => p.line(line),
            Observe::Torn(t) => t.line(line),
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        match *self {
            Observe::Position(p) => p.finish(),
            Observe::Torn(t) => Outcome::Observed(format!("{} torn", t.finish())),
        }
    }
}

/// A rule made from its cell's knobs: the lines before the `knob` event are kept until it
/// comes (none, in a trace that keeps the every-trace rules: the knobs are a cell's first
/// event), then the rule it makes reads them and every line after.
enum Knobbed {
    Waiting {
        make: KnobFn,
        statement: String,
        lines: Vec<Line>,
    },
    Running(Box<dyn Fold>),
    NoKnob(Violation),
}

impl Knobbed {
    fn made(make: &KnobFn, statement: String, knobs: &Knobs, lines: &[Line]) -> Knobbed {
        match make(knobs) {
            Ok(rule) => {
                let mut fold = rule.start();
                for l in lines {
                    fold.line(l);
                }
                Knobbed::Running(fold)
            }
            Err(want) => Knobbed::NoKnob(Violation {
                rule: "knobs".into(),
                statement,
                expected: want,
                got: "no such knob in the cell".into(),
                lines: vec![],
            }),
        }
    }
}

impl Fold for Knobbed {
    fn line(&mut self, line: &Line) {
        match self {
            Knobbed::Running(fold) => fold.line(line),
            Knobbed::NoKnob(_) => {}
            Knobbed::Waiting {
                make,
                statement,
                lines,
            } => {
                lines.push(line.clone());
                if line.event.kind == crate::event::kinds::KNOB {
                    let knobs = Knobs::of(std::slice::from_ref(line));
                    *self = Knobbed::made(make, std::mem::take(statement), &knobs, lines);
                }
            }
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        match *self {
            Knobbed::Running(fold) => fold.finish(),
            Knobbed::NoKnob(v) => Outcome::Violated(v),
            Knobbed::Waiting {
                make,
                statement,
                lines,
            } => match Knobbed::made(&make, statement, &Knobs::default(), &lines) {
                Knobbed::Running(fold) => fold.finish(),
                Knobbed::NoKnob(v) => Outcome::Violated(v),
                Knobbed::Waiting { .. } => unreachable!("made never waits"),
            },
        }
    }
}

/// Which of a two-selection rule's selections an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The first selection.
    A,
    /// The second.
    B,
}

/// A rule over two selections that takes their items one at a time, in trace order.
pub(crate) trait TakesTwo {
    /// Its pickers.
    fn two(&mut self) -> &mut Two;

    /// Takes one item of one selection.
    fn take(&mut self, side: Side, item: Picked<'_>);

    /// Reads a line: takes the items it completes.
    fn feed(&mut self, l: &Line) {
        let mut two = std::mem::take(self.two());
        two.line(l, &mut |side, i| self.take(side, i));
        *self.two() = two;
    }

    /// The end of the lines: takes the items left (a line without its newline, a `last()`).
    fn drain(&mut self) {
        let mut two = std::mem::take(self.two());
        two.finish(&mut |side, i| self.take(side, i));
        *self.two() = two;
    }
}

/// The pickers of a rule over two selections: at each line, the first's items, then the
/// second's.
pub(crate) struct Two {
    a: Picker,
    b: Picker,
}

impl Default for Two {
    fn default() -> Self {
        Two::new(&Select::any(), &Select::any())
    }
}

impl Two {
    pub(crate) fn new(a: &Select, b: &Select) -> Self {
        Two {
            a: Picker::new(a),
            b: Picker::new(b),
        }
    }

    pub(crate) fn line(&mut self, l: &Line, out: &mut dyn FnMut(Side, Picked<'_>)) {
        self.a.line(l, &mut |i| out(Side::A, i));
        self.b.line(l, &mut |i| out(Side::B, i));
    }

    pub(crate) fn finish(&mut self, out: &mut dyn FnMut(Side, Picked<'_>)) {
        self.a.finish(&mut |i| out(Side::A, i));
        self.b.finish(&mut |i| out(Side::B, i));
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
