//! Exercise `two-lanes` (producer-consumer lesson, cell `two-lanes`; notebook In [13]: "a
//! queue in python is inbuilt with mutex").
//!
//! A queue with one lane per producer, so producers never contend, and each consumer looks
//! at its own lane first. Nothing is lost, nothing is got twice, each producer's order is
//! kept: and yet it is not a queue. When producer 1's `put(1:0)` returned before producer
//! 2's `put(2:0)` began, a queue must hand out `1:0` first; consumer 2 gets `2:0`. Make it a
//! queue: every history explained by one-at-a-time FIFO operations (linearizable). Judge it
//! with `cargo xtask exercise two-lanes`.
//!
//! The same bug in Python:
//!
//! ```python
//! lanes = [queue.Queue(), queue.Queue()]      # each one is fine on its own
//! def put(me, item): lanes[me].put(item)
//! def get(home):
//!     for k in (home, 1 - home):
//!         try: return lanes[k].get_nowait()
//!         except queue.Empty: pass
//! ```

use std::collections::VecDeque;
use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard};

use exercises::lab;
use exercises::ring::{LaneQueue, two_producers_two_consumers};
use interleaving::Actor;

const ROUNDS: u64 = 5;

fn main() -> ExitCode {
    lab::run(
        "producer-consumer",
        "two-lanes",
        &[("items", &ROUNDS)],
        |main: &Actor| two_producers_two_consumers(main, &TwoLanes::default(), ROUNDS),
    )
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One FIFO lane per producer, each under its own lock.
#[derive(Default)]
struct TwoLanes {
    lanes: [Mutex<VecDeque<String>>; 2],
}

impl LaneQueue for TwoLanes {
    fn put(&self, lane: usize, item: String) {
        lock(&self.lanes[lane % 2]).push_back(item);
    }

    fn get_nowait(&self, home: usize) -> Option<String> {
        (0..2).find_map(|k| lock(&self.lanes[(home + k) % 2]).pop_front())
    }
}
