//! Every synchronisation type the lib's primitives use, from one place: `std::sync` in a normal
//! build, `loom::sync` under `RUSTFLAGS="--cfg loom"`, so `tests/loom_*.rs` can explore every
//! interleaving of [`crate::Event`] and [`crate::Semaphore`] with the very same code.

#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};

/// Locks `m`, ignoring poisoning. Python has no poisoning: a thread that dies while holding a
/// `Lock` just leaves it locked. Our primitives guard only a flag or a counter, which a panic
/// cannot leave half-written, so taking the value as it is is always right.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `cv.wait(guard)`, ignoring poisoning for the same reason as [`lock`].
pub(crate) fn wait<'a, T>(cv: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    cv.wait(guard)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `cv.wait_timeout(guard, d)`, ignoring poisoning; the flag says whether it timed out.
pub(crate) fn wait_timeout<'a, T>(
    cv: &Condvar,
    guard: MutexGuard<'a, T>,
    d: std::time::Duration,
) -> MutexGuard<'a, T> {
    match cv.wait_timeout(guard, d) {
        Ok((g, _)) => g,
        Err(e) => e.into_inner().0,
    }
}
