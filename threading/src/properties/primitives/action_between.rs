//! "Each round's action runs after all its arrivals and before any of its passes": the
//! barrier cell's `action` events and its threads' lines, per round.

use std::collections::BTreeMap;

use interleaving::declare::lines;
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::{Picked, Picker};
use interleaving::{Line, Outcome};

use super::{missing_knob, round_of};
use crate::kinds as my;
use interleaving::knob::FirstKnob;

const RULE: &str = "the-action-runs-after-the-rounds-arrivals-before-its-passes";

/// One round: the line of its first action, and its first line out of place (quoted, with
/// its line): a pass read before the action, or else an arrival read after it.
#[derive(Default)]
struct Round {
    action: Option<usize>,
    early_pass: Option<(String, usize)>,
    late_arrival: Option<(String, usize)>,
}

/// Its state: the knobs, one [`Round`] per round seen, and the `barrier-*` threads' lines
/// not yet finished. Lines come in the order of their line numbers, so of a round's lines
/// out of place, a pass before the action comes before any arrival after it.
pub(super) struct ActionBetween {
    knobs: FirstKnob,
    picker: Picker,
    rounds: BTreeMap<u64, Round>,
}

impl Default for ActionBetween {
    fn default() -> Self {
        ActionBetween {
            knobs: FirstKnob::default(),
            picker: Picker::new(&lines().by("barrier-*")),
            rounds: BTreeMap::new(),
        }
    }
}

/// `r` of a line ending `arrived (round r)`.
fn arrived(value: &str) -> Option<u64> {
    let (_, r) = value.strip_suffix(')')?.rsplit_once("arrived (round ")?;
    number(r)
}

/// Each `r` of `passed round r:` in a line.
fn passed(value: &str) -> impl Iterator<Item = u64> + '_ {
    value.match_indices("passed round ").filter_map(|(at, p)| {
        let rest = &value[at + p.len()..];
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        (rest[digits..].starts_with(':'))
            .then(|| number(&rest[..digits]))
            .flatten()
    })
}

/// A round number as the cell writes it (`{r}`: no sign, no leading zero).
fn number(text: &str) -> Option<u64> {
    let r: u64 = text.parse().ok()?;
    (r.to_string() == text).then_some(r)
}

impl ActionBetween {
    fn item(rounds: &mut BTreeMap<u64, Round>, i: &Picked<'_>) {
        if let Some(r) = arrived(&i.value) {
            let round = rounds.entry(r).or_default();
            if round.action.is_some_and(|a| i.line > a) && round.late_arrival.is_none() {
                round.late_arrival = Some((i.quote(), i.line));
            }
        }
        for r in passed(&i.value) {
            let round = rounds.entry(r).or_default();
            if round.action.is_none_or(|a| i.line < a) && round.early_pass.is_none() {
                round.early_pass = Some((i.quote(), i.line));
            }
        }
    }
}

impl Fold for ActionBetween {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        if l.event.kind == my::ACTION
            && let Some(r) = round_of(l)
        {
            self.rounds.entry(r).or_default().action.get_or_insert(l.no);
        }
        let rounds = &mut self.rounds;
        self.picker.line(l, &mut |i| Self::item(rounds, &i));
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let rounds = &mut self.rounds;
        self.picker.finish(&mut |i| Self::item(rounds, &i));
        let Some(n_rounds) = self.knobs.get::<u64>("rounds") else {
            return missing_knob(RULE, "rounds");
        };
        for (r, round) in self.rounds.range(1..=n_rounds) {
            // A round without its action is counted by the-action-runs-once-per-round.
            let Some(action) = round.action else { continue };
            if let Some((quote, line)) = round.early_pass.as_ref().or(round.late_arrival.as_ref()) {
                return violated(
                    RULE,
                    "each round's action runs after all its arrivals and before any of its passes",
                    format!("round {r}: arrivals < action (line {action}) < passes"),
                    quote.clone(),
                    vec![action, *line],
                );
            }
        }
        Outcome::Held
    }
}
