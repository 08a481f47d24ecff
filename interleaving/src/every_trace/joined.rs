//! After A's `join` of B (or any wait the lesson declares, or B's own `exit`), nothing of B in
//! that cell until a `start` names B again.

use std::collections::HashMap;

use super::{broken, opens_a_cell};
use crate::event::kinds;
use crate::read::Line;
use crate::rule::Outcome;
use crate::spec::LessonSpec;

const S: &str = "a joined (or exited) actor is finished: none of its events follows, until it \
                 is started again";

/// Its state: the actors finished in the current cell, each with the line that finished it.
pub(super) struct Joined {
    waits: Vec<String>,
    /// Finished actor -> (line, actor, kind, value) of the event that finished it.
    finished: HashMap<String, (usize, String, String, String)>,
    broken: Option<Outcome>,
}

impl Joined {
    pub(super) fn new(spec: &LessonSpec) -> Self {
        Joined {
            waits: spec.waits.clone(),
            finished: HashMap::new(),
            broken: None,
        }
    }

    pub(super) fn line(&mut self, l: &Line) {
        if self.broken.is_some() {
            return;
        }
        if opens_a_cell(l) {
            self.finished.clear();
            return;
        }
        let e = &l.event;
        if let Some((no, actor, kind, value)) = self.finished.get(e.actor.as_str()) {
            self.broken = Some(broken(
                S,
                format!(
                    "every event of {} before line {no} ({actor} `{kind}` {value:?})",
                    e.actor
                ),
                format!("`{}` {:?} by {} at line {}", e.kind, e.value, e.actor, l.no),
                vec![*no, l.no],
            ));
            return;
        }
        let record = || (l.no, e.actor.clone(), e.kind.clone(), e.value.clone());
        if e.kind == kinds::START {
            self.finished.remove(e.value.as_str());
        } else if e.kind == kinds::EXIT {
            self.finished.insert(e.actor.clone(), record());
        } else if self.waits.contains(&e.kind) && e.actor != e.value {
            self.finished.insert(e.value.clone(), record());
        }
    }

    pub(super) fn finish(self) -> Outcome {
        self.broken.unwrap_or(Outcome::Held)
    }
}
