//! The slow path of [`RLock`]: what `acquire` does when the one compare-and-swap of the fast
//! path found the lock held by another thread. The same steps as a `Lock`'s (`lock_slow.rs`:
//! look again a few times, then sleep until a release wakes it), on a word that also names
//! the holder, so "someone may sleep" is a bit beside the owner rather than a third value.

use std::time::Duration;

use crate::rlock::{FREE, RLock, WAITING};
use crate::sync::{self, Deadline, Ordering};

impl RLock {
    /// Wakes one sleeper, for a release that found [`WAITING`] set. Out of line: the fast
    /// path only decides whether to call it.
    #[cold]
    pub(crate) fn wake_one(&self) {
        self.parking.wake(1);
    }

    /// Waits at most `timeout` (`None`: for ever) to write `mine` into the word; whether it
    /// got the lock.
    #[cold]
    pub(crate) fn acquire_contended(&self, mine: u64, timeout: Option<Duration>) -> bool {
        if timeout == Some(Duration::ZERO) {
            return false; // `acquire(blocking=False)`: one try was all it asked for
        }
        let deadline = Deadline::after(timeout);
        // First look again for a moment, while nobody sleeps: the holder is usually about to
        // let go, and sleeping and being woken cost a system call each.
        for _ in 0..sync::SPINS {
            let word = self.state.load(Ordering::Relaxed);
            if word & WAITING != 0 {
                break; // someone sleeps already: queue up behind them
            }
            if word == FREE
                && self
                    .state
                    .compare_exchange(FREE, mine, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            {
                return true;
            }
            sync::spin_hint();
        }
        // Then sleep. Setting the bit says "someone may sleep, wake them on release"; if the
        // word was free, it is ours (with the bit: maybe a wake too many, never one too few).
        // Woken, try again: another thread may have taken it first.
        loop {
            let was = self
                .state
                .fetch_update(Ordering::Acquire, Ordering::Relaxed, |word| {
                    Some(if word == FREE { mine } else { word } | WAITING)
                })
                .unwrap_or_else(|word| word); // the closure always returns `Some`
            if was == FREE {
                return true;
            }
            let still_held = || self.state.load(Ordering::Relaxed) & WAITING != 0;
            if !self.parking.sleep_while(deadline, still_held) {
                return false; // the timeout passed, and the last look found it taken
            }
        }
    }
}
