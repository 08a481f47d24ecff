//! Python's `threading.RLock`, built like CPython's pure-Python `_RLock`: an owner and a count
//! behind a `Mutex`, and a `Condvar` to wait for the owner to let go.

use std::marker::PhantomData;
use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex, ThreadId};

/// A re-entrant lock: the thread that holds it may take it again; it is free once released as
/// many times as it was acquired. Python's `threading.RLock`.
///
/// Only the owner may release it: a release by another thread, or one more than the
/// acquires, is Python's `RuntimeError: cannot release un-acquired lock`, here
/// [`NotOwned`]. The guard of [`RLock::hold`] cannot even be sent to another thread, so a
/// `with rlock:` block can only end on the thread that began it.
///
/// ```
/// use threading::RLock;
///
/// fn count_down(lock: &RLock, n: u32) -> u32 {
///     let _held = lock.hold(); // the same thread takes it again on each call
///     if n == 0 { 0 } else { 1 + count_down(lock, n - 1) }
/// }
/// let lock = RLock::new();
/// assert_eq!(count_down(&lock, 5), 5);
/// assert!(lock.release().is_err()); // all released: one more is an error
/// ```
#[derive(Debug, Default)]
pub struct RLock {
    state: Mutex<Owner>,
    released: Condvar,
}

#[derive(Debug, Default)]
struct Owner {
    thread: Option<ThreadId>,
    count: usize,
    /// Threads blocked in `acquire`: the last release notifies only if there are any
    /// (std's `notify_one` is a system call even when nobody waits).
    waiting: usize,
}

/// Python's `RuntimeError: cannot release un-acquired lock`: the caller does not hold the
/// `RLock` (another thread does, or nobody does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot release un-acquired lock")]
pub struct NotOwned;

/// One level of an [`RLock`], held: dropping it releases that level (leaving `with rlock:`).
/// Not `Send`: the level belongs to the thread that took it, so it cannot be handed to
/// another thread to release (Python's `RuntimeError` there):
///
/// ```compile_fail,E0277
/// let lock = threading::RLock::new();
/// let held = lock.hold();
/// std::thread::scope(|s| {
///     s.spawn(move || drop(held)); // error[E0277]: `*const ()` cannot be sent between threads
/// });
/// ```
#[derive(Debug)]
#[must_use = "the level is released as soon as this guard is dropped"]
pub struct RLockGuard<'a> {
    lock: &'a RLock,
    not_send: PhantomData<*const ()>,
}

impl Drop for RLockGuard<'_> {
    fn drop(&mut self) {
        // `hold` took a level on this thread, and the guard cannot leave it: cannot fail.
        let _ = self.lock.release();
    }
}

impl RLock {
    /// A free re-entrant lock (Python: `RLock()`).
    pub fn new() -> Self {
        RLock::default()
    }

    /// Takes one level (Python: `rlock.acquire(blocking)`): at once if this thread owns it
    /// already; else waits (`blocking`) or returns `false` if another thread owns it.
    pub fn acquire(&self, blocking: bool) -> bool {
        self.acquire_until(Deadline::blocking(blocking))
    }

    /// Takes one level, waiting at most `timeout` (Python: `rlock.acquire(timeout=t)`).
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(Deadline::after(Some(timeout)))
    }

    fn acquire_until(&self, deadline: Deadline) -> bool {
        let me = sync::current_thread();
        let mut owner = sync::lock(&self.state);
        loop {
            match owner.thread {
                None => owner.thread = Some(me),
                Some(t) if t == me => {}
                Some(_) => {
                    owner = match deadline.wait_counted(&self.released, owner, |s| &mut s.waiting) {
                        Ok(woken) => woken,
                        Err(_) => return false,
                    };
                    continue;
                }
            }
            owner.count += 1;
            return true;
        }
    }

    /// Releases one level (Python: `rlock.release()`); the last one frees the lock and wakes
    /// a waiter. An `Err` if this thread does not hold it.
    pub fn release(&self) -> Result<(), NotOwned> {
        let mut owner = sync::lock(&self.state);
        if owner.thread != Some(sync::current_thread()) {
            return Err(NotOwned);
        }
        owner.count -= 1;
        if owner.count == 0 {
            owner.thread = None;
            let someone_waits = owner.waiting > 0;
            drop(owner);
            if someone_waits {
                self.released.notify_one();
            }
        }
        Ok(())
    }

    /// Takes one level and returns a guard that releases it when dropped (`with rlock:`).
    pub fn hold(&self) -> RLockGuard<'_> {
        self.acquire(true);
        RLockGuard {
            lock: self,
            not_send: PhantomData,
        }
    }

    /// Whether the calling thread holds it (Python's private `rlock._is_owned()`).
    pub fn is_owned(&self) -> bool {
        sync::lock(&self.state).thread == Some(sync::current_thread())
    }

    /// How many levels the calling thread holds (0 if it is not the owner); Python shows this
    /// only in `repr(rlock)` (`count=2`).
    pub fn count(&self) -> usize {
        let owner = sync::lock(&self.state);
        if owner.thread == Some(sync::current_thread()) {
            owner.count
        } else {
            0
        }
    }
}
