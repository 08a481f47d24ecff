//! Python's `threading.Semaphore` and `BoundedSemaphore`, built like [`Lock`](crate::Lock):
//! one atomic number holds the free permits and how many threads wait, so taking a free
//! permit is one compare-and-swap (the fast path, here) and only a thread that finds none
//! goes to the slow path (`semaphore_slow.rs`) to sleep until a release wakes it.

use std::num::NonZeroUsize;
use std::time::Duration;

use crate::parking::Parking;
use crate::sync::{AtomicU64, Ordering};

/// A counter of permits: Python's `threading.Semaphore(n)`. At most `n` holders at once.
///
/// `acquire` takes a permit, waiting while there is none; `release` gives one back and wakes a
/// waiter. Rust adds [`Semaphore::access`], which returns a guard that releases on drop: that is
/// Python's `with sem:`, and it releases even if the holder panics.
///
/// ```
/// use std::thread;
/// use threading::Semaphore;
///
/// let pool = Semaphore::new(2);
/// let inside = std::sync::atomic::AtomicUsize::new(0);
/// thread::scope(|s| {
///     for _ in 0..5 {
///         s.spawn(|| {
///             let _permit = pool.access();                        // with pool:
///             let now = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
///             assert!(now <= 2, "{now} inside a Semaphore(2)");
///             inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
///         });
///     }
/// });
/// assert_eq!(pool.available(), 2);
/// ```
///
/// Python's `Semaphore(-1)` is a `ValueError` at run time (CPython's `test_constructor`); the
/// count is a `usize` here, so it does not compile:
///
/// ```compile_fail,E0600
/// let s = threading::Semaphore::new(-1); // error[E0600]: cannot apply unary operator `-` to `usize`
/// ```
///
/// A stated difference from Python, whose counter is unbounded: at most [`Semaphore::MAX`]
/// permits (2,147,483,647). `Semaphore::new` with more starts at that many, and a release
/// past it is an `Err`, as from a bounded semaphore:
///
/// ```
/// let s = threading::Semaphore::new(usize::MAX);
/// assert_eq!(s.available(), threading::Semaphore::MAX);
/// assert!(s.release().is_err());
/// ```
#[derive(Debug)]
pub struct Semaphore {
    /// Free permits in the high 32 bits, threads waiting in the low 32: one number, so that
    /// a release sees in one step both the permit it gives and whether anyone waits.
    pub(crate) state: AtomicU64,
    /// Where the slow path sleeps.
    pub(crate) parking: Parking,
    /// `Some(n)` for Python's `BoundedSemaphore(n)`: never more than `n` permits.
    pub(crate) bound: Option<usize>,
    /// The bug this semaphore is built with, for loom to catch (`broken.rs`); no such
    /// field, and no check of it, outside loom.
    #[cfg(loom)]
    pub(crate) bug: Option<crate::broken::Bug>,
}

/// One permit, in [`Semaphore::state`].
pub(crate) const PERMIT: u64 = 1 << 32;
/// One waiting thread, in [`Semaphore::state`].
pub(crate) const WAITER: u64 = 1;

/// The free permits in a `state`.
#[inline]
pub(crate) fn permits(state: u64) -> usize {
    (state >> 32) as usize
}

/// The waiting threads in a `state`.
#[inline]
pub(crate) fn waiters(state: u64) -> u64 {
    state & (PERMIT - 1)
}

/// Python's `ValueError: Semaphore released too many times`, from a bounded semaphore.
///
/// ```
/// let s = threading::Semaphore::bounded(1);
/// let err = s.release().unwrap_err();
/// assert_eq!(err.to_string(), "Semaphore released too many times");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Semaphore released too many times")]
pub struct ReleasedTooManyTimes;

/// A held permit: dropping it releases it (Python: leaving a `with sem:` block).
#[derive(Debug)]
#[must_use = "the permit is released as soon as this guard is dropped"]
pub struct Permit<'a> {
    sem: &'a Semaphore,
}

impl Drop for Permit<'_> {
    #[inline]
    fn drop(&mut self) {
        // This permit was taken by `access`, so giving it back cannot exceed the bound.
        let _ = self.sem.release();
    }
}

/// Python's `Semaphore()`: one permit.
impl Default for Semaphore {
    fn default() -> Self {
        Semaphore::new(1)
    }
}

impl Semaphore {
    /// The most permits a semaphore holds (a stated difference: Python's has no limit).
    /// Releases racing on other threads may each pass it by one; the next release refuses.
    pub const MAX: usize = i32::MAX as usize;

    /// A semaphore with `permits` permits (Python: `Semaphore(permits)`), at most
    /// [`Semaphore::MAX`].
    pub fn new(permits: usize) -> Self {
        Semaphore {
            state: AtomicU64::new(permits.min(Self::MAX) as u64 * PERMIT),
            parking: Parking::default(),
            bound: None,
            #[cfg(loom)]
            bug: None,
        }
    }

