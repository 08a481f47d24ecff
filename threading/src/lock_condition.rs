//! Python's `threading.Condition(lock)` over a [`Lock`] that other code uses too, built the
//! way CPython's `Lib/threading.py` builds `Condition`: each waiter blocks on a lock of its
//! own, which `notify` releases.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use crate::lock::{Lock, LockGuard, ReleaseUnlocked};
use crate::sync::{self, Deadline, Mutex};

/// Python's `RuntimeError: cannot wait on un-acquired lock` (or `notify`): the condition's
/// lock was not held.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot {0} on un-acquired lock")]
pub struct UnacquiredLock(pub &'static str);

/// A condition over an existing [`Lock`]: Python's `Condition(lock)`, for a lock that other
/// code also takes with `acquire`/`release`. Taking the lock directly and taking it through
/// the condition are the same thing, and `wait` releases it for everyone while it waits.
///
/// [`Condition`](crate::Condition) owns its lock and the data, so misuse does not compile;
/// here the lock is shared and can be released from any thread, as in Python, so `wait` and
/// `notify` check at run time that the lock is held (Python's `_is_owned()` for a `Lock`:
/// locked by anyone) and return [`UnacquiredLock`] otherwise.
///
/// ```
/// use std::thread;
/// use threading::{Lock, LockCondition};
///
/// let lock = Lock::new();
/// let cond = LockCondition::new(&lock);
/// let ready = std::sync::atomic::AtomicBool::new(false);
/// thread::scope(|s| {
///     s.spawn(|| {
///         let _held = cond.hold();                                 // with cond:
///         cond.wait_for(|| ready.load(std::sync::atomic::Ordering::SeqCst), None).unwrap();
///     });
///     let _held = lock.hold();                                     // with lock: (the same lock)
///     ready.store(true, std::sync::atomic::Ordering::SeqCst);
///     cond.notify_all().unwrap();
/// });
/// assert!(!lock.locked());
/// assert_eq!(cond.notify(1).unwrap_err().to_string(), "cannot notify on un-acquired lock");
/// ```
#[derive(Debug)]
pub struct LockCondition<'a> {
    lock: &'a Lock,
    /// One locked lock per waiter, oldest first (CPython's `_waiters`).
    waiters: Mutex<VecDeque<Arc<Lock>>>,
}

impl<'a> LockCondition<'a> {
    /// A condition over `lock` (Python: `Condition(lock)`).
    pub fn new(lock: &'a Lock) -> Self {
        LockCondition {
            lock,
            waiters: Mutex::new(VecDeque::new()),
        }
    }

    /// Takes the lock (Python: `cond.acquire(blocking)`, which is `lock.acquire(blocking)`).
    pub fn acquire(&self, blocking: bool) -> bool {
        self.lock.acquire(blocking)
    }

    /// Releases the lock (Python: `cond.release()`).
    pub fn release(&self) -> Result<(), ReleaseUnlocked> {
        self.lock.release()
    }

    /// Takes the lock until the guard is dropped (Python: `with cond:`).
    pub fn hold(&self) -> LockGuard<'a> {
        self.lock.hold()
    }

    /// Python's `cond.wait()`: releases the lock, waits for a `notify`, takes the lock again.
    /// Returns `Ok(true)`: there are no spurious wake-ups.
    pub fn wait(&self) -> Result<bool, UnacquiredLock> {
        self.wait_until(None)
    }

    /// Python's `cond.wait(timeout)`: as [`wait`](Self::wait), giving up after `timeout`;
    /// whether it was notified.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<bool, UnacquiredLock> {
        self.wait_until(Some(timeout))
    }

    /// Python's `cond.wait_for(predicate, timeout)`: waits until `predicate()` holds, checked
    /// with the lock held, or the timeout passes; the predicate's last value.
    pub fn wait_for(
        &self,
        mut predicate: impl FnMut() -> bool,
        timeout: Option<Duration>,
    ) -> Result<bool, UnacquiredLock> {
        let deadline = Deadline::after(timeout);
        loop {
            if predicate() {
                return Ok(true);
            }
            match deadline.left() {
                None => return Ok(false),
                Some(Duration::MAX) => self.wait_until(None)?,
                Some(left) => self.wait_until(Some(left))?,
            };
        }
    }

    fn wait_until(&self, timeout: Option<Duration>) -> Result<bool, UnacquiredLock> {
        if !self.lock.locked() {
            return Err(UnacquiredLock("wait"));
        }
        let waiter = Arc::new(Lock::new());
        waiter.acquire(true);
        sync::lock(&self.waiters).push_back(Arc::clone(&waiter));
        if self.lock.release().is_err() {
            // Released by another thread since the check: Python's release raises here too.
            sync::lock(&self.waiters).retain(|w| !Arc::ptr_eq(w, &waiter));
            return Err(UnacquiredLock("wait"));
        }
        let notified = match timeout {
            None => waiter.acquire(true),
            Some(t) => waiter.acquire_timeout(t),
        };
        self.lock.acquire(true);
        if !notified {
            sync::lock(&self.waiters).retain(|w| !Arc::ptr_eq(w, &waiter));
        }
        Ok(notified)
    }

    /// Python's `cond.notify(n)`: wakes the `n` oldest waiters (fewer if fewer wait); how
    /// many it woke.
    pub fn notify(&self, n: usize) -> Result<usize, UnacquiredLock> {
        if !self.lock.locked() {
            return Err(UnacquiredLock("notify"));
        }
        let mut waiters = sync::lock(&self.waiters);
        let mut woken = 0;
        while woken < n {
            let Some(waiter) = waiters.pop_front() else {
                break;
            };
            // Every waiter in the list holds its own lock, so this release cannot fail.
            if waiter.release().is_ok() {
                woken += 1;
            }
        }
        Ok(woken)
    }

    /// Python's `cond.notify_all()`: wakes every waiter; how many.
    pub fn notify_all(&self) -> Result<usize, UnacquiredLock> {
        self.notify(usize::MAX)
    }

    /// How many threads wait right now (Python: `len(cond._waiters)`).
    pub fn waiting(&self) -> usize {
        sync::lock(&self.waiters).len()
    }
}
