//! The threading lesson's `Event` before the fix, kept only to show the bug CPython fixed in
//! gh-57711 (bpo-13502): its waiters look at the flag alone, so after `set(); clear()` a waiter
//! that gets the lock back after the `clear()` goes back to sleep and misses the `set`.
//! The fixed one is `threading::Event`.

#![allow(dead_code)]

#[cfg(loom)]
use loom::sync::{Condvar, Mutex};
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// `Event` as it was: a `Mutex<bool>` and a `Condvar`, waiting on the flag alone.
#[derive(Default)]
pub struct EventGh57711 {
    flag: Mutex<bool>,
    changed: Condvar,
    waiting: Mutex<usize>,
}

impl EventGh57711 {
    pub fn set(&self) {
        *self.flag.lock().unwrap() = true;
        self.changed.notify_all();
    }

    pub fn clear(&self) {
        *self.flag.lock().unwrap() = false;
    }

    /// The old `wait`: the bug is the `while !*up`, which never asks "was I woken by a set?".
    pub fn wait(&self) -> bool {
        let mut up = self.flag.lock().unwrap();
        *self.waiting.lock().unwrap() += 1;
        while !*up {
            up = self.changed.wait(up).unwrap();
        }
        *self.waiting.lock().unwrap() -= 1;
        true
    }

    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut up = self.flag.lock().unwrap();
        *self.waiting.lock().unwrap() += 1;
        while !*up {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            up = self.changed.wait_timeout(up, left).unwrap().0;
        }
        *self.waiting.lock().unwrap() -= 1;
        *up
    }

    pub fn waiting(&self) -> usize {
        *self.waiting.lock().unwrap()
    }
}
