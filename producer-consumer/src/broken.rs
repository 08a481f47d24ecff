//! A deliberately broken queue, kept to show why the real one is written the way it is.
//!
//! [`IfQueue::get`] checks "is it empty?" with `if` instead of `while` before sleeping: it
//! believes that being woken means an item is there for it. But between the `notify_one` and
//! the moment the woken getter gets the lock back, another getter can walk in and take the
//! item. The woken one then finds the queue empty, and here it panics: "woken, so there must
//! be an item". In Python the same bug raises `IndexError: pop from an empty deque`.
//!
//! The window is a few instructions wide, so a test that merely runs it may pass a million
//! times. `tests/loom_broken_queue.rs` lets loom try every interleaving of three threads and
//! it finds the bad one every time.

use std::collections::VecDeque;

use crate::sync::{self, Condvar, Mutex};

/// A queue with the check-then-wait bug: `if` where there must be a `while`.
#[derive(Default)]
pub struct IfQueue<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
}

impl<T> IfQueue<T> {
    /// An empty, unbounded queue.
    pub fn new() -> Self {
        IfQueue {
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
        }
    }

    /// Puts an item and wakes one getter (this part is fine).
    pub fn put(&self, item: T) {
        sync::lock(&self.items).push_back(item);
        self.not_empty.notify_one();
    }

    /// Takes an item. BUG: waits at most once, then assumes an item is there.
    ///
    /// # Panics
    /// When another getter took the item this one was woken for.
    pub fn get(&self) -> T {
        let mut items = sync::lock(&self.items);
        if items.is_empty() {
            items = sync::wait(&self.not_empty, items);
        }
        items
            .pop_front()
            .expect("woken, so there must be an item (the check-then-wait bug)")
    }
}
