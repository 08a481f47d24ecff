//! "The waiters of each round get the indices 0..parties, each once": the barrier cell's
//! `index` events, per round, against the `parties` and `rounds` knobs at the end.

use std::collections::BTreeMap;

use interleaving::declare::field;
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::{missing_knob, round_of};
use crate::kinds as my;
use interleaving::knob::FirstKnob;
use interleaving::shown::Shown;

const RULE: &str = "every-waiter-of-a-round-gets-a-distinct-index";

/// Its state: the knobs, and per round, how many times each index came (one entry per index
/// seen: `parties` of them in a round that holds). Rounds are judged in order at the end, as
/// an index of any round may still come.
#[derive(Default)]
pub(super) struct DistinctIndices {
    knobs: FirstKnob,
    rounds: BTreeMap<u64, BTreeMap<u64, usize>>,
}

impl Fold for DistinctIndices {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind != my::INDEX {
            return;
        }
        let Some(r) = round_of(l) else { return };
        if let Some(i) = field(&l.event.value, "index").and_then(|i| i.parse().ok()) {
            *self.rounds.entry(r).or_default().entry(i).or_default() += 1;
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let (Some(parties), Some(n_rounds)) = (
            self.knobs.get::<u64>("parties"),
            self.knobs.get::<u64>("rounds"),
        ) else {
            return missing_knob(RULE, "parties and rounds");
        };
        let none = BTreeMap::new();
        for r in 1..=n_rounds {
            let got = self.rounds.get(&r).unwrap_or(&none);
            let each_once = got.len() as u64 == parties
                && got.iter().zip(0..).all(|((i, n), k)| *i == k && *n == 1);
            if !each_once {
                let want: Vec<u64> = (0..parties).collect();
                let mut shown = Shown::default();
                for (i, n) in got {
                    for _ in 0..*n {
                        shown.push(*i);
                    }
                }
                return violated(
                    RULE,
                    "the waiters of each round get the indices 0..parties, each once",
                    format!("round {r}: {want:?}"),
                    shown.to_string(),
                    vec![],
                );
            }
        }
        Outcome::Held
    }
}
