//! A deliberately broken queue, kept to show why the real one is written the way it is.
//!
//! [`IfQueue::get`] checks "is it empty?" with `if` instead of `while` before sleeping: it
//! believes that being woken means an item is there for it. But between the `notify_one` and
//! the moment the woken getter gets the lock back, another getter can walk in and take the
//! item. The woken one then finds the queue empty, and here it panics: "woken, so there must
//! be an item". In Python the same bug raises `IndexError: pop from an empty deque`.
//!
//! [`OneCondvarQueue`] has the other classic bug: putters and getters sleep on the *same*
//! condvar, and `notify_one` wakes one sleeper, any kind. When it wakes a getter where a
//! putter was needed, the getter finds nothing, sleeps again, and everyone sleeps forever.
//! Python's `queue.py` avoids it the way ours does: one condvar per kind of waiter.
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

/// A bounded queue whose putters and getters share one condvar, woken with `notify_one`.
/// BUG: a `notify_one` meant for a putter can wake a getter instead; nobody is left awake.
pub struct OneCondvarQueue<T> {
    maxsize: usize,
    items: Mutex<VecDeque<T>>,
    changed: Condvar,
}

impl<T> OneCondvarQueue<T> {
    /// An empty queue holding at most `maxsize` items (at least 1).
    pub fn new(maxsize: usize) -> Self {
        OneCondvarQueue {
            maxsize: maxsize.max(1),
            items: Mutex::new(VecDeque::new()),
            changed: Condvar::new(),
        }
    }

    /// Waits for room (with a correct `while`), puts, wakes one sleeper of either kind.
    pub fn put(&self, item: T) {
        let mut items = sync::lock(&self.items);
        while items.len() >= self.maxsize {
            items = sync::wait(&self.changed, items);
        }
        items.push_back(item);
        drop(items);
        self.changed.notify_one();
    }

    /// Waits for an item (with a correct `while`), takes it, wakes one sleeper of either kind.
    pub fn get(&self) -> T {
        let mut items = sync::lock(&self.items);
        loop {
            if let Some(item) = items.pop_front() {
                drop(items);
                self.changed.notify_one();
                return item;
            }
            items = sync::wait(&self.changed, items);
        }
    }
}
