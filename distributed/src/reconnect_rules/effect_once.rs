//! The sink stores each item once while it remembers, and every item processed once: the
//! fold behind [`effect_once_per_life_of_the_sink`](super::effect_once_per_life_of_the_sink).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::lives::{Life, LifeReader, Lives, Seen};
use crate::kinds;
use crate::rules::split_tag;

/// Its state: the setting, and the workers' lives read by [`Effects`].
pub(super) struct EffectOnce {
    setting: Option<String>,
    lives: Lives<Effects>,
}

impl EffectOnce {
    pub(super) fn new() -> Self {
        EffectOnce {
            setting: None,
            lives: Lives::new(Effects::default()),
        }
    }
}

/// Keeps, per life, one record per item stored (its `stored` lines: a second one, however
/// late, is the effect twice); per worker, the item in its hand before the crash whose store
/// had no answer yet; and per item processed and not (yet) stored, its first processing in
/// each life.
#[derive(Debug, Clone, Default)]
pub(super) struct Effects {
    stored: [BTreeMap<String, Vec<usize>>; 2],
    in_hand: BTreeMap<String, Option<String>>,
    unstored: HashMap<String, [Option<(usize, String)>; 2]>,
}

impl LifeReader for Effects {
    const KINDS: &'static [&'static str] = &[
        kinds::READ,
        kinds::CLAIM,
        kinds::STORED,
        kinds::SKIPPED,
        kinds::PROCESS,
    ];

    fn read(&mut self, life: Life, seen: &Seen<'_>) {
        let before = life == Life::Before;
        match seen.kind {
            kinds::READ | kinds::CLAIM if before => {
                let item = split_tag(seen.value).0.to_owned();
                self.in_hand.insert(seen.actor.to_owned(), Some(item));
            }
            kinds::STORED | kinds::SKIPPED => {
                if before {
                    self.in_hand.insert(seen.actor.to_owned(), None);
                }
                if seen.kind == kinds::STORED {
                    let lines = self.stored[life.index()].entry(seen.value.to_owned());
                    lines.or_default().push(seen.line);
                    self.unstored.remove(seen.value);
                }
            }
            kinds::PROCESS => {
                let item = split_tag(seen.value).0;
                if self.stored.iter().all(|m| !m.contains_key(item)) {
                    let first = self.unstored.entry(item.to_owned()).or_default();
                    first[life.index()].get_or_insert((seen.line, seen.value.to_owned()));
                }
            }
            _ => {}
        }
    }
}

impl Fold for EffectOnce {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::SETTING {
            self.setting.get_or_insert_with(|| l.event.value.clone());
        }
        self.lives.line(l);
    }

    fn finish(self: Box<Self>) -> Outcome {
        const S: &str = "the sink stores each item at most once while it remembers (a life; \
                         across the crash under aof-always), and every processed item once";
        let setting = self.setting.as_deref().unwrap_or("");
        let Effects {
            stored: [b, a],
            in_hand,
            unstored,
        } = self.lives.finish();
        let mut whole = b.clone();
        for (item, nos) in &a {
            whole.entry(item.clone()).or_default().extend(nos);
        }
        let lives: Vec<(&str, &BTreeMap<String, Vec<usize>>)> = if setting == "aof-always" {
            vec![("across the crash", &whole)]
        } else {
            vec![("before the crash", &b), ("after the restart", &a)]
        };
        for (when, m) in lives {
            if let Some((item, nos)) = m.iter().find(|(_, nos)| nos.len() > 1) {
                return violated(
                    "effect-once-per-life-of-the-sink",
                    S,
                    format!("{setting}: item {item} stored at most once {when}"),
                    format!("stored {} times", nos.len()),
                    nos.clone(),
                );
            }
        }
        // Its HSETNX may have been applied and its answer lost with the connection: the effect
        // may be in the sink with no `stored` in the trace (a later worker's `skipped` shows it).
        let in_doubt: BTreeSet<String> = in_hand.into_values().flatten().collect();
        let undone = |life: Life| {
            unstored
                .iter()
                .filter(|(item, _)| !whole.contains_key(*item) && !in_doubt.contains(*item))
                .filter_map(|(_, first)| first[life.index()].as_ref())
                .min_by_key(|(no, _)| *no)
        };
        // The first processing never stored, reading the lives one after the other.
        if let Some((no, value)) = undone(Life::Before).or_else(|| undone(Life::After)) {
            return violated(
                "effect-once-per-life-of-the-sink",
                S,
                format!("{setting}: a `stored` for {value}"),
                "processed, never stored".into(),
                vec![*no],
            );
        }
        Outcome::Held
    }
}
