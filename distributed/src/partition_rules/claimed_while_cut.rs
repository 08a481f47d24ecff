//! The held entry claimed and acknowledged by another worker during the cut: the fold behind
//! [`claimed_while_cut`](super::claimed_while_cut).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::story::{Heed, Hold, Story, Told};
use crate::kinds;

/// Its state: the story ([`Story`]) and the lines of the first claim, `acking` and `ack` of
/// the held entry by a worker other than its holder.
pub(super) struct ClaimedWhileCut(Story<ByOther>);

impl ClaimedWhileCut {
    pub(super) fn new() -> Self {
        ClaimedWhileCut(Story::new(ByOther::default()))
    }
}

/// The first claim, `acking` and `ack` of the held entry by another worker.
#[derive(Default)]
pub(super) struct ByOther {
    claim: Option<usize>,
    acking: Option<usize>,
    ack: Option<usize>,
}

impl Heed for ByOther {
    const KINDS: &'static [&'static str] = &[kinds::CLAIM, kinds::ACKING, kinds::ACK];

    fn heed(&mut self, hold: &Hold, told: Told<'_>) {
        if told.actor == hold.who {
            return;
        }
        let first = match told.kind {
            kinds::CLAIM => &mut self.claim,
            kinds::ACKING => &mut self.acking,
            _ => &mut self.ack,
        };
        first.get_or_insert(told.line);
    }
}

impl Fold for ClaimedWhileCut {
    fn line(&mut self, l: &Line) {
        self.0.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str =
            "another worker claims and acknowledges the held entry while its holder is cut off";
        let (hold, cut, heal) = match self.0.told() {
            Ok(s) => s,
            Err(o) => return o,
        };
        let seen = &self.0.heed;
        let (Some(claim), Some(ack), Some(_)) = (seen.claim, seen.acking, seen.ack) else {
            return violated(
                "held-item-claimed-while-cut",
                S,
                format!(
                    "a claim and an ack of {} by a worker other than {}",
                    hold.tag, hold.who
                ),
                "none".into(),
                vec![hold.line],
            );
        };
        if !(cut < claim && claim < ack && ack < heal) {
            return violated(
                "held-item-claimed-while-cut",
                S,
                format!("cut (line {cut}) < claim < acking < heal (line {heal})"),
                format!("claim on line {claim}, acking on line {ack}"),
                vec![cut, claim, ack, heal],
            );
        }
        Outcome::Held
    }
}
