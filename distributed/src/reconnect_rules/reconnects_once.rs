//! Each worker connects again once, after the crash: the fold behind
//! [`each_worker_reconnects_once`](super::each_worker_reconnects_once).

use std::collections::HashMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, kinds as k};

use crate::kinds;
use crate::rules::Shown;

/// Its state: the setting, the first crash's line, each `start` (worker and line), and each
/// actor's `reconnect` lines (one, in a run that holds).
#[derive(Default)]
pub(super) struct ReconnectsOnce {
    setting: Option<String>,
    crash: Option<usize>,
    starts: Vec<(String, usize)>,
    back: HashMap<String, Shown<usize>>,
}

impl Fold for ReconnectsOnce {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        match e.kind.as_str() {
            kinds::SETTING => {
                self.setting.get_or_insert_with(|| e.value.clone());
            }
            kinds::CRASH => {
                self.crash.get_or_insert(l.no);
            }
            k::START => self.starts.push((e.value.clone(), l.no)),
            kinds::RECONNECT => self.back.entry(e.actor.clone()).or_default().push(l.no),
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "each worker lives through the crash: it connects again once, after it";
        let crash = self.crash.unwrap_or(usize::MAX);
        let setting = self.setting.as_deref().unwrap_or("");
        let none = Shown::default();
        for (name, no) in &self.starts {
            let back = self.back.get(name).unwrap_or(&none);
            let after_the_crash = matches!(back.first(), [once] if *once >= crash);
            if !after_the_crash {
                return violated(
                    "workers-reconnect-after-the-crash",
                    S,
                    format!("{name} ({setting}): one reconnect after the crash (line {crash})"),
                    format!("reconnects on lines {}", back),
                    back.first().iter().copied().chain([*no]).collect(),
                );
            }
        }
        Outcome::Held
    }
}