    /// A semaphore that refuses to hold more than `permits` permits (Python:
    /// `BoundedSemaphore(permits)`): one release too many is an error, not a new permit.
    pub fn bounded(permits: usize) -> Self {
        Semaphore {
            bound: Some(permits.min(Self::MAX)),
            ..Semaphore::new(permits)
        }
    }

    /// Takes a permit, waiting while there is none (Python: `sem.acquire()`).
    #[inline]
    pub fn acquire(&self) {
        self.acquire_until(None);
    }

    /// Takes a permit if one is free right now (Python: `sem.acquire(blocking=False)`).
    #[inline]
    pub fn try_acquire(&self) -> bool {
        self.try_take()
    }

    /// Takes a permit, waiting at most `timeout`; whether it got one
    /// (Python: `sem.acquire(timeout=t)`).
    #[inline]
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(Some(timeout))
    }

    /// Takes a permit, waiting at most `timeout` (`None`: for ever). `#[inline]` on the fast
    /// path lets the caller's crate inline it, as std's `Mutex::lock` is.
    #[inline]
    fn acquire_until(&self, timeout: Option<Duration>) -> bool {
        self.try_take() || self.acquire_contended(timeout)
    }

    /// The fast path: takes a free permit with one compare-and-swap (a few if other threads
    /// change the number at the same moment); `false` at once if there is none.
    #[inline]
    pub(crate) fn try_take(&self) -> bool {
        let mut state = self.state.load(Ordering::Relaxed);
        while permits(state) > 0 {
            // `Acquire`: what the releaser wrote before giving the permit back is visible.
            match self.state.compare_exchange_weak(
                state,
                state - PERMIT,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(now) => state = now,
            }
        }
        false
    }

    /// Gives a permit back and wakes one waiter (Python: `sem.release()`). Only a bounded
    /// semaphore can fail, when the permit would be one more than it started with (or any
    /// semaphore past [`Semaphore::MAX`]).
    #[inline]
    pub fn release(&self) -> Result<(), ReleasedTooManyTimes> {
        #[cfg(loom)]
        if self.has(crate::broken::Bug::LosesAWaiter) {
            return self.look_then_release();
        }
        if self.bound.is_some() || permits(self.state.load(Ordering::Relaxed)) >= Self::MAX {
            return self.release_n(NonZeroUsize::MIN);
        }
        // Unbounded and below the limit: one `fetch_add`, no compare-and-swap loop. Threads
        // racing past the check can overshoot `MAX` by at most one permit each, and there are
        // fewer threads than the 2^31 permits of room between `MAX` and 32 bits.
        let state = self.state.fetch_add(PERMIT, Ordering::Release);
        if waiters(state) > 0 {
            self.wake(1);
        }
        Ok(())
    }

    /// Gives `n` permits back and wakes up to `n` waiters (Python 3.9+: `sem.release(n)`).
    /// A bounded semaphore refuses the whole release if it would hold more permits than it
    /// started with, and gives none back (as 3.9+'s `BoundedSemaphore.release(n)`). Python's
    /// `ValueError` for `n < 1` cannot happen: `n` is a `NonZeroUsize`.
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// let sem = threading::Semaphore::bounded(3);
    /// for _ in 0..3 {
    ///     sem.acquire();
    /// }
    /// sem.release_n(NonZeroUsize::new(2).unwrap()).unwrap();
    /// assert_eq!(sem.available(), 2);
    /// assert!(sem.release_n(NonZeroUsize::new(2).unwrap()).is_err()); // 4 > 3
    /// assert_eq!(sem.available(), 2);
    /// ```
    #[inline]
    pub fn release_n(&self, n: NonZeroUsize) -> Result<(), ReleasedTooManyTimes> {
        let n = n.get();
        let most = self.bound.unwrap_or(Self::MAX);
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if permits(state).saturating_add(n) > most {
                return Err(ReleasedTooManyTimes);
            }
            // `Release`: what we wrote while holding the permit is visible to its next taker.
            match self.state.compare_exchange_weak(
                state,
                state + n as u64 * PERMIT,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => state = now,
            }
        }
        // The same number said whether anyone waits: wake them only then (the slow path).
        if waiters(state) > 0 {
            self.wake(n);
        }
        Ok(())
    }

    /// Takes a permit and returns a guard that gives it back when dropped (Python: `with sem:`).
    #[inline]
    pub fn access(&self) -> Permit<'_> {
        self.acquire();
        Permit { sem: self }
    }

    /// How many permits are free right now (Python: `sem._value`, a private detail there).
    pub fn available(&self) -> usize {
        permits(self.state.load(Ordering::Relaxed))
    }
}
