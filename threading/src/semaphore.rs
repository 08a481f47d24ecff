//! Python's `threading.Semaphore` and `BoundedSemaphore`, built from a `Mutex` (free permits, and
//! how many wait) and a `Condvar`.

use std::num::NonZeroUsize;
use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex};

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
#[derive(Debug)]
pub struct Semaphore {
    state: Mutex<Permits>,
    released: Condvar,
    /// `Some(n)` for Python's `BoundedSemaphore(n)`: never more than `n` permits.
    bound: Option<usize>,
}

#[derive(Debug)]
struct Permits {
    free: usize,
    /// Threads blocked in `acquire`: `release` notifies only if there are any (std's
    /// `notify_one` is a system call even when nobody waits).
    waiting: usize,
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
    /// A semaphore with `permits` permits (Python: `Semaphore(permits)`).
    pub fn new(permits: usize) -> Self {
        Semaphore {
            state: Mutex::new(Permits {
                free: permits,
                waiting: 0,
            }),
            released: Condvar::new(),
            bound: None,
        }
    }

    /// A semaphore that refuses to hold more than `permits` permits (Python:
    /// `BoundedSemaphore(permits)`): one release too many is an error, not a new permit.
    pub fn bounded(permits: usize) -> Self {
        Semaphore {
            bound: Some(permits),
            ..Semaphore::new(permits)
        }
    }

    /// Takes a permit, waiting while there is none (Python: `sem.acquire()`).
    pub fn acquire(&self) {
        self.acquire_until(Deadline::after(None));
    }

    /// Takes a permit if one is free right now (Python: `sem.acquire(blocking=False)`).
    pub fn try_acquire(&self) -> bool {
        self.acquire_until(Deadline::after(Some(Duration::ZERO)))
    }

    /// Takes a permit, waiting at most `timeout`; whether it got one
    /// (Python: `sem.acquire(timeout=t)`).
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(Deadline::after(Some(timeout)))
    }

    fn acquire_until(&self, deadline: Deadline) -> bool {
        let mut st = sync::lock(&self.state);
        while st.free == 0 {
            st = match deadline.wait_counted(&self.released, st, |s| &mut s.waiting) {
                Ok(woken) => woken,
                Err(_) => return false,
            };
        }
        st.free -= 1;
        true
    }

    /// Gives a permit back and wakes one waiter (Python: `sem.release()`). Only a bounded
    /// semaphore can fail, when the permit would be one more than it started with.
    pub fn release(&self) -> Result<(), ReleasedTooManyTimes> {
        let mut st = sync::lock(&self.state);
        if self.bound.is_some_and(|b| st.free >= b) {
            return Err(ReleasedTooManyTimes);
        }
        st.free += 1;
        let someone_waits = st.waiting > 0;
        drop(st);
        if someone_waits {
            self.released.notify_one();
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
    pub fn release_n(&self, n: NonZeroUsize) -> Result<(), ReleasedTooManyTimes> {
        let n = n.get();
        let mut st = sync::lock(&self.state);
        if self.bound.is_some_and(|b| st.free.saturating_add(n) > b) {
            return Err(ReleasedTooManyTimes);
        }
        st.free += n;
        let waiting = st.waiting;
        drop(st);
        if n >= waiting {
            self.released.notify_all();
        } else {
            for _ in 0..n {
                self.released.notify_one();
            }
        }
        Ok(())
    }

    /// Takes a permit and returns a guard that gives it back when dropped (Python: `with sem:`).
    pub fn access(&self) -> Permit<'_> {
        self.acquire();
        Permit { sem: self }
    }

    /// How many permits are free right now (Python: `sem._value`, a private detail there).
    pub fn available(&self) -> usize {
        sync::lock(&self.state).free
    }
}
