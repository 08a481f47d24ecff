//! The times main measured inside itself (`elapsed` events, `name=microseconds`): the rule
//! that the gathered sleeps overlapped, and the observation of both times.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::kinds::KNOB;
use interleaving::knob::Knobs;
use interleaving::{Line, Outcome, Rule};

use super::violated;
use crate::kinds::ELAPSED;

/// Main's `elapsed` events as they come: per name, the last number and its line (a name
/// measured again counts as last said). Events whose value is no `name=number` are skipped.
#[derive(Debug, Default)]
pub(crate) struct Elapsed {
    times: BTreeMap<String, (u64, usize)>,
}

impl Elapsed {
    /// Reads one line.
    pub(crate) fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.kind != ELAPSED || e.actor != "main" {
            return;
        }
        let Some((name, us)) = e.value.split_once('=') else {
            return;
        };
        if let Ok(us) = us.parse() {
            self.times.insert(name.to_owned(), (us, l.no));
        }
    }

    /// The names measured, in order.
    pub(crate) fn names(&self) -> Vec<&String> {
        self.times.keys().collect()
    }

    /// The number measured as `name`, and its line.
    pub(crate) fn get(&self, name: &str) -> Option<(u64, usize)> {
        self.times.get(name).copied()
    }
}

/// "The gathered sleeps took less than half of N*d": see [`GatheredUnderHalf`].
pub(crate) fn gathered_under_half() -> Rule {
    Rule::fold(GatheredUnderHalf::default)
}

/// Its state: the times measured (one per name), and the `tasks` knob of the cell's first
/// `knob` event, once read.
#[derive(Debug, Default)]
pub(crate) struct GatheredUnderHalf {
    times: Elapsed,
    knobs_read: bool,
    tasks: Option<u64>,
}

impl Fold for GatheredUnderHalf {
    fn line(&mut self, l: &Line) {
        self.times.line(l);
        if !self.knobs_read && l.event.kind == KNOB {
            self.knobs_read = true;
            self.tasks = Knobs::of(std::slice::from_ref(l)).get("tasks");
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let statement = "the gathered sleeps took less than half of N*d (at least d + 25 ms)";
        let (Some((gathered, at)), Some((budget, at_budget))) =
            (self.times.get("gathered"), self.times.get("n*d"))
        else {
            return violated(
                "concurrent-sleeps",
                statement,
                "elapsed events gathered=US and n*d=US by main".into(),
                format!("{:?}", self.times.names()),
                vec![],
            );
        };
        // With few tasks or short sleeps, N*d/2 is below what one sleep costs (d, plus the
        // timer's millisecond grain): the bound is then d plus 25 ms (room for a loaded
        // machine), still far from N*d for large N.
        let one_sleep = self.tasks.map_or(0, |n| budget / n.max(1) + 25_000);
        let bound = (budget / 2).max(one_sleep);
        if gathered < bound {
            return Outcome::Held;
        }
        violated(
            "concurrent-sleeps",
            statement,
            format!("gathered < {bound} us (N*d/2, or d + 25 ms when that is more)"),
            format!("gathered = {gathered} us: the sleeps did not overlap"),
            vec![at, at_budget],
        )
    }
}

/// Observation: the sequential and gathered times, and how many times faster gathering was.
pub(crate) fn sleep_times() -> Rule {
    Rule::fold(SleepTimes::default)
}

/// Its state is the times measured, one per name.
#[derive(Debug, Default)]
pub(crate) struct SleepTimes(Elapsed);

impl Fold for SleepTimes {
    fn line(&mut self, l: &Line) {
        self.0.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        match (self.0.get("sequential"), self.0.get("gathered")) {
            (Some((s, _)), Some((g, _))) => Outcome::Observed(format!(
                "sequential {:.1} ms, gathered {:.1} ms ({:.1}x)",
                s as f64 / 1000.0,
                g as f64 / 1000.0,
                s as f64 / (g.max(1)) as f64
            )),
            _ => Outcome::Observed("no times recorded".into()),
        }
    }
}
