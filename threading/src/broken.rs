//! The must-fail variants of [`Lock`] and [`Semaphore`]: the real code with one classic bug
//! each, for loom to catch (`tests/loom_broken_lock.rs`). They exist only under
//! `RUSTFLAGS="--cfg loom"`: a normal build has no [`Bug`], no field to hold one, and no
//! check of it, so the shipped fast paths are exactly as fast as before.
//!
//! Each bug is one line away from the real code, and each is why that line is written the
//! way it is: a release that sees "someone may sleep" (2) must wake; "is it free? then it is
//! mine" must be one compare-and-swap, not a look and a store; a semaphore's release must
//! learn whether anyone waits from the very step that adds its permit.

use crate::lock::{LOCKED, Lock, UNLOCKED};
use crate::semaphore::{PERMIT, ReleasedTooManyTimes, Semaphore, waiters};
use crate::sync::Ordering;

/// Which bug a broken [`Lock`] ([`Lock::with_bug`]) or [`Semaphore`]
/// ([`Semaphore::with_bug`]) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// A [`Lock`] whose release finds the lock contended (2) and wakes nobody: a sleeper is
    /// left asleep for ever (loom: deadlock).
    ForgetsTheWake,
    /// A [`Lock`] whose fast path looks (free?) and then stores (mine), two steps where the
    /// real one has one compare-and-swap: two threads can both see it free (loom: two holders).
    LetsTwoIn,
    /// A [`Semaphore`] whose release reads "anyone waiting?" before it adds its permit, in a
    /// step of its own: a waiter that counts itself in between is never woken (loom: deadlock).
    LosesAWaiter,
}

impl Lock {
    /// A lock with `bug` (loom only): what `tests/loom_broken_lock.rs` must see loom fail.
    pub fn with_bug(bug: Bug) -> Self {
        Lock {
            bug: Some(bug),
            ..Lock::default()
        }
    }

    /// Whether this lock has `bug`.
    pub(crate) fn has(&self, bug: Bug) -> bool {
        self.bug == Some(bug)
    }

    /// [`Bug::LetsTwoIn`]'s fast path. BUG: between the look and the store another thread
    /// can look too; both find 0, both store 1, both hold the lock.
    pub(crate) fn look_then_take(&self) -> bool {
        if self.state.load(Ordering::Acquire) != UNLOCKED {
            return false;
        }
        self.state.store(LOCKED, Ordering::Relaxed);
        true
    }
}

impl Semaphore {
    /// A `Semaphore(permits)` with `bug` (loom only).
    pub fn with_bug(permits: usize, bug: Bug) -> Self {
        Semaphore {
            bug: Some(bug),
            ..Semaphore::new(permits)
        }
    }

    /// Whether this semaphore has `bug`.
    pub(crate) fn has(&self, bug: Bug) -> bool {
        self.bug == Some(bug)
    }

    /// [`Bug::LosesAWaiter`]'s release. BUG: the waiters are read in one step and the
    /// permit added in another; a waiter that counts itself and goes to sleep in between
    /// (it saw no permit: ours is not there yet) is not woken, by us or anyone.
    pub(crate) fn look_then_release(&self) -> Result<(), ReleasedTooManyTimes> {
        let waiting = waiters(self.state.load(Ordering::Relaxed));
        self.state.fetch_add(PERMIT, Ordering::Release);
        if waiting > 0 {
            self.wake(1);
        }
        Ok(())
    }
}
