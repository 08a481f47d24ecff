//! Every synchronisation type the lib's primitives use, from one place: `std::sync` in a normal
//! build, `loom::sync` under `RUSTFLAGS="--cfg loom"`, so `tests/loom_*.rs` can explore every
//! interleaving of [`crate::Event`], [`crate::Condition`], [`crate::RLock`],
//! [`crate::Barrier`] and the rest with the very same code.
//!
//! loom does not model time: under loom a `wait_timeout` is a plain `wait`, so the loom models
//! only use the timed methods with a zero timeout (which never reaches the `Condvar`).

#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};

#[cfg(loom)]
pub(crate) use loom::thread::ThreadId;
#[cfg(not(loom))]
pub(crate) use std::thread::ThreadId;

use std::time::{Duration, Instant};

/// The calling thread's id (an `RLock`'s owner).
pub(crate) fn current_thread() -> ThreadId {
    #[cfg(loom)]
    return loom::thread::current().id();
    #[cfg(not(loom))]
    return std::thread::current().id();
}

/// Locks `m`, ignoring poisoning. Python has no poisoning: a thread that dies while holding a
/// `Lock` just leaves it locked. Our primitives guard only flags and counters that every
/// method leaves consistent before it can panic, so taking the value as it is is always right.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `cv.wait(guard)`, ignoring poisoning for the same reason as [`lock`].
pub(crate) fn wait<'a, T>(cv: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(guard)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `cv.wait_timeout(guard, d)`, ignoring poisoning. Callers re-check their own condition and
/// the clock ([`Deadline`]) rather than trusting the timed-out flag.
pub(crate) fn wait_timeout<'a, T>(
    cv: &Condvar,
    guard: MutexGuard<'a, T>,
    d: Duration,
) -> MutexGuard<'a, T> {
    match cv.wait_timeout(guard, d) {
        Ok((g, _)) => g,
        Err(e) => e.into_inner().0,
    }
}

/// When a timed wait gives up. `None` inside means "never": Python's `timeout=None`, or a
/// timeout so long that `Instant + timeout` would overflow.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    /// The deadline `timeout` from now; `None` waits for ever.
    pub(crate) fn after(timeout: Option<Duration>) -> Self {
        Deadline(timeout.and_then(|t| Instant::now().checked_add(t)))
    }

    /// Python's `acquire(blocking)`: wait for ever, or not at all.
    pub(crate) fn blocking(blocking: bool) -> Self {
        Deadline::after((!blocking).then_some(Duration::ZERO))
    }

    /// Time left, or `None` once it has passed. Never is `Duration::MAX` left.
    pub(crate) fn left(self) -> Option<Duration> {
        match self.0 {
            None => Some(Duration::MAX),
            Some(d) => Some(d.saturating_duration_since(Instant::now())).filter(|l| !l.is_zero()),
        }
    }

    /// Waits on `cv` until notified, spuriously woken, or the deadline; `None` if the deadline
    /// had already passed (the guard is then handed back untouched in `Err`).
    pub(crate) fn wait<'a, T>(
        self,
        cv: &Condvar,
        guard: MutexGuard<'a, T>,
    ) -> Result<MutexGuard<'a, T>, MutexGuard<'a, T>> {
        match self.left() {
            None => Err(guard),
            Some(Duration::MAX) => Ok(wait(cv, guard)),
            Some(left) => Ok(wait_timeout(cv, guard, left)),
        }
    }

    /// [`Deadline::wait`] for the primitives that count their waiters (`waiting(state)`), so
    /// that a release wakes someone only when someone waits: the count is up while this thread
    /// sleeps. `Err` once the deadline has passed.
    pub(crate) fn wait_counted<'a, T>(
        self,
        cv: &Condvar,
        mut guard: MutexGuard<'a, T>,
        waiting: fn(&mut T) -> &mut usize,
    ) -> Result<MutexGuard<'a, T>, MutexGuard<'a, T>> {
        *waiting(&mut guard) += 1;
        let woken = self.wait(cv, guard);
        let timed_out = woken.is_err();
        let mut guard = woken.unwrap_or_else(|g| g);
        *waiting(&mut guard) -= 1;
        if timed_out { Err(guard) } else { Ok(guard) }
    }
}
