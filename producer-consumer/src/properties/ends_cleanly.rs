//! The fold of [`consumers_end_cleanly`](super::consumers_end_cleanly). It keeps, per
//! consumer, its last event and its exits (one, in a clean run), and the line of main's last
//! join of each actor: a few values per actor, whatever the number of items.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, kinds as k};

/// One consumer: its last event (line, kind) and its exits (line, value).
#[derive(Default)]
struct Consumer {
    last: (usize, String),
    exits: Vec<(usize, String)>,
}

pub(super) struct EndsCleanly {
    reason: &'static str,
    consumers: BTreeMap<String, Consumer>,
    joined_at: BTreeMap<String, usize>,
}

impl EndsCleanly {
    pub(super) fn new(reason: &'static str) -> Self {
        EndsCleanly {
            reason,
            consumers: BTreeMap::new(),
            joined_at: BTreeMap::new(),
        }
    }
}

impl Fold for EndsCleanly {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor == "main" && e.kind == k::JOIN {
            self.joined_at.insert(e.value.clone(), l.no);
        }
        if !e.actor.starts_with("consumer") {
            return;
        }
        let c = match self.consumers.get_mut(&e.actor) {
            Some(c) => c,
            None => self.consumers.entry(e.actor.clone()).or_default(),
        };
        c.last = (l.no, e.kind.clone());
        if e.kind == k::EXIT {
            c.exits.push((l.no, e.value.clone()));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let reason = self.reason;
        let statement = format!(
            "every consumer's last event is one `exit` \"{reason}\", and main joins it after that"
        );
        if self.consumers.is_empty() {
            return violated(
                "ends-cleanly",
                &statement,
                "at least one consumer".into(),
                "none".into(),
                vec![],
            );
        }
        for (actor, c) in &self.consumers {
            let (last_no, last_kind) = &c.last;
            let ex = &c.exits;
            let ok_exit = ex.len() == 1 && ex[0].1 == reason && ex[0].0 == *last_no;
            if !ok_exit {
                let got = match ex.as_slice() {
                    [] => {
                        format!("{actor} never exited (last event: {last_kind} at line {last_no})")
                    }
                    [(_, value)] if value != reason => format!("{actor} exited with {value:?}"),
                    [(no, _)] => format!(
                        "{actor} did `{last_kind}` at line {last_no} after its exit at line {no}"
                    ),
                    many => format!("{actor} exited {} times", many.len()),
                };
                let at = ex.iter().map(|(no, _)| *no).chain([*last_no]).collect();
                return violated(
                    "ends-cleanly",
                    &statement,
                    format!("{actor} exits \"{reason}\" last"),
                    got,
                    at,
                );
            }
            let joined = self.joined_at.get(actor).is_some_and(|no| no > last_no);
            if !joined {
                return violated(
                    "ends-cleanly",
                    &statement,
                    format!("main's join of {actor} after line {last_no}"),
                    "no such join".into(),
                    vec![*last_no],
                );
            }
        }
        Outcome::Held
    }
}
