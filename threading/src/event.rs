//! Python's `threading.Event`, built from a `Mutex` and a `Condvar`, with the fix for CPython's
//! gh-57711 (bpo-13502): a waiter woken by `set()` returns `true` even if `clear()` came first.

use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex};

/// A flag threads can wait for: Python's `threading.Event`, with the same four methods.
///
/// `set` wakes every waiter; `clear` lowers the flag again; `wait` blocks until the flag is up;
/// `wait_timeout` gives up after a while and, like Python's `wait(timeout)`, returns `false`.
///
/// Why a generation counter: `set(); clear()` in a row lowers the flag before the woken
/// waiters get the lock back. A waiter that looked only at the flag would go back to sleep and
/// miss the `set` (the bug CPython fixed in gh-57711). Each `set` bumps `generation`, so a
/// waiter that saw an older generation knows a `set` happened while it slept.
///
/// ```
/// use std::thread;
/// use std::time::Duration;
/// use threading::Event;
///
/// let ready = Event::new();
/// assert!(!ready.wait_timeout(Duration::from_millis(1))); // nobody set it: False
/// thread::scope(|s| {
///     s.spawn(|| assert!(ready.wait()));  // blocks until main sets it
///     ready.set();
/// });
/// assert!(ready.is_set());
/// ```
#[derive(Debug, Default)]
pub struct Event {
    state: Mutex<Flag>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct Flag {
    up: bool,
    /// How many times `set` raised the flag: a waiter's "has a set happened since I came?".
    generation: u64,
    /// Threads inside `wait` right now.
    waiting: usize,
}

impl Event {
    /// A new event whose flag is down (Python: `Event()`).
    pub fn new() -> Self {
        Event::default()
    }

    /// Raises the flag and wakes every waiter (Python: `event.set()`).
    pub fn set(&self) {
        let mut f = sync::lock(&self.state);
        if !f.up {
            f.up = true;
            f.generation += 1;
        }
        // std's notify_all is a system call even when nobody waits: skip it then.
        let someone_waits = f.waiting > 0;
        drop(f);
        if someone_waits {
            self.changed.notify_all();
        }
    }

    /// Lowers the flag (Python: `event.clear()`). Waiters already woken by a `set` still
    /// return `true`.
    pub fn clear(&self) {
        sync::lock(&self.state).up = false;
    }

    /// Whether the flag is up (Python: `event.is_set()`).
    pub fn is_set(&self) -> bool {
        sync::lock(&self.state).up
    }

    /// Blocks until the flag is up, or a `set` happened while waiting; returns `true`
    /// (Python: `event.wait()` returns `True`).
    pub fn wait(&self) -> bool {
        self.wait_until(Deadline::after(None))
    }

    /// Like [`wait`](Self::wait) but gives up after `timeout`; whether the event was set
    /// (Python: `event.wait(timeout)` returns `True` or `False`).
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.wait_until(Deadline::after(Some(timeout)))
    }

    fn wait_until(&self, deadline: Deadline) -> bool {
        let mut f = sync::lock(&self.state);
        if f.up {
            return true;
        }
        let seen = f.generation;
        f.waiting += 1;
        let set = loop {
            if f.up || f.generation != seen {
                break true;
            }
            f = match deadline.wait(&self.changed, f) {
                Ok(g) => g,
                Err(g) => {
                    f = g;
                    break false;
                }
            };
        };
        f.waiting -= 1;
        set
    }

    /// How many threads are blocked in `wait` right now (a snapshot; CPython keeps it as
    /// `len(event._cond._waiters)`). Tests use it to know their waiters are in place.
    pub fn waiting(&self) -> usize {
        sync::lock(&self.state).waiting
    }
}
