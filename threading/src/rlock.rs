//! Python's `threading.RLock`. CPython builds it as a plain lock, an owner and a count
//! (`_RLock`, and `_PyRecursiveMutex` in C); here the owner is *in* the lock word, as Linux's
//! priority-inheritance futexes keep the holder's thread id in theirs: the word is 0 when
//! free, else the holder's [`sync::thread_token`] shifted left by one, its low bit saying
//! that someone may sleep waiting. Taking a free `RLock` is then one compare-and-swap and
//! letting go one swap, exactly a [`Lock`](crate::Lock)'s fast path; a compare-and-swap that
//! fails hands back the word, so re-entering is a compare of it and an increment. A separate
//! owner field, written on each acquire and cleared on each release, made two contending
//! threads pay about 1.5x a plain `Lock` (issue 28). The slow path is `rlock_slow.rs`.

use std::marker::PhantomData;
use std::time::Duration;

use crate::parking::Parking;
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
    /// [`FREE`], or the holder's token shifted left by one, with [`WAITING`] set when a
    /// thread may sleep waiting. Another thread may read a stale word, but never one with
    /// its own token in it unless it holds the lock: only a thread itself ever writes its
    /// token there, and it writes [`FREE`] before it lets go.
    pub(crate) state: AtomicU64,
    /// How many levels the owner holds *beyond the first*; only the owner reads or writes it
    /// (Python's `_count - 1`). Counting from 0 spares the first level a write and a read.
    again: AtomicUsize,
    /// Where the slow path sleeps (see `rlock_slow.rs`).
    pub(crate) parking: Parking,
}

/// Nobody holds the lock.
pub(crate) const FREE: u64 = 0;
/// The low bit of a held word: someone may sleep waiting, so the release must wake one.
pub(crate) const WAITING: u64 = 1;

/// The word a thread with token `me` writes when it takes the lock.
#[inline]
pub(crate) fn held_by(me: u64) -> u64 {
    me << 1
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
        self.acquire_until(sync::thread_token(), (!blocking).then_some(Duration::ZERO))
    }

    /// Takes one level, waiting at most `timeout` (Python: `rlock.acquire(timeout=t)`).
    #[inline]
    pub fn acquire_timeout(&self, timeout: Duration) -> bool {
        self.acquire_until(sync::thread_token(), Some(timeout))
    }

    /// Takes one level for the thread whose token is `me`, waiting at most `timeout` (`None`:
    /// for ever) if another thread holds it.
    #[inline]
    fn acquire_until(&self, me: u64, timeout: Option<Duration>) -> bool {
        let mine = held_by(me);
        // Free? Then ours, owner and all, in one instruction. `Acquire`: what the last holder
        // wrote before its release is visible to us now.
        match self
            .state
            .compare_exchange(FREE, mine, Ordering::Acquire, Ordering::Relaxed)
        {
            Ok(_) => true,
            Err(word) if word & !WAITING == mine => {
                // Ours already: one more level (Python's `self._count += 1`).
                let again = self.again.load(Ordering::Relaxed);
                self.again.store(again + 1, Ordering::Relaxed);
                true
            }
            Err(_) => self.acquire_contended(mine, timeout),
        }
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
        if self.state.load(Ordering::Relaxed) & !WAITING != held_by(me) {
            return Err(NotOwned);
        }
        let again = self.again.load(Ordering::Relaxed);
        if again > 0 {
            self.again.store(again - 1, Ordering::Relaxed);
            return Ok(());
        }
        // The last level: one swap back to free. `Release`: what we wrote while holding it is
        // visible to the next holder. Only if someone may sleep do we go wake one.
        if self.state.swap(FREE, Ordering::Release) & WAITING != 0 {
            self.wake_one();
        }
        Ok(())
    }

    /// Takes one level and returns a guard that releases it when dropped (`with rlock:`).
    #[inline]
    pub fn hold(&self) -> RLockGuard<'_> {
        // The thread's token is looked up once, for the acquire and the guard's release.
        let me = sync::thread_token();
        self.acquire_until(me, None);
        RLockGuard {
            lock: self,
            me,
            not_send: PhantomData,
        }
    }

    /// Whether the calling thread holds it (Python's private `rlock._is_owned()`).
    #[inline]
    pub fn is_owned(&self) -> bool {
        self.state.load(Ordering::Relaxed) & !WAITING == held_by(sync::thread_token())
    }

    /// How many levels the calling thread holds (0 if it is not the owner); Python shows this
    /// only in `repr(rlock)` (`count=2`).
    pub fn count(&self) -> usize {
        if self.is_owned() {
            self.again.load(Ordering::Relaxed) + 1
        } else {
            0
        }
    }
}
