//! A broken queue that looks fine: one lane per producer, so producers never contend, and
//! each consumer looks at its own "home" lane first. Every lane is a proper FIFO under its
//! own lock, so nothing is lost, nothing is got twice, and each producer's items come out in
//! the order that producer put them: every property of the P x C cell holds.
//!
//! And yet it is not a queue. If producer 1's `put(a)` returned before producer 2's `put(b)`
//! began, a queue must hand out `a` first; a consumer whose home lane is producer 2's takes
//! `b` while `a` waits. No order of one-at-a-time operations explains that: the history is
//! not linearizable, and [`interleaving::linear`] says so, naming the four operations.

use std::collections::VecDeque;

use crate::GetError;
use crate::sync::{self, Mutex};

/// One FIFO lane per producer.
///
/// ```
/// let q = producer_consumer::Lanes::new(2);
/// q.put(0, "a");              // producer 1, lane 0
/// q.put(1, "b");              // later, producer 2, lane 1
/// assert_eq!(q.get_nowait(1), Ok("b")); // a consumer whose home is lane 1: b before a
/// assert_eq!(q.get_nowait(1), Ok("a"));
/// ```
pub struct Lanes<T> {
    lanes: Vec<Mutex<VecDeque<T>>>,
}

impl<T> Lanes<T> {
    /// `n` empty lanes (at least one).
    pub fn new(n: usize) -> Self {
        Lanes {
            lanes: (0..n.max(1)).map(|_| Mutex::new(VecDeque::new())).collect(),
        }
    }

    /// Puts `item` on lane `lane` (modulo the number of lanes): the producer's own.
    pub fn put(&self, lane: usize, item: T) {
        let lane = &self.lanes[lane % self.lanes.len()];
        sync::lock(lane).push_back(item);
    }

    /// Takes the oldest item of the first non-empty lane, starting at `home`; `Empty` if all
    /// lanes are empty. Each lane is locked on its own: there is no moment when the whole
    /// queue is seen at once, which is exactly what a single lock would give.
    pub fn get_nowait(&self, home: usize) -> Result<T, GetError> {
        let n = self.lanes.len();
        (0..n)
            .find_map(|k| sync::lock(&self.lanes[(home + k) % n]).pop_front())
            .ok_or(GetError::Empty)
    }
}
