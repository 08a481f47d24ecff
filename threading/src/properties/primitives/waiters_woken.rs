//! "Every thread waiting before set(); clear() returns True" (gh-57711): the event cell's
//! `event-*` lines, sorted, must be `event-1: wait() returned True`... up to the `waiters`
//! knob, each once.

use std::collections::{BTreeMap, BTreeSet};

use interleaving::declare::lines;
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::select::Picker;
use interleaving::{Line, Outcome};

use super::missing_knob;
use interleaving::knob::FirstKnob;
use interleaving::shown::Shown;

const RULE: &str = "set-then-clear-wakes-every-waiter";

/// Its state: the knobs; which waiters said they returned True (one number per such line);
/// how many lines there were, whether one was anything else or said so twice; and the
/// [`Shown::MAX`] smallest lines, which a violation quotes (it quotes them sorted).
pub(super) struct AllTrue {
    knobs: FirstKnob,
    picker: Picker,
    woken: BTreeSet<u64>,
    lines: usize,
    other: bool,
    smallest: BTreeMap<String, usize>,
}

impl Default for AllTrue {
    fn default() -> Self {
        AllTrue {
            knobs: FirstKnob::default(),
            picker: Picker::new(&lines().by("event-*")),
            woken: BTreeSet::new(),
            lines: 0,
            other: false,
            smallest: BTreeMap::new(),
        }
    }
}

/// The waiter `i` of `event-i: wait() returned True`, written as the rule writes it.
fn waiter(value: &str) -> Option<u64> {
    let i = value
        .strip_prefix("event-")?
        .strip_suffix(": wait() returned True")?
        .parse()
        .ok()?;
    (want(i) == value).then_some(i)
}

fn want(i: u64) -> String {
    format!("event-{i}: wait() returned True")
}

impl AllTrue {
    fn item(&mut self, value: &str) {
        self.lines += 1;
        match waiter(value) {
            Some(i) if self.woken.insert(i) => {}
            _ => self.other = true,
        }
        *self.smallest.entry(value.to_owned()).or_default() += 1;
        if self.lines > Shown::<String>::MAX {
            let mut largest = self.smallest.last_entry().expect("more than the cap");
            *largest.get_mut() -= 1;
            if *largest.get() == 0 {
                largest.remove();
            }
        }
    }
}

impl Fold for AllTrue {
    fn line(&mut self, l: &Line) {
        self.knobs.line(l);
        let mut values = Vec::new();
        self.picker
            .line(l, &mut |i| values.push(i.value.into_owned()));
        for v in values {
            self.item(&v);
        }
    }

    fn finish(mut self: Box<Self>) -> Outcome {
        let mut values = Vec::new();
        self.picker
            .finish(&mut |i| values.push(i.value.into_owned()));
        for v in values {
            self.item(&v);
        }
        let Some(n) = self.knobs.get::<u64>("waiters") else {
            return missing_knob(RULE, "waiters");
        };
        let want: Vec<String> = (1..=n).map(want).collect();
        // Each line one of the `n` wanted, each once (compared as numbers: sorted as text,
        // event-10 comes before event-2, and ten waiters or more could never hold).
        let all_once = !self.other
            && self.lines as u64 == n
            && self.woken.last().is_none_or(|&i| i <= n)
            && self.woken.first().is_none_or(|&i| i >= 1);
        if all_once {
            return Outcome::Held;
        }
        let mut got = Shown::default();
        for (v, times) in &self.smallest {
            for _ in 0..*times {
                got.push(v.clone());
            }
        }
        violated(
            RULE,
            "every thread waiting before set(); clear() returns True (gh-57711)",
            format!("{want:?}"),
            got.with_total(self.lines).to_string(),
            vec![],
        )
    }
}
