//! Each processing of an item beyond its first follows a claim of it: the fold behind
//! [`duplicates_are_redeliveries`](super::duplicates_are_redeliveries), also read per life
//! of a worker by [`crate::reconnect_rules`].

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::split_tag;
use crate::kinds;

/// Keeps, per item processed or claimed, how many times each (a second processing, however
/// late, must find a claim before it), and the first processing with no claim to account
/// for it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redeliveries {
    counts: HashMap<String, (usize, usize)>,
    broken: Option<Outcome>,
}

impl Redeliveries {
    /// Reads an event of `kind`, value `value`, on line `no`.
    pub(crate) fn event(&mut self, kind: &str, value: &str, no: usize) {
        if self.broken.is_some() || (kind != kinds::CLAIM && kind != kinds::PROCESS) {
            return;
        }
        let (item, _) = split_tag(value);
        if !self.counts.contains_key(item) {
            self.counts.insert(item.to_owned(), (0, 0));
        }
        let Some((processed, claims)) = self.counts.get_mut(item) else {
            unreachable!("inserted above")
        };
        if kind == kinds::CLAIM {
            *claims += 1;
            return;
        }
        *processed += 1;
        if *processed > 1 + *claims {
            self.broken = Some(violated(
                "duplicates-are-redeliveries",
                "each processing of an item beyond its first follows a claim of it",
                format!(
                    "at most {} processing(s) of {item}: 1 + its {claims} claim(s)",
                    1 + *claims
                ),
                format!("processing number {processed}"),
                vec![no],
            ));
        }
    }

    /// Held, or the first processing that broke it.
    pub(crate) fn outcome(self) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}

impl Fold for Redeliveries {
    fn line(&mut self, l: &Line) {
        self.event(&l.event.kind, &l.event.value, l.no);
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.outcome()
    }
}
