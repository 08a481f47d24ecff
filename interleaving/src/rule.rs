//! The rules a property can state (SPEC section 4), each a predicate over trace lines that
//! says, when it fails, what was expected, what was got, and on which lines.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use crate::event::kinds;
use crate::knob::Knobs;
use crate::read::Line;
use crate::select::{Picked, Select, rebuilt};

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
        let v = |rule: &str, expected: String, got: String, lines: Vec<usize>| {
            Outcome::Violated(Violation {
                rule: rule.into(),
                statement: self.statement(),
                expected,
                got,
                lines,
            })
        };
        match self {
            Rule::Multiset { select, expected } => {
                let items = select.picked(lines);
                let (missing, extra) = diff(expected.iter().map(String::as_str), &items);
                if missing.is_empty() && extra.is_empty() {
                    return Outcome::Held;
                }
                let got: Vec<&str> = items.iter().map(|i| i.value.as_ref()).collect();
                let mut what = Vec::new();
                if !missing.is_empty() {
                    what.push(format!("missing {missing:?}"));
                }
                if !extra.is_empty() {
                    let q: Vec<String> = extra.iter().map(|i| i.quote()).collect();
                    what.push(format!("extra [{}]", q.join("; ")));
                }
                v(
                    "exactly-once",
                    format!("{expected:?}"),
                    format!("{got:?}: {}", what.join(", ")),
                    extra.iter().map(|i| i.line).collect(),
                )
            }
            Rule::Sequence { select, expected } => {
                let items = select.picked(lines);
                let got: Vec<&str> = items.iter().map(|i| i.value.as_ref()).collect();
                if got == *expected {
                    return Outcome::Held;
                }
                let k = got
                    .iter()
                    .zip(expected)
                    .take_while(|(g, e)| *g == e)
                    .count();
                v(
                    "sequence",
                    format!("{} value(s); #{k} = {:?}", expected.len(), expected.get(k)),
                    format!(
                        "{} value(s); #{k} = {}",
                        got.len(),
                        items.get(k).map_or("nothing".into(), Picked::quote)
                    ),
                    items.get(k).map(|i| vec![i.line]).unwrap_or_default(),
                )
            }
            Rule::Count { select, n } => {
                let items = select.picked(lines);
                if items.len() == *n {
                    return Outcome::Held;
                }
                v(
                    "count",
                    format!("{n} × `{select}`"),
                    format!("{}: {}", items.len(), quotes(&items)),
                    items.iter().map(|i| i.line).collect(),
                )
            }
            Rule::HappensBefore { before, after } => {
                let b = before.picked(lines);
                let a = after.picked(lines);
                if b.is_empty() || a.is_empty() {
                    let none = if b.is_empty() { before } else { after };
                    return v(
                        "happens-before",
                        format!("at least one `{none}`"),
                        "none in the trace".into(),
                        vec![],
                    );
                }
                let last_b = b.iter().max_by_key(|i| i.line).expect("non-empty");
                let first_a = a.iter().min_by_key(|i| i.first_line).expect("non-empty");
                if last_b.line < first_a.first_line {
                    return Outcome::Held;
                }
                v(
                    "happens-before",
                    format!("the last `{before}` before the first `{after}`"),
                    format!("{} comes after {}", last_b.quote(), first_a.quote()),
                    vec![first_a.first_line, last_b.line],
                )
            }
            Rule::PerActorOrder => per_actor_order(lines)
                .map_or(Outcome::Held, |(e, g, l)| v("per-actor-order", e, g, l)),
            Rule::Fifo { produced, consumed } => {
                let p = produced.picked(lines);
                let c = consumed.picked(lines);
                let pv: Vec<&str> = p.iter().map(|i| i.value.as_ref()).collect();
                let cv: Vec<&str> = c.iter().map(|i| i.value.as_ref()).collect();
                if pv == cv {
                    return Outcome::Held;
                }
                let k = pv.iter().zip(&cv).take_while(|(x, y)| x == y).count();
                let at: Vec<usize> = p
                    .get(k)
                    .iter()
                    .chain(c.get(k).iter())
                    .map(|i| i.line)
                    .collect();
                v(
                    "fifo",
                    format!("{pv:?}"),
                    format!(
                        "{cv:?}: first difference at position {k} ({} vs {})",
                        p.get(k).map_or("nothing produced".into(), Picked::quote),
                        c.get(k).map_or("nothing consumed".into(), Picked::quote)
                    ),
                    at,
                )
            }
            Rule::NoLossNoDup { produced, consumed } => {
                let p = produced.picked(lines);
                let c = consumed.picked(lines);
                let (lost, dup) = diff(p.iter().map(|i| i.value.as_ref()), &c);
                if lost.is_empty() && dup.is_empty() && !p.is_empty() {
                    return Outcome::Held;
                }
                if p.is_empty() {
                    return v(
                        "no-loss-no-dup",
                        format!("at least one `{produced}`"),
                        "none in the trace".into(),
                        vec![],
                    );
                }
                let lost_set: BTreeSet<&str> = lost.iter().copied().collect();
                let lost_items: Vec<&Picked> = p
                    .iter()
                    .filter(|i| lost_set.contains(i.value.as_ref()))
                    .collect();
                let mut at: Vec<usize> = lost_items.iter().map(|i| i.line).collect();
                at.extend(dup.iter().map(|i| i.line));
                v(
                    "no-loss-no-dup",
                    format!("{} value(s), each consumed once", p.len()),
                    format!(
                        "lost {lost:?}, duplicated or unexpected [{}]",
                        dup.iter().map(|i| i.quote()).collect::<Vec<_>>().join("; ")
                    ),
                    at,
                )
            }
            Rule::Bounded { enter, leave, max } => bounded(lines, enter, leave, *max)
                .map_or(Outcome::Held, |(e, g, l)| v("bounded-concurrency", e, g, l)),
            Rule::DistinctPids { select } => {
                let items = select.picked(lines);
                if items.is_empty() {
                    return v(
                        "distinct-pids",
                        format!("at least one `{select}`"),
                        "none in the trace".into(),
                        vec![],
                    );
                }
                let mut seen: BTreeMap<u32, &Picked> = BTreeMap::new();
                for i in &items {
                    if let Some(prev) = seen.insert(i.pid, i) {
                        return v(
                            "distinct-pids",
                            "a different pid for each".into(),
                            format!("pid {} twice: {} and {}", i.pid, prev.quote(), i.quote()),
                            vec![prev.line, i.line],
                        );
                    }
                }
                Outcome::Held
            }
            Rule::Position { of, among } => {
                let among = among.picked(lines);
                match of.picked(lines).first() {
                    None => Outcome::Observed("absent".into()),
                    Some(o) => {
                        let k = among.iter().filter(|i| i.line < o.first_line).count();
                        Outcome::Observed(format!("after {k} of {}", among.len()))
                    }
                }
            }
            Rule::TornLines => Outcome::Observed(format!("{} torn", torn_lines(lines))),
            Rule::Custom(f) => f(lines),
            Rule::WithKnobs(f) => match f(&Knobs::of(lines)) {
                Ok(rule) => rule.eval(lines),
                Err(want) => v("knobs", want, "no such knob in the cell".into(), vec![]),
            },
        }
    }
}

