//! The slow path of [`Semaphore`]: what `acquire` does when the fast path found no free
//! permit. It counts itself among the waiters, in the same atomic number as the permits, so
//! that a release sees it and comes to wake it; then it sleeps until a permit is free.

use crate::semaphore::{Semaphore, WAITER, permits, waiters};
use std::time::Duration;

use crate::sync::{self, Deadline, Ordering};

impl Semaphore {
    /// Wakes up to `n` of the waiters a release found (kept out of line: the fast path only
    /// decides whether to call it).
    #[cold]
    pub(crate) fn wake(&self, n: usize) {
        self.parking.wake(n);
    }

    /// Waits for a permit at most `timeout` (`None`: for ever); whether it got one.
    #[cold]
    pub(crate) fn acquire_contended(&self, timeout: Option<Duration>) -> bool {
        if timeout == Some(Duration::ZERO) {
            return false; // `acquire(blocking=False)`: the fast path's look was all it asked for
        }
        // The clock is read only here, off the fast path.
        let deadline = Deadline::after(timeout);
        // Look again for a moment while nobody sleeps: a `Semaphore(1)` held for a moment is
        // a lock held for a moment, and sleeping costs two system calls.
        for _ in 0..sync::SPINS {
            if self.try_take() {
                return true;
            }
            if waiters(self.state.load(Ordering::Relaxed)) > 0 {
                break;
            }
            sync::spin_hint();
        }
        loop {
            // Counted first, looked at second: a release that comes after the count sees it
            // and wakes us; one that came before left a permit that the look below sees.
            self.state.fetch_add(WAITER, Ordering::Relaxed);
            let no_permit = || permits(self.state.load(Ordering::Relaxed)) == 0;
            let slept = self.parking.sleep_while(deadline, no_permit);
            self.state.fetch_sub(WAITER, Ordering::Relaxed);
            if self.try_take() {
                return true;
            }
            if !slept {
                return false; // the timeout passed, and the last look found no permit
            }
        }
    }
}
