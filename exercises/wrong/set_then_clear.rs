//! A wrong fix of `set-then-clear`: a timeout on the wait, so the waiter looks at the flag
//! again and again. The flag was up only between `set` and `clear`: however often the waiter
//! looks afterwards, it is down.
//!
//! Exercise `set-then-clear` (threading lesson, cell `event`: new, not in the notebook, whose
//! threads wait for each other with `join`; here they wait for a signal).
//!
//! `Event` below is built by hand from a flag and a `Condition`, as Python's `threading.Event`
//! is. Main waits until every waiter is blocked in `wait`, then calls `set()` and at once
//! `clear()`. Every waiter must return from `wait`, even though the flag is already down
//! again by the time it looks. Fix `Event::wait` only. Judge it with
//! `cargo xtask exercise set-then-clear`.
//!
//! The same bug in Python (CPython's own `Event` had it: gh-57711):
//!
//! ```python
//! def wait(self):
//!     with self._cond:
//!         while not self._flag:   # woken by set(), but clear() came first:
//!             self._cond.wait()   # the flag is down, so back to sleep, for ever
//! ```

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use exercises::lab;
use exercises::sync::Condition;
use exercises::sync::atomic::{AtomicBool, Ordering};
use interleaving::Actor;

const WAITERS: usize = 3;

/// The judge's gate: a woken waiter looks at the flag only once main has cleared it (or this
/// long has passed), as it may on a busy machine, every run rather than by chance.
const GATE: &str = "cleared";
const PATIENCE: Duration = Duration::from_millis(500);

fn main() -> ExitCode {
    lab::run("threading", "set-then-clear", &[("waiters", &WAITERS)], run)
}

// The judge runs this program, and also model-checks `Event` with loom (a waiter, and a setter
// that calls `set` then `clear`, in every interleaving): keep its methods, and take the atomic
// and the `Condition` from `exercises::sync` (the lab's, or loom's under the model checker).

/// A flag threads can wait for (Python's `threading.Event`): the flag, and a `Condition`
/// that `set` rings to wake the waiters.
struct Event {
    flag: AtomicBool,
    bell: Condition<()>,
}

impl Event {
    fn new() -> Self {
        Event {
            flag: AtomicBool::new(false),
            bell: Condition::new(()),
        }
    }

    /// Raises the flag and wakes every waiter.
    fn set(&self) {
        let mut bell = self.bell.lock();
        self.flag.store(true, Ordering::SeqCst);
        bell.notify_all();
    }

    /// Lowers the flag.
    fn clear(&self) {
        self.flag.store(false, Ordering::SeqCst);
    }

    /// Blocks until the event is set.
    fn wait(&self) {
        let mut bell = self.bell.lock();
        while !self.flag.load(Ordering::SeqCst) {
            if bell.wait_timeout(Duration::from_millis(10)) {
                lab::rendezvous(GATE, 2, PATIENCE); // a woken thread takes a moment to run
            }
        }
    }

    /// How many threads are blocked in `wait`, not yet woken.
    fn waiting(&self) -> usize {
        self.bell.lock().waiting()
    }
}

/// Once every waiter is blocked in `wait`, `set` and at once `clear`.
fn pulse(main: &Actor, event: &Event) {
    while event.waiting() < WAITERS {
        thread::yield_now();
    }
    main.emit("set", "then clear");
    event.set();
    event.clear();
    lab::rendezvous(GATE, 2, PATIENCE);
}

fn run(main: &Actor) -> anyhow::Result<()> {
    let event = Event::new();
    thread::scope(|s| {
        let waiters: Vec<_> = (1..=WAITERS)
            .map(|w| {
                lab::spawn(s, main, &format!("waiter-{w}"), |me| {
                    me.emit("wait", "for the set");
                    event.wait();
                    me.emit("woke", "wait returned");
                })
            })
            .collect();
        pulse(main, &event);
        waiters.into_iter().try_for_each(|w| lab::join(main, w))
    })
}
