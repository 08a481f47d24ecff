//! The holder's `XACK`, sent during the cut, arriving after the heal: the fold behind
//! [`late_ack_after_heal`](super::late_ack_after_heal).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::story::{Heed, Hold, Story, Told};
use crate::kinds;
use crate::rules::Shown;

/// Its state: the story ([`Story`]) and the holder's `acking`, `late-ack` and `ack` lines of
/// the held entry (one, one and none, in a run that holds).
pub(super) struct LateAck(Story<Mine>);

impl LateAck {
    pub(super) fn new() -> Self {
        LateAck(Story::new(Mine::default()))
    }
}

/// The holder's own `acking`, `late-ack` and `ack` lines of the held entry.
#[derive(Default)]
pub(super) struct Mine {
    acking: Shown<usize>,
    late: Shown<usize>,
    acks: Shown<usize>,
}

impl Heed for Mine {
    const KINDS: &'static [&'static str] = &[kinds::ACKING, kinds::LATE_ACK, kinds::ACK];

    fn heed(&mut self, hold: &Hold, told: Told<'_>) {
        if told.actor != hold.who {
            return;
        }
        match told.kind {
            kinds::ACKING => self.acking.push(told.line),
            kinds::LATE_ACK => self.late.push(told.line),
            _ => self.acks.push(told.line),
        }
    }
}

impl Fold for LateAck {
    fn line(&mut self, l: &Line) {
        self.0.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str =
            "the cut-off worker's XACK is sent during the cut and arrives, late, after the heal";
        let (hold, cut, heal) = match self.0.told() {
            Ok(s) => s,
            Err(o) => return o,
        };
        let Mine { acking, late, acks } = &self.0.heed;
        let ok = match (acking.first(), late.first()) {
            ([acking], [late]) => {
                acks.is_empty() && cut < *acking && *acking < heal && heal < *late
            }
            _ => false,
        };
        if !ok {
            let (who, tag) = (&hold.who, &hold.tag);
            return violated(
                "late-ack-after-heal",
                S,
                format!(
                    "{who}: one acking of {tag} between cut (line {cut}) and heal (line {heal}), \
                     one late-ack after, no ack"
                ),
                format!(
                    "acking on {}, late-ack on {}, ack on {}",
                    acking, late, acks
                ),
                vec![hold.line],
            );
        }
        Outcome::Held
    }
}
