//! Items processed more than once that no killed worker held: the fold behind
//! [`duplicates_beyond_the_dead`](super::duplicates_beyond_the_dead).

use std::collections::{BTreeMap, BTreeSet};

use interleaving::fold::Fold;
use interleaving::{Line, Outcome};

use super::held::Held;
use super::split_tag;
use crate::kinds;

/// Keeps one count per item processed (the repeats are known only at the end), the entries in
/// flight ([`Held`]), and who was killed.
#[derive(Default)]
pub(crate) struct BeyondTheDead {
    processed: BTreeMap<String, usize>,
    held: Held,
    dead: BTreeSet<String>,
}

impl Fold for BeyondTheDead {
    fn line(&mut self, l: &Line) {
        self.held.line(l);
        match l.event.kind.as_str() {
            kinds::PROCESS => {
                let (item, _) = split_tag(&l.event.value);
                *self.processed.entry(item.to_owned()).or_default() += 1;
            }
            kinds::KILL => {
                self.dead.insert(l.event.value.clone());
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let held = self.held.by(&self.dead);
        let extra: Vec<&str> = self
            .processed
            .iter()
            .filter(|(i, n)| **n > 1 && !held.contains_key(*i))
            .map(|(i, _)| i.as_str())
            .collect();
        Outcome::Observed(if extra.is_empty() {
            "none".into()
        } else {
            extra.join(", ")
        })
    }
}
