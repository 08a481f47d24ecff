//! Python's `threading.Lock`, built the way Rust Atomics and Locks (ch. 9) builds a mutex: one
//! atomic number is the whole lock, and taking a free lock is one compare-and-swap of that
//! number from 0 to 1, the *fast path*, the only code an uncontended `with lock:` runs.
//! Only a thread that finds the lock taken goes on to the *slow path* (`lock_slow.rs`): look
//! again a few times, then sleep ([`Parking`]) until a release wakes it. CPython 3.13's
//! `PyMutex` is the same idea in C: one atomic byte, then a parking lot.

use std::time::Duration;

use crate::parking::Parking;
use crate::sync::{AtomicU32, Ordering};

/// A lock with no owner: Python's `threading.Lock`.
///
/// Unlike `std::sync::Mutex` it guards no data, any thread may release it (CPython's
/// `test_different_thread`), `acquire` can give up (`blocking=False`, a timeout), and a panic
/// inside `with lock:` ([`Lock::hold`]) releases it without poisoning anything.
///
/// ```
/// use std::time::Duration;
/// use threading::Lock;
///
/// let lock = Lock::new();
/// {
///     let _held = lock.hold();                        // with lock:
///     assert!(lock.locked());
///     assert!(!lock.acquire(false));                  // lock.acquire(blocking=False)
///     assert!(!lock.acquire_timeout(Duration::from_millis(1))); // lock.acquire(timeout=0.001)
/// }
/// assert!(!lock.locked());
/// ```
///
/// Python's `lock.acquire(timeout=-100)` is a `ValueError` at run time; a `Duration` cannot
/// be negative, so here it does not compile:
///
/// ```compile_fail,E0600
/// let lock = threading::Lock::new();
/// lock.acquire_timeout(std::time::Duration::from_secs(-100)); // error[E0600]: cannot apply `-` to `u64`
/// ```
#[derive(Debug, Default)]
pub struct Lock {
    /// [`UNLOCKED`], [`LOCKED`], or [`CONTENDED`]: the whole lock, for the fast path.
    pub(crate) state: AtomicU32,
    /// Where the slow path sleeps (see `lock_slow.rs`).
    pub(crate) parking: Parking,
    /// The bug this lock is built with, for loom to catch (`broken.rs`); no such field, and
    /// no check of it, outside loom.
    #[cfg(loom)]
    pub(crate) bug: Option<crate::broken::Bug>,
}

/// Nobody holds the lock.
pub(crate) const UNLOCKED: u32 = 0;
/// Someone holds it, and nobody sleeps waiting for it: `release` has nobody to wake.
pub(crate) const LOCKED: u32 = 1;
/// Someone holds it and someone may be asleep waiting: `release` must wake one.
pub(crate) const CONTENDED: u32 = 2;

/// Python's `RuntimeError: release unlocked lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("release unlocked lock")]
pub struct ReleaseUnlocked;

/// The lock, held: dropping it releases it (leaving Python's `with lock:`), on a panic too.
#[derive(Debug)]
#[must_use = "the lock is released as soon as this guard is dropped"]
pub struct LockGuard<'a> {
    lock: &'a Lock,
}

impl Drop for LockGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        // `hold` took the lock, so it is locked: the release cannot fail.
        let _ = self.lock.release();
    }
}

impl Lock {
    /// An unlocked lock (Python: `Lock()`).
    pub fn new() -> Self {
        Lock::default()
    }

    /// Takes the lock (Python: `lock.acquire(blocking)`): with `blocking` it waits and returns
    /// `true`; without, it returns at once whether it got the lock.
    #[inline]
    pub fn acquire(&self, blocking: bool) -> bool {
        self.acquire_until((!blocking).then_some(Duration::ZERO))
    }

    /// Takes the lock, waiting at most `timeout`; whether it got it
    /// (Python: `lock.acquire(timeout=t)`).
    #[inline]
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(Some(timeout))
    }

    /// Takes the lock, waiting at most `timeout` (`None`: for ever). `#[inline]` here and on
    /// the other fast-path methods lets the caller's crate inline them, as std's `Mutex::lock`
    /// is: a call is a good part of the cost of an uncontended acquire.
    #[inline]
    fn acquire_until(&self, timeout: Option<Duration>) -> bool {
        #[cfg(loom)]
        if self.has(crate::broken::Bug::LetsTwoIn) {
            return self.look_then_take() || self.acquire_contended(timeout);
        }
        // The fast path: free (0)? Then it is ours (1), in one instruction. `Acquire`: what
        // the last holder wrote before its release is visible to us now.
        self.state
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
            || self.acquire_contended(timeout)
    }

    /// Releases the lock, from any thread (Python: `lock.release()`). Releasing an unlocked
    /// lock is Python's `RuntimeError`, here an `Err`.
    #[inline]
    pub fn release(&self) -> Result<(), ReleaseUnlocked> {
        // The fast path again: one swap back to 0. `Release`: what we wrote while holding it
        // is visible to the next holder. Only if someone may sleep (2) do we go wake one.
        match self.state.swap(UNLOCKED, Ordering::Release) {
            UNLOCKED => Err(ReleaseUnlocked),
            LOCKED => Ok(()),
            _ => {
                self.wake_one();
                Ok(())
            }
        }
    }

    /// Takes the lock and returns a guard that releases it when dropped (Python: `with lock:`).
    #[inline]
    pub fn hold(&self) -> LockGuard<'_> {
        self.acquire(true);
        LockGuard { lock: self }
    }

    /// Whether someone holds the lock right now (Python: `lock.locked()`).
    #[inline]
    pub fn locked(&self) -> bool {
        self.state.load(Ordering::Relaxed) != UNLOCKED
    }
}
