//! The no-gil cell's prime counts: main's `primes how=N` events and the workers' shares.

use interleaving::fold::Fold;
use interleaving::kinds;
use interleaving::rule::violated;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome, Select};

use crate::kinds as my;
use interleaving::knob::FirstKnob;
use interleaving::shown::Shown;

/// Main's `primes` events, each `how=N`: the first that parses, per `how` asked about.
struct Primes {
    picker: Picker,
    /// Per `how`: its first event's line and count, once found.
    found: Vec<(&'static str, Option<(usize, u64)>)>,
}

impl Primes {
    fn new(hows: &[&'static str]) -> Self {
        Primes {
            picker: Picker::new(&Select::kind(my::PRIMES).by("main")),
            found: hows.iter().map(|h| (*h, None)).collect(),
        }
    }

    fn line(&mut self, l: &Line) {
        let found = &mut self.found;
        self.picker.line(l, &mut |i| {
            for (how, f) in found.iter_mut().filter(|(_, f)| f.is_none()) {
                *f = parse(&i, how);
            }
        });
    }

    fn get(&self, how: &str) -> Option<(usize, u64)> {
        self.found.iter().find(|(h, _)| *h == how)?.1
    }
}

/// `how=N`, parsed: (line, N).
fn parse(i: &Picked<'_>, how: &str) -> Option<(usize, u64)> {
    let n = i.value.strip_prefix(how)?.strip_prefix('=')?.parse().ok()?;
    Some((i.line, n))
}

/// "The parallel prime count equals the sequential one". Its state: the two counts, once
/// main reported them.
pub(super) struct SameAnswer(Primes);

impl Default for SameAnswer {
    fn default() -> Self {
        SameAnswer(Primes::new(&["sequential", "parallel"]))
    }
}

impl Fold for SameAnswer {
    fn line(&mut self, l: &Line) {
        self.0.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let statement = "the parallel prime count equals the sequential one";
        match (self.0.get("sequential"), self.0.get("parallel")) {
            (Some((_, s)), Some((_, p))) if s == p => Outcome::Held,
            (Some((a, s)), Some((b, p))) => violated(
                "same-answer",
                statement,
                format!("parallel={s}"),
                format!("parallel={p}"),
                vec![a, b],
            ),
            (s, p) => violated(
                "same-answer",
                statement,
                "`primes sequential=N` and `primes parallel=N` by main".into(),
                format!(
                    "sequential {:?}, parallel {:?}",
                    s.map(|x| x.1),
                    p.map(|x| x.1)
                ),
                vec![],
            ),
        }
    }
}

/// "Each of the `workers` workers exits with its share, and the shares add up". Its state:
/// the knobs, the parallel count, how many workers exited, the sum of their shares and the
/// lines of the first [`Shown::MAX`] exits, which a violation quotes.
pub(super) struct SharesAddUp {
    knobs: FirstKnob,
    total: Primes,
    exits: Picker,
    sum: u64,
    lines: Shown<usize>,
}

impl Default for SharesAddUp {
    fn default() -> Self {
        SharesAddUp {
            knobs: FirstKnob::default(),
            total: Primes::new(&["parallel"]),
            exits: Picker::new(&Select::kind(kinds::EXIT).by("worker-*")),
            sum: 0,
            lines: Shown::default(),
        }
    }
}

impl Fold for SharesAddUp {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        self.total.line(l);
        let (sum, lines) = (&mut self.sum, &mut self.lines);
        self.exits.line(l, &mut |i| {
            *sum += i.value.parse::<u64>().unwrap_or(0);
            lines.push(i.line);
        });
    }

    fn finish(self: Box<Self>) -> Outcome {
        let statement = "each of the `workers` workers exits with its share, and the shares add up";
        let exits = self.lines.len();
        let workers: Option<u64> = self.knobs.get("workers");
        let total = self.total.get("parallel").map(|p| p.1);
        if workers == Some(exits as u64) && total == Some(self.sum) {
            return Outcome::Held;
        }
        violated(
            "shares-add-up",
            statement,
            format!("{workers:?} exits summing to {total:?}"),
            format!("{exits} exits summing to {}", self.sum),
            self.lines.first().to_vec(),
        )
    }
}

/// An observation: main's first `speedup` event's value, or `absent`. Its state: that value,
/// once found.
pub(super) struct Speedup {
    picker: Picker,
    first: Option<String>,
}

impl Default for Speedup {
    fn default() -> Self {
        Speedup {
            picker: Picker::new(&Select::kind(my::SPEEDUP).by("main")),
            first: None,
        }
    }
}

impl Fold for Speedup {
    fn line(&mut self, l: &Line) {
        let first = &mut self.first;
        self.picker.line(l, &mut |i| {
            first.get_or_insert_with(|| i.value.into_owned());
        });
    }

    fn finish(self: Box<Self>) -> Outcome {
        Outcome::Observed(self.first.unwrap_or_else(|| "absent".into()))
    }
}
