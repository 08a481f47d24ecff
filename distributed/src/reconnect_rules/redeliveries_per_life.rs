//! Each repeat processing in a life is a redelivery: the fold behind
//! [`duplicates_are_redeliveries_in_each_life`](super::duplicates_are_redeliveries_in_each_life).

use interleaving::fold::Fold;
use interleaving::{Line, Outcome};

use super::lives::{Life, LifeReader, Lives, Seen};
use crate::kinds;
use crate::rules::Redeliveries;

/// Its state: the workers' lives, each read by its own [`Redeliveries`].
pub(super) struct RedeliveriesPerLife(Lives<BothLives>);

impl RedeliveriesPerLife {
    pub(super) fn new() -> Self {
        RedeliveriesPerLife(Lives::new(BothLives::default()))
    }
}

/// The rule on the lines before the reconnects, and on the lines after.
#[derive(Debug, Clone, Default)]
pub(super) struct BothLives([Redeliveries; 2]);

impl LifeReader for BothLives {
    const KINDS: &'static [&'static str] = &[kinds::CLAIM, kinds::PROCESS];

    fn read(&mut self, life: Life, seen: &Seen<'_>) {
        self.0[life.index()].event(seen.kind, seen.value, seen.line);
    }
}

impl Fold for RedeliveriesPerLife {
    fn line(&mut self, l: &Line) {
        self.0.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let BothLives([before, after]) = self.0.finish();
        match before.outcome() {
            Outcome::Held | Outcome::Observed(_) => after.outcome(),
            broken => broken,
        }
    }
}
