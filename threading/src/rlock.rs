//! Python's `threading.RLock`, built like CPython's pure-Python `_RLock`: a plain [`Lock`], an
//! owner and a count. The owner and the count are only ever *changed* by the thread that holds
//! the inner lock, so they need no lock of their own: two relaxed atomics (std's
//! `ReentrantLock` is built the same way). Re-entering is a compare of the owner and an
//! increment, no compare-and-swap at all; the first level is the [`Lock`]'s fast path.

use std::marker::PhantomData;
use std::time::Duration;

use crate::lock::Lock;
use crate::sync::{self, AtomicU64, AtomicUsize, Ordering};

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
    lock: Lock,
    /// The holder's [`sync::thread_token`], 0 when free. Written only by the thread holding
    /// `lock`; another thread may read a stale value, but never its own token: only it ever
    /// writes that, and it writes 0 before it lets go.
    owner: AtomicU64,
    /// How many levels the owner holds; only the owner reads or writes it.
    count: AtomicUsize,
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
    /// The [`sync::thread_token`] of the thread that took the level (the guard cannot leave
    /// it): kept so that the release need not look it up again.
    me: u64,
    not_send: PhantomData<*const ()>,
}

impl Drop for RLockGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        // `hold` took a level on this thread, and the guard cannot leave it: it fails only
        // if the level was already released by hand (`release()` inside `with rlock:`).
        let _ = self.lock.release_as(self.me);
    }
}

impl RLock {
    /// A free re-entrant lock (Python: `RLock()`).
    pub fn new() -> Self {
        RLock::default()
    }

    /// Takes one level (Python: `rlock.acquire(blocking)`): at once if this thread owns it
    /// already; else waits (`blocking`) or returns `false` if another thread owns it.
    #[inline]
    pub fn acquire(&self, blocking: bool) -> bool {
        self.acquire_until(sync::thread_token(), |lock| lock.acquire(blocking))
    }

    /// Takes one level, waiting at most `timeout` (Python: `rlock.acquire(timeout=t)`).
    #[inline]
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(sync::thread_token(), |lock| lock.acquire_timeout(timeout))
    }

    /// Takes one level for the thread whose token is `me`, with `taken` for the first one.
    #[inline]
    fn acquire_until(&self, me: u64, taken: impl FnOnce(&Lock) -> bool) -> bool {
        if self.owner.load(Ordering::Relaxed) == me {
            // Ours already: one more level (Python's `self._count += 1`).
            let count = self.count.load(Ordering::Relaxed);
            self.count.store(count + 1, Ordering::Relaxed);
            return true;
        }
        if !taken(&self.lock) {
            return false;
        }
        self.owner.store(me, Ordering::Relaxed);
        self.count.store(1, Ordering::Relaxed);
        true
    }

    /// Releases one level (Python: `rlock.release()`); the last one frees the lock and wakes
    /// a waiter. An `Err` if this thread does not hold it.
    #[inline]
    pub fn release(&self) -> Result<(), NotOwned> {
        self.release_as(sync::thread_token())
    }

    /// Releases one level for the thread whose token is `me` (the calling thread's).
    #[inline]
    fn release_as(&self, me: u64) -> Result<(), NotOwned> {
        if self.owner.load(Ordering::Relaxed) != me {
            return Err(NotOwned);
        }
        let count = self.count.load(Ordering::Relaxed) - 1;
        self.count.store(count, Ordering::Relaxed);
        if count == 0 {
            self.owner.store(0, Ordering::Relaxed);
            // Held by us, so this cannot fail; its `Release` publishes our writes.
            let _ = self.lock.release();
        }
        Ok(())
    }

    /// Takes one level and returns a guard that releases it when dropped (`with rlock:`).
    #[inline]
    pub fn hold(&self) -> RLockGuard<'_> {
        // The thread's token is looked up once, for the acquire and the guard's release.
        let me = sync::thread_token();
        self.acquire_until(me, |lock| lock.acquire(true));
        RLockGuard {
            lock: self,
            me,
            not_send: PhantomData,
        }
    }

    /// Whether the calling thread holds it (Python's private `rlock._is_owned()`).
    #[inline]
    pub fn is_owned(&self) -> bool {
        self.owner.load(Ordering::Relaxed) == sync::thread_token()
    }

    /// How many levels the calling thread holds (0 if it is not the owner); Python shows this
    /// only in `repr(rlock)` (`count=2`).
    pub fn count(&self) -> usize {
        if self.is_owned() {
            self.count.load(Ordering::Relaxed)
        } else {
            0
        }
    }
}
