//! Ports of CPython's `Lib/test/lock_tests.py` `BaseLockTests`, `LockTests` and `RLockTests`
//! onto [`threading::Lock`] and [`threading::RLock`]. Each test is named after the CPython
//! test it ports. Python's `ValueError` for a negative or non-blocking timeout has no port: a
//! `Duration` cannot be negative, and `acquire(false)` takes no timeout.

mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use support::{ROUNDS, assert_timeout, moment, timed, until};
use threading::{Lock, NotOwned, RLock, ReleaseUnlocked};

/// What both locks share, so the `BaseLockTests` run on each.
trait PyLock: Sync + Default {
    fn acquire(&self, blocking: bool) -> bool;
    fn acquire_timeout(&self, t: Duration) -> bool;
    fn release_ok(&self) -> bool;
    fn with<R>(&self, f: impl FnOnce() -> R) -> R;
}

impl PyLock for Lock {
    fn acquire(&self, blocking: bool) -> bool {
        Lock::acquire(self, blocking)
    }
    fn acquire_timeout(&self, t: Duration) -> bool {
        Lock::acquire_timeout(self, t)
    }
    fn release_ok(&self) -> bool {
        self.release().is_ok()
    }
    fn with<R>(&self, f: impl FnOnce() -> R) -> R {
        let _held = self.hold();
        f()
    }
}

impl PyLock for RLock {
    fn acquire(&self, blocking: bool) -> bool {
        RLock::acquire(self, blocking)
    }
    fn acquire_timeout(&self, t: Duration) -> bool {
        RLock::acquire_timeout(self, t)
    }
    fn release_ok(&self) -> bool {
        self.release().is_ok()
    }
    fn with<R>(&self, f: impl FnOnce() -> R) -> R {
        let _held = self.hold();
        f()
    }
}

fn base_acquire_release<L: PyLock>() {
    let lock = L::default();
    assert!(lock.acquire(true));
    assert!(lock.release_ok());
}

fn base_try_acquire<L: PyLock>() {
    let lock = L::default();
    assert!(lock.acquire(false));
    assert!(lock.release_ok());
}

fn base_try_acquire_contended<L: PyLock>() {
    let lock = L::default();
    lock.acquire(true);
    let got = thread::scope(|s| s.spawn(|| lock.acquire(false)).join().unwrap());
    assert!(!got, "another thread took a held lock");
    assert!(lock.release_ok());
}

fn base_acquire_contended<L: PyLock>() {
    const N: usize = 5;
    let lock = L::default();
    lock.acquire(true);
    let (started, finished) = (AtomicUsize::new(0), AtomicUsize::new(0));
    thread::scope(|s| {
        for _ in 0..N {
            s.spawn(|| {
                started.fetch_add(1, Ordering::SeqCst);
                lock.acquire(true);
                lock.release_ok();
                finished.fetch_add(1, Ordering::SeqCst);
            });
        }
        until("all started", || started.load(Ordering::SeqCst) == N);
        moment();
        assert_eq!(finished.load(Ordering::SeqCst), 0, "got past a held lock");
        assert!(lock.release_ok());
    });
    assert_eq!(finished.load(Ordering::SeqCst), N);
}

fn base_with<L: PyLock + std::panic::RefUnwindSafe>() {
    let lock = L::default();
    lock.with(|| ());
    // `with lock: raise TypeError`: the panic leaves the block, and the lock is free again.
    let raised = std::panic::catch_unwind(|| lock.with(|| std::panic::panic_any("TypeError")));
    assert!(raised.is_err());
    let free = thread::scope(|s| s.spawn(|| lock.acquire(false)).join().unwrap());
    assert!(free, "the panic left the lock held");
}

fn base_timeout<L: PyLock>() {
    let lock = L::default();
    // A timeout too large for the clock waits for ever rather than overflowing (Python's
    // TIMEOUT_MAX is fine too).
    assert!(lock.acquire_timeout(Duration::MAX));
    assert!(lock.release_ok());
    let (got, dt) = timed(|| lock.acquire_timeout(Duration::from_secs(5)));
    assert!(got && dt < Duration::from_secs(5));
    let (got, dt) = thread::scope(|s| {
        s.spawn(|| timed(|| lock.acquire_timeout(Duration::from_millis(500))))
            .join()
            .unwrap()
    });
    assert!(!got);
    assert_timeout(dt, Duration::from_millis(500));
}

#[test]
fn test_acquire_release() {
    base_acquire_release::<Lock>();
    base_acquire_release::<RLock>();
}

#[test]
fn test_try_acquire() {
    base_try_acquire::<Lock>();
    base_try_acquire::<RLock>();
}

#[test]
fn test_try_acquire_contended() {
    base_try_acquire_contended::<Lock>();
    base_try_acquire_contended::<RLock>();
}

#[test]
fn test_acquire_contended() {
    base_acquire_contended::<Lock>();
    base_acquire_contended::<RLock>();
}

#[test]
fn test_with() {
    base_with::<Lock>();
    base_with::<RLock>();
}