fn quotes(items: &[Picked]) -> String {
    let q: Vec<String> = items.iter().map(Picked::quote).collect();
    format!("[{}]", q.join("; "))
}

/// Multiset difference: (expected values not seen, seen items not expected). Borrowed: it
/// copies no value, whatever the size of the trace.
fn diff<'e, 'g, 'a>(
    expected: impl Iterator<Item = &'e str>,
    got: &'g [Picked<'a>],
) -> (Vec<&'e str>, Vec<&'g Picked<'a>>) {
    let mut want: BTreeMap<&str, usize> = BTreeMap::new();
    for e in expected {
        *want.entry(e).or_default() += 1;
    }
    let mut extra = Vec::new();
    for item in got {
        match want.get_mut(item.value.as_ref()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => extra.push(item),
        }
    }
    let missing = want
        .into_iter()
        .flat_map(|(v, n)| std::iter::repeat_n(v, n))
        .collect();
    (missing, extra)
}

type Broken = (String, String, Vec<usize>);

/// The actor that writes the `lesson`, `cell`, `knob` and `end` events.
pub const LESSON_ACTOR: &str = "lesson";

fn per_actor_order(lines: &[Line]) -> Option<Broken> {
    // Per (actor, pid): the next seq expected, and the line of its last event.
    let mut next: BTreeMap<(&str, u32), (u64, usize)> = BTreeMap::new();
    // Actors already seen in the current cell: the first event of an actor in a cell may also
    // start again at 0, as cells may make their actors afresh.
    let mut in_cell: BTreeMap<(&str, u32), ()> = BTreeMap::new();
    for l in lines {
        let e = &l.event;
        if e.kind == kinds::CELL {
            // A new cell: its actors may start afresh. The `cell` event itself is the
            // lesson actor's, and counts like any other of its events.
            in_cell.clear();
        }
        let key = (e.actor.as_str(), e.pid);
        let fresh = in_cell.insert(key, ()).is_none();
        // The lesson actor lives through the whole run: in a slice of the trace (one cell) its
        // count goes on from wherever it was. Its first event, seq 0, is checked by
        // `every_trace` on whole traces.
        let start = if e.actor == LESSON_ACTOR { e.seq } else { 0 };
        let slot = next.entry(key).or_insert((start, 0));
        let ok = e.seq == slot.0 || (fresh && e.seq == 0);
        if !ok {
            let (expected, prev) = if slot.1 == 0 {
                ("seq 0".to_owned(), "its first line".to_owned())
            } else if fresh {
                (
                    format!("seq 0 or {}", slot.0),
                    format!(
                        "its first line in this cell; line {} had seq {}",
                        slot.1,
                        slot.0 - 1
                    ),
                )
            } else {
                (
                    format!("seq {}", slot.0),
                    format!("line {} had seq {}", slot.1, slot.0 - 1),
                )
            };
            return Some((
                format!("{} (pid {}) {expected} at line {}", e.actor, e.pid, l.no),
                format!(
                    "seq {} ({prev}): a line of {} was lost, duplicated or reordered",
                    e.seq, e.actor
                ),
                if slot.1 == 0 {
                    vec![l.no]
                } else {
                    vec![slot.1, l.no]
                },
            ));
        }
        *slot = (e.seq + 1, l.no);
    }
    None
}

