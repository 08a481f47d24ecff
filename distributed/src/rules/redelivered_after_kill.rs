//! What the killed worker held is claimed after the kill: the fold behind
//! [`redelivered_after_kill`](super::redelivered_after_kill).

use std::collections::{BTreeSet, HashSet};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::held::Held;
use super::split_tag;
use crate::kinds;

/// Keeps the entries in flight ([`Held`]), who was killed, the first kill's line, and the
/// items claimed after it (one name per item redelivered).
#[derive(Default)]
pub(crate) struct RedeliveredAfterKill {
    held: Held,
    dead: BTreeSet<String>,
    first_kill: Option<usize>,
    claimed_after: HashSet<String>,
}

impl Fold for RedeliveredAfterKill {
    fn line(&mut self, l: &Line) {
        self.held.line(l);
        match l.event.kind.as_str() {
            kinds::KILL => {
                self.dead.insert(l.event.value.clone());
                self.first_kill.get_or_insert(l.no);
            }
            kinds::CLAIM if self.first_kill.is_some() => {
                let (item, _) = split_tag(&l.event.value);
                self.claimed_after.insert(item.to_owned());
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let kill = self.first_kill.unwrap_or(usize::MAX);
        for (item, no) in &self.held.by(&self.dead) {
            if !self.claimed_after.contains(item) {
                return violated(
                    "redelivered-after-kill",
                    "what the killed worker held is claimed by a live worker after the kill",
                    format!("a claim of {item} after line {kill}"),
                    "none".into(),
                    vec![*no],
                );
            }
        }
        Outcome::Held
    }
}
