//! The producer adds only below the bound: the fold behind
//! [`backlog_within_bound`](super::backlog_within_bound).

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::cell_knobs::CellKnobs;
use crate::kinds;

/// Its state: the backlog (added and not yet acknowledged) and, at each `adding` that found
/// a backlog larger than any before it, that backlog and its line. The first `adding` at or
/// above the bound is among those, so the bound may come late (the cell's knobs); once it is
/// known and reached, no more are kept.
#[derive(Default)]
pub(crate) struct Backlog {
    knobs: CellKnobs,
    bound: Option<i64>,
    in_flight: i64,
    peaks: Vec<(i64, usize)>,
}

impl Backlog {
    fn reached(&self) -> bool {
        let top = self.peaks.last().map(|(n, _)| *n);
        self.bound.is_some_and(|b| top.is_some_and(|n| n >= b))
    }
}

impl Fold for Backlog {
    fn line(&mut self, l: &Line) {
        if self.knobs.line(l) {
            self.bound = self.knobs.u64("bound").ok().map(|b| b as i64);
        }
        match l.event.kind.as_str() {
            kinds::ACKING => self.in_flight -= 1,
            kinds::ADDING => {
                let peak = self.peaks.last().is_none_or(|(n, _)| self.in_flight > *n);
                if peak && !self.reached() {
                    self.peaks.push((self.in_flight, l.no));
                }
                self.in_flight += 1;
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let bound = match self.knobs.u64("bound") {
            Ok(b) => b as i64,
            Err(o) => return o,
        };
        match self.peaks.iter().find(|(n, _)| *n >= bound) {
            Some((n, no)) => violated(
                "backlog-within-bound",
                "the producer adds only while fewer than `bound` items are unacknowledged",
                format!("fewer than {bound} in flight"),
                format!("{n} in flight"),
                vec![*no],
            ),
            None => Outcome::Held,
        }
    }
}