#[test]
fn test_timeout() {
    thread::scope(|s| {
        s.spawn(base_timeout::<Lock>);
        s.spawn(base_timeout::<RLock>);
    });
}

/// Ports `LockTests.test_reacquire`: a second acquire by the holder blocks until another
/// thread releases.
#[test]
fn test_reacquire() {
    let lock = Lock::new();
    let phase = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            lock.acquire(true);
            phase.store(1, Ordering::SeqCst);
            lock.acquire(true);
            phase.store(2, Ordering::SeqCst);
        });
        until("phase 1", || phase.load(Ordering::SeqCst) == 1);
        moment();
        assert_eq!(phase.load(Ordering::SeqCst), 1, "re-acquired a held Lock");
        lock.release().unwrap();
    });
    assert_eq!(phase.load(Ordering::SeqCst), 2);
}

/// Ports `RLockTests.test_reacquire`.
#[test]
fn test_rlock_reacquire() {
    let lock = RLock::new();
    assert!(lock.acquire(true) && lock.acquire(true));
    lock.release().unwrap();
    assert!(lock.acquire(true));
    lock.release().unwrap();
    lock.release().unwrap();
    assert!(!lock.is_owned());
}

/// Ports `LockTests.test_different_thread`: a `Lock` has no owner.
#[test]
fn test_different_thread() {
    for _ in 0..ROUNDS {
        let lock = Lock::new();
        lock.acquire(true);
        thread::scope(|s| {
            s.spawn(|| lock.release().unwrap());
        });
        assert!(lock.acquire(false));
        lock.release().unwrap();
    }
}

/// Ports `LockTests.test_state_after_timeout` (bpo-11618).
#[test]
fn test_state_after_timeout() {
    let lock = Lock::new();
    lock.acquire(true);
    assert!(!lock.acquire_timeout(Duration::from_millis(10)));
    lock.release().unwrap();
    assert!(!lock.locked());
    assert!(lock.acquire(false));
}

/// `Lock.release()` on an unlocked lock: `RuntimeError: release unlocked lock`.
#[test]
fn test_lock_release_unacquired() {
    let lock = Lock::new();
    assert_eq!(lock.release(), Err(ReleaseUnlocked));
    assert_eq!(ReleaseUnlocked.to_string(), "release unlocked lock");
}

/// Ports `RLockTests.test_release_unacquired`: one release too many is an error.
#[test]
fn test_release_unacquired() {
    let lock = RLock::new();
    assert_eq!(lock.release(), Err(NotOwned));
    lock.acquire(true);
    lock.acquire(true);
    lock.release().unwrap();
    lock.acquire(true);
    lock.release().unwrap();
    lock.release().unwrap();
    assert_eq!(lock.release(), Err(NotOwned));
    assert_eq!(NotOwned.to_string(), "cannot release un-acquired lock");
}

/// Ports `RLockTests.test_different_thread`: only the owner may release an `RLock`.
#[test]
fn test_rlock_different_thread() {
    let lock = RLock::new();
    let (taken, finish) = (AtomicBool::new(false), AtomicBool::new(false));
    thread::scope(|s| {
        s.spawn(|| {
            lock.acquire(true);
            taken.store(true, Ordering::SeqCst);
            until("main checked", || finish.load(Ordering::SeqCst));
            lock.release().unwrap();
        });
        until("the other thread holds it", || taken.load(Ordering::SeqCst));
        assert_eq!(lock.release(), Err(NotOwned));
        finish.store(true, Ordering::SeqCst);
    });
}

/// Ports `RLockTests.test__is_owned` (`_is_owned` is `is_owned` here).
#[test]
fn test_is_owned() {
    let lock = RLock::new();
    assert!(!lock.is_owned());
    lock.acquire(true);
    assert!(lock.is_owned());
    lock.acquire(true);
    assert!(lock.is_owned());
    let theirs = thread::scope(|s| s.spawn(|| lock.is_owned()).join().unwrap());
    assert!(!theirs);
    lock.release().unwrap();
    assert!(lock.is_owned());
    lock.release().unwrap();
    assert!(!lock.is_owned());
}

/// A panic in `with lock:` releases it and poisons nothing, from any thread: the next holder
/// sees the lock free. (std's `Mutex` would hand the next `lock()` a `PoisonError`.)
#[test]
fn lock_released_on_panic_without_poisoning() {
    let lock = Lock::new();
    let r = thread::scope(|s| {
        s.spawn(|| {
            let _held = lock.hold();
            panic!("inside with lock:");
        })
        .join()
    });
    assert!(r.is_err());
    assert!(!lock.locked());
    assert!(lock.acquire(false));
}

/// Many threads count under one `RLock` taken twice by each: none lost, 200 rounds.
#[test]
fn rlock_excludes_other_threads() {
    for _ in 0..ROUNDS {
        let lock = RLock::new();
        let inside = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    let _a = lock.hold();
                    let _b = lock.hold();
                    assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two owners");
                    inside.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
    }
}
