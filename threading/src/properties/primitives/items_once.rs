//! "Every item is taken exactly once, after it was put": the condition cell's `put` and
//! `get` events, per item, against the `items` knob at the end.

use std::collections::BTreeMap;

use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::{Line, Outcome};

use super::missing_knob;
use crate::kinds as my;
use interleaving::knob::FirstKnob;

const RULE: &str = "every-item-taken-once-after-its-put";

/// An item put: how many times it was got since, and the line of the first of them.
#[derive(Default)]
struct Taken {
    times: u32,
    first: usize,
}

/// Its state: the knobs; per item put, a [`Taken`]; the first `get` of an item not put yet.
///
/// The `items` knob may come after the first `put`, so an item past it is only known to be
/// out of range at the end: a `get` of it is a violation however often it was put, and the
/// first such `get` in trace order is the one reported, as a `get` before its `put` is.
#[derive(Default)]
pub(super) struct EveryItem {
    knobs: FirstKnob,
    put: BTreeMap<usize, Taken>,
    early: Option<(usize, usize)>,
}

impl Fold for EveryItem {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        // Nothing after the first early `get` can come before it.
        if self.early.is_some() {
            return;
        }
        let Ok(i) = l.event.value.parse::<usize>() else {
            return;
        };
        match l.event.kind.as_str() {
            my::PUT => {
                self.put.entry(i).or_default();
            }
            my::GET => match self.put.get_mut(&i) {
                Some(t) => {
                    if t.times == 0 {
                        t.first = l.no;
                    }
                    t.times += 1;
                }
                None => self.early = Some((i, l.no)),
            },
            _ => {}
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let Some(items) = self.knobs.get::<u64>("items") else {
            return missing_knob(RULE, "items");
        };
        let items = items as usize;
        let out_of_range = self
            .put
            .range(items..)
            .filter(|(_, t)| t.times > 0)
            .map(|(i, t)| (*i, t.first));
        let first_wrong = self
            .early
            .into_iter()
            .chain(out_of_range)
            .min_by_key(|(_, line)| *line);
        if let Some((i, line)) = first_wrong {
            return violated(
                RULE,
                "an item is taken only after it was put",
                format!("put({i}) first"),
                "get first".into(),
                vec![line],
            );
        }
        let got: Vec<u32> = (0..items)
            .map(|i| self.put.get(&i).map_or(0, |t| t.times))
            .collect();
        if got.iter().all(|&n| n == 1) {
            Outcome::Held
        } else {
            violated(
                RULE,
                "each item is taken exactly once",
                "every count 1".into(),
                format!("{got:?}"),
                vec![],
            )
        }
    }
}
