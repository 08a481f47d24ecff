//! Nothing lost, and what the killed worker held done again: the fold behind
//! [`at_least_once`](super::at_least_once).

use std::collections::{BTreeSet, HashMap};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::held::Held;
use super::split_tag;
use crate::kinds;
use interleaving::shown::Shown;

/// Keeps one count per item processed (a held item must come to two; an `add` line may be
/// written after a worker already processed its entry), the first `add` line of each item not
/// processed yet, the entries in flight ([`Held`]), and who was killed, on which lines.
#[derive(Default)]
pub(crate) struct AtLeastOnce {
    processed: HashMap<String, usize>,
    unprocessed: HashMap<String, usize>,
    held: Held,
    dead: BTreeSet<String>,
    kills: Shown<usize>,
}

impl Fold for AtLeastOnce {
    fn line(&mut self, l: &Line) {
        self.held.line(l);
        let (item, _) = split_tag(&l.event.value);
        match l.event.kind.as_str() {
            kinds::ADD if item != "end" && !self.processed.contains_key(item) => {
                self.unprocessed.entry(item.to_owned()).or_insert(l.no);
            }
            kinds::PROCESS => {
                *self.processed.entry(item.to_owned()).or_default() += 1;
                self.unprocessed.remove(item);
            }
            kinds::KILL => {
                self.dead.insert(l.event.value.clone());
                self.kills.push(l.no);
            }
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        // The first `add` of an item never processed, as reading the adds in order finds it.
        if let Some((item, no)) = self.unprocessed.iter().min_by_key(|(_, no)| **no) {
            return violated(
                "at-least-once",
                "every item added is processed at least once",
                format!("a process of {item}"),
                "none: the item was lost".into(),
                vec![*no],
            );
        }
        let held = self.held.by(&self.dead);
        if held.is_empty() {
            return violated(
                "at-least-once",
                "the killed worker held an item (read, never acknowledged)",
                "at least one".into(),
                "none".into(),
                self.kills.first().to_vec(),
            );
        }
        for (item, no) in &held {
            let times = self.processed.get(item).copied().unwrap_or(0);
            if times < 2 {
                return violated(
                    "at-least-once",
                    "what the killed worker held is processed again",
                    format!("{item} processed twice (by the dead worker, then again)"),
                    format!("{times} time(s)"),
                    vec![*no],
                );
            }
        }
        Outcome::Held
    }
}
