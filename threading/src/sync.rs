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
pub(crate) use loom::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

/// How many times a blocked acquire looks again before it goes to sleep (Rust Atomics and
/// Locks, ch. 9: a lock is usually held for a moment, and a sleep costs two system calls).
/// Under loom one look is enough to explore that path; a hundred would only grow the search.
#[cfg(loom)]
pub(crate) const SPINS: u32 = 1;
#[cfg(not(loom))]
pub(crate) const SPINS: u32 = 100;

/// A hint to the CPU that this thread spins (a `pause` on x86). Under loom, nothing: the
/// spin is one look long there, and loom's `yield_now` would make the model run the other
/// threads first, leaving out the schedules where the spinner goes on at once.
pub(crate) fn spin_hint() {
    #[cfg(not(loom))]
    std::hint::spin_loop();
}

use std::time::{Duration, Instant};

/// Numbers handed to threads as they first ask ([`thread_token`]). Not part of what loom
/// models: a number only has to differ from every other thread's, whatever the order.
static NEXT_TOKEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn new_token() -> u64 {
    NEXT_TOKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(loom)]
loom::thread_local! {
    static TOKEN: u64 = new_token();
}

#[cfg(not(loom))]
std::thread_local! {
    static TOKEN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The calling thread as a non-zero number that no other thread of this process ever gets,
/// not even after this one ends (an `RLock`'s owner, kept in an atomic). A thread-local's
/// address would be cheaper, but a new thread can reuse a dead one's: it would then "own" an
/// `RLock` the dead thread left held.
#[inline]
pub(crate) fn thread_token() -> u64 {
    #[cfg(loom)]
    return TOKEN.with(|t| *t);
    #[cfg(not(loom))]
    return TOKEN.with(|t| {
        if t.get() == 0 {
            t.set(new_token());
        }
        t.get()
    });
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
}
