//! Every synchronisation type the queue uses, in one place, so that `--cfg loom` can swap the
//! real ones for loom's models, which explore every interleaving of a small test.
//!
//! Python's `queue.Queue` is built the same way: one `threading.Lock` and three
//! `threading.Condition`s over it. There is no poisoning in Python, so [`lock`] and [`wait`]
//! ignore it here: the queue's state is never left half-updated by a panic (no user code runs
//! while the lock is held, except `Ord` for a priority queue, which only reorders items).

#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};

use std::time::Duration;

/// Locks `m`, ignoring poisoning (Python's locks have none).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Waits on `cv`, ignoring poisoning.
pub(crate) fn wait<'a, T>(cv: &Condvar, g: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(g).unwrap_or_else(|e| e.into_inner())
}

/// Waits on `cv` for at most `d`, ignoring poisoning. (loom never times out: it only explores
/// the orders in which notifications arrive, which is what the models need.)
pub(crate) fn wait_timeout<'a, T>(
    cv: &Condvar,
    g: MutexGuard<'a, T>,
    d: Duration,
) -> MutexGuard<'a, T> {
    match cv.wait_timeout(g, d) {
        Ok((g, _)) => g,
        Err(e) => e.into_inner().0,
    }
}

/// How many times a caller that would block looks again before it sleeps (see
/// `GenericQueue::spin`). Under loom one round, so the models cover the spin path too: that
/// is how loom found that a putter coming back from a spin must check for shutdown before
/// it sleeps (or it sleeps through the shutdown's `notify_all`). Under loom the round does
/// not call `yield_now`: loom's yield leaves the thread a stale wakeup that lets its next
/// condvar wait return at once, which hid a deleted `notify_all` from the models.
#[cfg(not(loom))]
pub(crate) const SPINS: u32 = 16;
#[cfg(loom)]
pub(crate) const SPINS: u32 = 1;

/// Waits a little without sleeping: busy-waits for the first rounds, then gives the CPU away.
pub(crate) fn backoff(round: u32) {
    // Under loom, nothing: dropping and retaking the lock is already a point where loom
    // lets other threads run.
    #[cfg(loom)]
    let _ = round;
    #[cfg(not(loom))]
    {
        if round < 2 {
            for _ in 0..(32 << round) {
                std::hint::spin_loop();
            }
        } else {
            std::thread::yield_now();
        }
    }
}
