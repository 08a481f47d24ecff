//! Where a blocked [`Lock`](crate::Lock) or [`Semaphore`](crate::Semaphore) acquire sleeps:
//! the slow path's bed. Rust Atomics and Locks (ch. 8 and 9) sleeps on the lock's own atomic
//! with a futex, `wait(&state, 2)` and `wake_one(&state)`; this is that pair made of a `Mutex`
//! and a `Condvar`, so that a sleep can time out (Python's `acquire(timeout=t)`) and loom can
//! check it. Only threads that must wait ever come here; the fast path never does.

use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex};

/// Sleeping threads, and the `Condvar` they sleep on.
#[derive(Debug, Default)]
pub(crate) struct Parking {
    /// How many sleep right now: a wake with nobody asleep skips the `notify` system call.
    sleepers: Mutex<usize>,
    woken: Condvar,
}

impl Parking {
    /// Sleeps while `blocked()` holds, until woken (or spuriously) or the deadline passes.
    /// `false` only if the deadline had passed before it slept: the caller gives up.
    ///
    /// No wake-up can be lost: `blocked()` is looked at with the parking mutex held, and a
    /// waker changes the lock's atomic *before* it takes that mutex to wake. Either this
    /// thread sees the change and does not sleep, or it is asleep when the wake comes.
    pub(crate) fn sleep_while(&self, deadline: Deadline, blocked: impl FnOnce() -> bool) -> bool {
        let mut sleepers = sync::lock(&self.sleepers);
        let left = match deadline.left() {
            None => return false,
            Some(left) => left,
        };
        if !blocked() {
            return true;
        }
        *sleepers += 1;
        sleepers = if left == Duration::MAX {
            sync::wait(&self.woken, sleepers)
        } else {
            sync::wait_timeout(&self.woken, sleepers, left)
        };
        *sleepers -= 1;
        true
    }

    /// Wakes at most `n` sleepers (all of them for `usize::MAX`).
    pub(crate) fn wake(&self, n: usize) {
        let sleepers = sync::lock(&self.sleepers);
        if *sleepers == 0 {
            return;
        }
        if n >= *sleepers {
            self.woken.notify_all();
        } else {
            for _ in 0..n {
                self.woken.notify_one();
            }
        }
    }
}
