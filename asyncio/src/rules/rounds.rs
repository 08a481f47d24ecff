//! The determinism cell's rounds: main's `round` event (`"current_thread 3"`) and the `step`
//! events after it, until the next `round`. Every `current_thread` round steps in the same
//! order; the `multi_thread` rounds' distinct orders are counted.

use std::collections::BTreeSet;

use interleaving::fold::Fold;
use interleaving::{Line, Outcome, Rule};

use super::violated;
use crate::kinds::{ROUND, STEP};
use interleaving::shown::Shown;

/// The rounds of one runtime flavour, read a line at a time: what it holds is the round in
/// progress (its line and its steps, `actor:value`), handed out whole once the next `round`
/// event, or the end, closes it.
#[derive(Debug)]
pub(crate) struct Rounds {
    flavour: &'static str,
    current: Option<(usize, Vec<String>)>,
}

impl Rounds {
    /// Before the first line, for rounds of `flavour`.
    pub(crate) fn new(flavour: &'static str) -> Self {
        Rounds {
            flavour,
            current: None,
        }
    }

    /// Reads one line; `done` gets the round it closes, if any.
    pub(crate) fn line(&mut self, l: &Line, done: &mut dyn FnMut(usize, Vec<String>)) {
        let e = &l.event;
        if e.kind == ROUND && e.actor == "main" {
            self.finish(done);
            if e.value.split(' ').next() == Some(self.flavour) {
                self.current = Some((l.no, Vec::new()));
            }
        } else if e.kind == STEP
            && let Some((_, steps)) = &mut self.current
        {
            steps.push(format!("{}:{}", e.actor, e.value));
        }
    }

    /// The end of the lines: `done` gets the round still open, if any.
    pub(crate) fn finish(&mut self, done: &mut dyn FnMut(usize, Vec<String>)) {
        if let Some((line, steps)) = self.current.take() {
            done(line, steps);
        }
    }
}

/// "Every current_thread round steps in the same order". See [`SameEveryRound`].
pub(crate) fn same_every_round() -> Rule {
    Rule::fold(SameEveryRound::new)
}

/// Its state: the round in progress, and what the rounds closed so far showed.
pub(crate) struct SameEveryRound {
    rounds: Rounds,
    seen: Compared,
}

/// The rounds closed so far: the first (what every other must repeat) and the first unlike
/// it; how many, whether one had no step, and the lines of the first twenty (to show where
/// they were when there are too few, or an empty one).
#[derive(Default)]
struct Compared {
    count: usize,
    lines: Shown<usize>,
    any_empty: bool,
    first: Option<(usize, Vec<String>)>,
    unlike: Option<(usize, Vec<String>)>,
}

impl Compared {
    fn take(&mut self, line: usize, steps: Vec<String>) {
        self.count += 1;
        self.lines.push(line);
        self.any_empty |= steps.is_empty();
        match &self.first {
            None => self.first = Some((line, steps)),
            Some((_, first)) if self.unlike.is_none() && steps != *first => {
                self.unlike = Some((line, steps));
            }
            Some(_) => {}
        }
    }
}

impl SameEveryRound {
    fn new() -> Self {
        SameEveryRound {
            rounds: Rounds::new("current_thread"),
            seen: Compared::default(),
        }
    }
}

impl Fold for SameEveryRound {
    fn line(&mut self, l: &Line) {
        let seen = &mut self.seen;
        self.rounds
            .line(l, &mut |line, steps| seen.take(line, steps));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let seen = &mut self.seen;
        self.rounds
            .finish(&mut |line, steps| seen.take(line, steps));
        let seen = self.seen;
        let statement = "every current_thread round steps in the same order";
        // Too few rounds, or an empty one, says more than any difference between them.
        if seen.count < 2 || seen.any_empty {
            return violated(
                "deterministic",
                statement,
                "at least 2 current_thread rounds, each with steps".into(),
                format!("{} round(s)", seen.count),
                seen.lines.into_first(),
            );
        }
        match (seen.first, seen.unlike) {
            (Some((first_line, first)), Some((line, other))) => violated(
                "deterministic",
                statement,
                format!("{} (round at line {first_line})", first.join(" ")),
                format!("{} (round at line {line})", other.join(" ")),
                vec![first_line, line],
            ),
            _ => Outcome::Held,
        }
    }
}

/// Observation: how many distinct orders the `multi_thread` rounds stepped in. See
/// [`DistinctOrders`].
pub(crate) fn distinct_orders() -> Rule {
    Rule::fold(DistinctOrders::new)
}

/// Its state: the round in progress, how many rounds, and one record per distinct order (its
/// steps): counting distinct orders needs each one seen.
pub(crate) struct DistinctOrders {
    rounds: Rounds,
    count: usize,
    orders: BTreeSet<Vec<String>>,
}

impl DistinctOrders {
    fn new() -> Self {
        DistinctOrders {
            rounds: Rounds::new("multi_thread"),
            count: 0,
            orders: BTreeSet::new(),
        }
    }
}

impl Fold for DistinctOrders {
    fn line(&mut self, l: &Line) {
        let (count, orders) = (&mut self.count, &mut self.orders);
        self.rounds.line(l, &mut |_, steps| {
            *count += 1;
            orders.insert(steps);
        });
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let (count, orders) = (&mut self.count, &mut self.orders);
        self.rounds.finish(&mut |_, steps| {
            *count += 1;
            orders.insert(steps);
        });
        Outcome::Observed(format!("{} in {} rounds", self.orders.len(), self.count))
    }
}

#[cfg(test)]
mod tests {
    use interleaving::{Outcome, Trace};

    use super::same_every_round;

    fn outcome(steps: &[(&str, &str, &str)]) -> Outcome {
        same_every_round().eval(&Trace::from_steps(steps.iter().copied()).lines)
    }

    #[test]
    fn rounds_differ_or_one_is_empty() {
        let round = ("main", "round", "current_thread 0");
        let (a, b) = (("t-1", "step", "a"), ("t-2", "step", "b"));
        assert_eq!(outcome(&[round, a, b, round, a, b]), Outcome::Held);
        let Outcome::Violated(v) = outcome(&[round, a, b, round, b, a]) else {
            panic!("rounds differ");
        };
        assert_eq!(v.lines, [1, 4]);
        // An empty round outranks the difference before it.
        let Outcome::Violated(v) = outcome(&[round, a, round, b, round]) else {
            panic!("a round is empty");
        };
        assert_eq!((v.got.as_str(), v.lines), ("3 round(s)", vec![1, 3, 5]));
    }
}
