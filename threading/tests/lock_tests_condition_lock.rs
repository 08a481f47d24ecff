//! Ports of CPython's `Lib/test/lock_tests.py` `ConditionTests` onto
//! [`threading::LockCondition`]: Python's `Condition(lock)` over a `Lock` that other code
//! takes directly too. Named after the CPython tests.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use support::{ROUNDS, assert_timeout, timed, until};
use threading::{Lock, LockCondition, UnacquiredLock};

/// Ports `test_unacquired_wait`: `wait` without the lock is `RuntimeError`.
#[test]
fn test_unacquired_wait() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    assert_eq!(cond.wait(), Err(UnacquiredLock("wait")));
    assert_eq!(
        cond.wait_timeout(Duration::ZERO).unwrap_err().to_string(),
        "cannot wait on un-acquired lock"
    );
}

/// Ports `test_unacquired_notify`: `notify` without the lock is `RuntimeError`.
#[test]
fn test_unacquired_notify() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    assert_eq!(
        cond.notify(1).unwrap_err().to_string(),
        "cannot notify on un-acquired lock"
    );
    assert!(cond.notify_all().is_err());
}

/// Ports `test_notify`'s phases: five waiters; `notify(1)` wakes one, `notify(3)` three,
/// `notify_all` the last; every waiter took the lock again before `wait` returned.
#[test]
fn test_notify() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    let woken = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..5 {
            s.spawn(|| {
                let _held = cond.hold();
                assert_eq!(cond.wait(), Ok(true));
                assert!(lock.locked(), "wait returned without the lock");
                woken.fetch_add(1, Ordering::SeqCst);
            });
        }
        until("5 waiting", || cond.waiting() == 5);
        for (n, total) in [(1, 1), (3, 4)] {
            {
                let _held = lock.hold();
                assert_eq!(cond.notify(n), Ok(n));
            }
            until("the notified woke", || {
                woken.load(Ordering::SeqCst) == total
            });
            assert_eq!(cond.waiting(), 5 - total);
        }
        let _held = lock.hold();
        assert_eq!(cond.notify_all(), Ok(1));
    });
    assert_eq!(woken.load(Ordering::SeqCst), 5);
}

/// `notify(n)` wakes exactly n of five waiters, 200 rounds.
#[test]
fn notify_n_wakes_exactly_n() {
    for round in 0..ROUNDS {
        let lock = Lock::new();
        let cond = LockCondition::new(&lock);
        let woken = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..5 {
                s.spawn(|| {
                    let _held = cond.hold();
                    if cond.wait_timeout(Duration::from_secs(30)).unwrap() {
                        woken.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
            until("5 waiting", || cond.waiting() == 5);
            for _ in 0..3 {
                let _held = cond.hold();
                cond.notify(1).unwrap();
            }
            until("3 woken", || woken.load(Ordering::SeqCst) == 3);
            let _held = cond.hold();
            assert_eq!(cond.waiting(), 2, "round {round}: more than 3 woke");
            cond.notify_all().unwrap();
        });
        assert_eq!(woken.load(Ordering::SeqCst), 5);
    }
}

/// Ports `test_timeout`: nobody notifies; each wait returns `false` after about its timeout
/// and leaves the queue.
#[test]
fn test_timeout() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    let results: Vec<_> = thread::scope(|s| {
        let hs: Vec<_> = (0..5)
            .map(|_| {
                s.spawn(|| {
                    let _held = cond.hold();
                    timed(|| cond.wait_timeout(Duration::from_millis(500)))
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (notified, dt) in results {
        assert_eq!(notified, Ok(false));
        assert_timeout(dt, Duration::from_millis(500));
    }
    assert_eq!(cond.waiting(), 0, "a timed-out waiter stayed in the queue");
}

/// Ports `test_waitfor`: `wait_for` returns once the predicate, checked under the lock,
/// holds; the state is changed under the same lock, taken directly.
#[test]
fn test_waitfor() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    let state = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            let _held = cond.hold();
            let got = cond.wait_for(|| state.load(Ordering::SeqCst) == 4, None);
            assert_eq!(got, Ok(true));
            assert_eq!(state.load(Ordering::SeqCst), 4);
        });
        for _ in 0..4 {
            let _held = lock.hold();
            state.fetch_add(1, Ordering::SeqCst);
            cond.notify(1).unwrap();
        }
    });
}

/// Ports `test_waitfor_timeout`: a predicate that never holds gives `false` after the
/// timeout.
#[test]
fn test_waitfor_timeout() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    let _held = cond.hold();
    let (got, dt) = timed(|| cond.wait_for(|| false, Some(Duration::from_millis(100))));
    assert_eq!(got, Ok(false));
    assert_timeout(dt, Duration::from_millis(100));
}

/// The point of `Condition(lock)`: it is the lock other code takes. While a waiter waits the
/// lock is free to everyone; while anyone holds it directly, the condition's holder waits.
#[test]
fn the_condition_shares_its_lock() {
    let lock = Lock::new();
    let cond = LockCondition::new(&lock);
    thread::scope(|s| {
        s.spawn(|| {
            let _held = cond.hold();
            cond.wait().unwrap();
        });
        // The waiter is counted just before `wait` releases the lock: wait for both, or the
        // `acquire(false)` below can come in between, fail, and leave the waiter for ever.
        until("1 waiting, the lock released", || {
            cond.waiting() == 1 && !lock.locked()
        });
        assert!(lock.acquire(false), "wait did not release the lock");
        assert!(!cond.acquire(false), "the condition's lock is another lock");
        cond.notify(1).unwrap();
        lock.release().unwrap();
    });
    assert!(!lock.locked());
}
