//! Python's `threading.Lock`, built from a `Mutex<bool>` and a `Condvar` the way CPython's
//! `Lib/threading.py` builds everything else from one lock: the `Mutex` only guards the flag
//! for a moment; holding the *Python* lock is the flag being `true`.

use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex};

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
    state: Mutex<State>,
    released: Condvar,
}

#[derive(Debug, Default)]
struct State {
    locked: bool,
    /// Threads blocked in `acquire`. std's `notify_one` is a system call even when nobody
    /// waits, so `release` notifies only if someone does (CPython's `Condition.notify` also
    /// returns at once when it has no waiters).
    waiting: usize,
}

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
    pub fn acquire(&self, blocking: bool) -> bool {
        self.acquire_until(Deadline::blocking(blocking))
    }

    /// Takes the lock, waiting at most `timeout`; whether it got it
    /// (Python: `lock.acquire(timeout=t)`).
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(Deadline::after(Some(timeout)))
    }

    fn acquire_until(&self, deadline: Deadline) -> bool {
        let mut st = sync::lock(&self.state);
        while st.locked {
            st = match deadline.wait_counted(&self.released, st, |s| &mut s.waiting) {
                Ok(woken) => woken,
                Err(_) => return false,
            };
        }
        st.locked = true;
        true
    }

    /// Releases the lock, from any thread (Python: `lock.release()`). Releasing an unlocked
    /// lock is Python's `RuntimeError`, here an `Err`.
    pub fn release(&self) -> Result<(), ReleaseUnlocked> {
        let mut st = sync::lock(&self.state);
        if !st.locked {
            return Err(ReleaseUnlocked);
        }
        st.locked = false;
        let someone_waits = st.waiting > 0;
        drop(st);
        if someone_waits {
            self.released.notify_one();
        }
        Ok(())
    }

    /// Takes the lock and returns a guard that releases it when dropped (Python: `with lock:`).
    pub fn hold(&self) -> LockGuard<'_> {
        self.acquire(true);
        LockGuard { lock: self }
    }

    /// Whether someone holds the lock right now (Python: `lock.locked()`).
    pub fn locked(&self) -> bool {
        sync::lock(&self.state).locked
    }
}
