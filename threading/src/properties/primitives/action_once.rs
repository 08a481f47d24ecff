//! "The action runs exactly once per round": the barrier cell's `action` events, per round,
//! against the `rounds` knob at the end.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::{missing_knob, round_of};
use crate::kinds as my;
use interleaving::knob::FirstKnob;
use interleaving::shown::Shown;

const RULE: &str = "the-action-runs-once-per-round";
const STATEMENT: &str = "the action runs exactly once per round";

/// Its state: the knobs, and one record per round an action ran in: how many times, and
/// the lines of the first few, which a violation quotes. Rounds are judged in order at the
/// end, as an action of any round may still come.
#[derive(Default)]
pub(super) struct ActionOnce {
    knobs: FirstKnob,
    rounds: BTreeMap<u64, Shown<usize>>,
}

impl Fold for ActionOnce {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind != my::ACTION {
            return;
        }
        if let Some(r) = round_of(l) {
            self.rounds.entry(r).or_default().push(l.no);
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let Some(n_rounds) = self.knobs.get::<u64>("rounds") else {
            return missing_knob(RULE, "rounds");
        };
        let none = Shown::default();
        for r in 1..=n_rounds {
            let at = self.rounds.get(&r).unwrap_or(&none);
            if at.len() != 1 {
                return violated(
                    RULE,
                    STATEMENT,
                    format!("round {r}: once"),
                    format!("{} times", at.len()),
                    at.first().to_vec(),
                );
            }
        }
        let mut extra = Shown::default();
        for at in self.rounds.range(n_rounds + 1..).map(|(_, at)| at) {
            at.first().iter().for_each(|l| extra.push(*l));
        }
        if extra.is_empty() {
            Outcome::Held
        } else {
            violated(
                RULE,
                STATEMENT,
                format!("{n_rounds} rounds"),
                "more".into(),
                extra.first().to_vec(),
            )
        }
    }
}
