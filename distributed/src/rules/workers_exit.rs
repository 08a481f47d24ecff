//! Every worker still alive ends once, for the expected reason: the fold behind
//! [`workers_exit`](super::workers_exit).

use std::collections::{BTreeSet, HashMap};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, kinds as k};

use crate::kinds;
use interleaving::shown::Shown;

/// Its state, per actor: whether it was started, whether killed, and its `exit`s (one, in a
/// run that holds). Judged at the end, in the workers' name order.
pub(crate) struct WorkersExit {
    reason: &'static str,
    started: BTreeSet<String>,
    killed: BTreeSet<String>,
    exits: HashMap<String, Shown<(String, usize)>>,
}

impl WorkersExit {
    pub(crate) fn new(reason: &'static str) -> Self {
        WorkersExit {
            reason,
            started: BTreeSet::new(),
            killed: BTreeSet::new(),
            exits: HashMap::new(),
        }
    }
}

impl Fold for WorkersExit {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        match e.kind.as_str() {
            k::START => {
                self.started.insert(e.value.clone());
            }
            kinds::KILL => {
                self.killed.insert(e.value.clone());
            }
            k::EXIT => self
                .exits
                .entry(e.actor.clone())
                .or_default()
                .push((e.value.clone(), l.no)),
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let none = Shown::default();
        for w in self.started.difference(&self.killed) {
            let exits = self.exits.get(w).unwrap_or(&none);
            if exits.len() != 1 || exits.first()[0].0 != self.reason {
                return violated(
                    "workers-exit",
                    "every worker still alive ends once, for the expected reason",
                    format!("{w} exits once: {}", self.reason),
                    exits.map(|(v, _)| v).to_string(),
                    exits.first().iter().map(|(_, no)| *no).collect(),
                );
            }
        }
        Outcome::Held
    }
}
