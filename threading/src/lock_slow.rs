//! The slow path of [`Lock`]: what `acquire` does when the one compare-and-swap of the fast
//! path found the lock taken. In Python terms, this is the part of `lock.acquire()` that
//! blocks; it is where a timeout can end the wait.

use crate::lock::{CONTENDED, LOCKED, Lock, UNLOCKED};
use std::time::Duration;

use crate::sync::{self, Deadline, Ordering};

impl Lock {
    /// Wakes one sleeper, for a release that found the lock contended (2). Out of line: the
    /// fast path only decides whether to call it.
    #[cold]
    pub(crate) fn wake_one(&self) {
        #[cfg(loom)]
        if self.has(crate::broken::Bug::ForgetsTheWake) {
            return; // the bug: a sleeper stays asleep
        }
        self.parking.wake(1);
    }

    /// Waits for the lock at most `timeout` (`None`: for ever); whether it got it.
    #[cold]
    pub(crate) fn acquire_contended(&self, timeout: Option<Duration>) -> bool {
        if timeout == Some(Duration::ZERO) {
            return false; // `acquire(blocking=False)`: one try was all it asked for
        }
        // The clock is read only here: a fast path that reads it would cost twice as much.
        let deadline = Deadline::after(timeout);
        // First look again for a moment: the holder is usually about to let go, and
        // sleeping and being woken cost a system call each. Spin only while nobody sleeps
        // (1): if someone already does (2), queue up behind them.
        for _ in 0..sync::SPINS {
            match self.state.load(Ordering::Relaxed) {
                UNLOCKED => {
                    if self
                        .state
                        .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
                        .is_ok()
                    {
                        return true;
                    }
                }
                LOCKED => {}
                _ => break,
            }
            sync::spin_hint();
        }
        // Then sleep. Setting 2 says "someone may sleep, wake them on release"; if the swap
        // found 0, the lock was free and is ours (marked 2: maybe a wake too many, never one
        // too few). Woken, try again: another thread may have taken it first.
        loop {
            if self.state.swap(CONTENDED, Ordering::Acquire) == UNLOCKED {
                return true;
            }
            let still_held = || self.state.load(Ordering::Relaxed) == CONTENDED;
            if !self.parking.sleep_while(deadline, still_held) {
                return false; // the timeout passed, and the last look found it taken
            }
        }
    }
}
