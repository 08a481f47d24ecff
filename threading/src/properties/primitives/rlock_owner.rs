//! "At most one thread holds the RLock (at any depth)", as the `enter`/`leave` events go by.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use crate::kinds as my;

/// Its state: each `rlock-*` thread's depth (entered minus left) and the first violation.
#[derive(Default)]
pub(super) struct OneOwner {
    depth: BTreeMap<String, i64>,
    broken: Option<Outcome>,
}

impl Fold for OneOwner {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if self.broken.is_some() || !e.actor.starts_with("rlock-") {
            return;
        }
        let step = match e.kind.as_str() {
            my::ENTER => 1,
            my::LEAVE => -1,
            _ => return,
        };
        *self.depth.entry(e.actor.clone()).or_default() += step;
        let owners: Vec<&str> = self
            .depth
            .iter()
            .filter(|(_, d)| **d > 0)
            .map(|(a, _)| a.as_str())
            .collect();
        if owners.len() > 1 {
            self.broken = Some(violated(
                "one-rlock-owner-at-a-time",
                "at most one thread holds the RLock (at any depth)",
                "1 owner".into(),
                format!("{} owners: {}", owners.len(), owners.join(", ")),
                vec![l.no],
            ));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