fn bounded(lines: &[Line], enter: &Select, leave: &Select, max: usize) -> Option<Broken> {
    let mut events: Vec<(Picked, bool)> =
        enter.picked(lines).into_iter().map(|i| (i, true)).collect();
    if events.is_empty() {
        return Some((
            format!("at least one `{enter}`"),
            "none in the trace".into(),
            vec![],
        ));
    }
    events.extend(leave.picked(lines).into_iter().map(|i| (i, false)));
    events.sort_by_key(|(i, _)| i.line);
    let mut inside: Vec<Picked> = Vec::new();
    for (item, is_enter) in events {
        if is_enter {
            inside.push(item);
            if inside.len() > max {
                return Some((
                    format!("at most {max} inside at once"),
                    format!(
                        "{} inside after {}",
                        inside.len(),
                        inside.last().map(Picked::quote).unwrap_or_default()
                    ),
                    inside.iter().map(|i| i.line).collect(),
                ));
            }
        } else {
            match inside
                .iter()
                .position(|i| i.actor == item.actor && i.pid == item.pid)
            {
                Some(k) => {
                    inside.remove(k);
                }
                None => {
                    return Some((
                        format!("{} enters before it leaves", item.actor),
                        format!("{} without an enter", item.quote()),
                        vec![item.line],
                    ));
                }
            }
        }
    }
    None
}

/// Counts rebuilt lines torn by another actor's output between their first and last piece.
pub fn torn_lines(lines: &[Line]) -> usize {
    // Output line numbers, all and per actor, each sorted: a line is torn when its span holds
    // more outputs than its own actor's. Two binary searches per line: n log n, not n².
    let mut all: Vec<usize> = Vec::new();
    let mut mine: HashMap<(&str, u32), Vec<usize>> = HashMap::new();
    for l in lines {
        if l.event.kind == kinds::PRINT || l.event.kind == kinds::WRITE {
            all.push(l.no);
            mine.entry((l.event.actor.as_str(), l.event.pid))
                .or_default()
                .push(l.no);
        }
    }
    let inside = |v: &[usize], from: usize, to: usize| {
        v.partition_point(|&n| n < to)
            .saturating_sub(v.partition_point(|&n| n <= from))
    };
    rebuilt(lines)
        .iter()
        .filter(|item| {
            let own = mine
                .get(&(item.actor, item.pid))
                .map_or(0, |v| inside(v, item.first_line, item.line));
            item.line > item.first_line + 1 && inside(&all, item.first_line, item.line) > own
        })
        .count()
}
