//! What the pool cell's run shows besides its output: the work done in worker processes
//! (asserted), the order the items finished in and the speedup (observed). Each is a fold
//! that keeps a few numbers, not the lines.

use std::collections::{BTreeMap, BTreeSet};

use interleaving::declare::field;
use interleaving::fold::Fold;
use interleaving::rule::violated;
use interleaving::shown::Shown;
use interleaving::{Line, Outcome};

use crate::kinds;

/// Every `done` event comes from a process other than main's: the pool really used workers.
///
/// Its state: main's pids, and per pid the first `done` from it (its line and quote). A
/// `done` is judged at the end, as main's pids may show up after it.
#[derive(Default)]
pub(super) struct WorkElsewhere {
    main_pids: BTreeSet<u32>,
    first_done: BTreeMap<u32, (usize, String)>,
}

impl Fold for WorkElsewhere {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor == "main" {
            self.main_pids.insert(e.pid);
        }
        if e.kind == kinds::DONE && !self.first_done.contains_key(&e.pid) {
            let quote = format!("line {}: {} {:?} by {}", l.no, e.kind, e.value, e.actor);
            self.first_done.insert(e.pid, (l.no, quote));
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        // The first `done` in main's process, in trace order.
        let found = (self.first_done.iter())
            .filter(|(pid, _)| self.main_pids.contains(pid))
            .map(|(_, done)| done)
            .min_by_key(|(line, _)| *line);
        match found {
            None if !self.first_done.is_empty() => Outcome::Held,
            found => violated(
                "custom",
                "every pool item is done in a worker process, not in main's",
                "a worker's pid for each done event".into(),
                found.map_or("no done event".into(), |(_, quote)| {
                    format!("{quote} in main's process")
                }),
                found.map(|(line, _)| vec![*line]).unwrap_or_default(),
            ),
        }
    }
}

/// Observation: the order in which pool items finished. Its state: the values of the first
/// [`Shown::MAX`] `done` events, and how many more came.
#[derive(Default)]
pub(super) struct CompletionOrder {
    done: Shown<String>,
}

impl Fold for CompletionOrder {
    fn line(&mut self, l: &Line) {
        if l.event.kind == kinds::DONE {
            self.done.push(l.event.value.clone());
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        let mut order = self.done.first().join(",");
        if self.done.more() > 0 {
            order.push_str(&format!(", and {} more", self.done.more()));
        }
        Outcome::Observed(format!("items finished in order {order}"))
    }
}

/// Observation: sequential time over pool time, in this run (`measure` fields by main). Its
/// state: the first of each time main measured.
#[derive(Default)]
pub(super) struct Speedup {
    sequential_us: Option<f64>,
    pool_us: Option<f64>,
}

impl Fold for Speedup {
    fn line(&mut self, l: &Line) {
        let e = &l.event;
        if e.actor != "main" || e.kind != kinds::MEASURE {
            return;
        }
        for (name, time) in [
            ("sequential_us", &mut self.sequential_us),
            ("pool_us", &mut self.pool_us),
        ] {
            if time.is_none() {
                *time = field(&e.value, name).and_then(|v| v.parse().ok());
            }
        }
    }

    fn finish(self: Box<Self>) -> Outcome {
        match (self.sequential_us, self.pool_us) {
            (Some(s), Some(p)) if p > 0.0 => Outcome::Observed(format!("{:.2}x", s / p)),
            _ => Outcome::Observed("not measured".into()),
        }
    }
}
