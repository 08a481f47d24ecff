//! Python's `threading.Event`, built from a `Mutex<bool>` and a `Condvar`.

use std::time::{Duration, Instant};

use crate::sync::{self, Condvar, Mutex};

/// A flag threads can wait for: Python's `threading.Event`, with the same four methods.
///
/// `set` wakes every waiter; `clear` lowers the flag again; `wait` blocks until the flag is up;
/// `wait_timeout` gives up after a while and, like Python's `wait(timeout)`, returns the flag.
/// Waiting loops on the flag, so a spurious wake-up of the `Condvar` is harmless.
///
/// ```
/// use std::thread;
/// use std::time::Duration;
/// use threading::Event;
///
/// let ready = Event::new();
/// assert!(!ready.wait_timeout(Duration::from_millis(1))); // nobody set it: False
/// thread::scope(|s| {
///     s.spawn(|| ready.wait());   // blocks until main sets it
///     ready.set();
/// });
/// assert!(ready.is_set());
/// ```
#[derive(Debug, Default)]
pub struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    /// A new event whose flag is down (Python: `Event()`).
    pub fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// Raises the flag and wakes every waiter (Python: `event.set()`).
    pub fn set(&self) {
        *sync::lock(&self.flag) = true;
        self.changed.notify_all();
    }

    /// Lowers the flag (Python: `event.clear()`).
    pub fn clear(&self) {
        *sync::lock(&self.flag) = false;
    }

    /// Whether the flag is up (Python: `event.is_set()`).
    pub fn is_set(&self) -> bool {
        *sync::lock(&self.flag)
    }

    /// Blocks until the flag is up (Python: `event.wait()`).
    pub fn wait(&self) {
        let mut up = sync::lock(&self.flag);
        while !*up {
            up = sync::wait(&self.changed, up);
        }
    }

    /// Blocks until the flag is up or `timeout` has passed; returns the flag
    /// (Python: `event.wait(timeout)` returns `True` or `False`).
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let mut up = sync::lock(&self.flag);
        while !*up {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::MAX, // a timeout past the end of time: wait for ever
            };
            if left.is_zero() {
                break;
            }
            up = sync::wait_timeout(&self.changed, up, left);
        }
        *up
    }
}
