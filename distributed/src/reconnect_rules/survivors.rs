//! After the restart, exactly what the server kept and what was added since: the fold behind
//! [`after_restart_exactly_the_survivors`](super::after_restart_exactly_the_survivors).

use std::collections::{BTreeMap, BTreeSet};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::lives::{Life, LifeReader, Lives, Seen};
use crate::kinds;

/// Keeps one record per entry the server kept or the producer added after the restart (what
/// must be done), and per entry a worker processed after connecting again (its last line):
/// the two sets are compared at the end.
pub(super) struct Survivors {
    setting: Option<String>,
    want: BTreeSet<String>,
    lives: Lives<DoneAfter>,
}

impl Survivors {
    pub(super) fn new() -> Self {
        Survivors {
            setting: None,
            want: BTreeSet::new(),
            lives: Lives::new(DoneAfter::default()),
        }
    }
}

/// The entries the workers processed after connecting again, each with its last line.
#[derive(Debug, Clone, Default)]
pub(super) struct DoneAfter(BTreeMap<String, usize>);

impl LifeReader for DoneAfter {
    const KINDS: &'static [&'static str] = &[kinds::PROCESS];

    fn read(&mut self, life: Life, seen: &Seen<'_>) {
        if life == Life::After {
            self.0.insert(seen.value.to_owned(), seen.line);
        }
    }
}

impl Fold for Survivors {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        match e.kind.as_str() {
            kinds::SETTING => {
                self.setting.get_or_insert_with(|| e.value.clone());
            }
            kinds::KEPT | kinds::GO_ON => {
                self.want.insert(e.value.clone());
            }
            _ => {}
        }
        self.lives.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "after the restart the workers process exactly what the server kept \
                         unacknowledged, and what was added since";
        let want = self.want;
        let got = self.lives.finish().0;
        let got_set: BTreeSet<String> = got.keys().cloned().collect();
        if want == got_set {
            return Outcome::Held;
        }
        let undone: Vec<&String> = want.difference(&got_set).collect();
        let redone: Vec<&String> = got_set.difference(&want).collect();
        violated(
            "after-restart-exactly-the-survivors",
            S,
            format!(
                "{}: processed after reconnecting: {want:?}",
                self.setting.as_deref().unwrap_or("")
            ),
            format!("kept but not processed: {undone:?}; processed but not kept: {redone:?}"),
            redone.iter().filter_map(|t| got.get(*t).copied()).collect(),
        )
    }
}
