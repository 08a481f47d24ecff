//! Ports of CPython's `Lib/test/lock_tests.py` `ConditionTests` onto [`threading::Condition`],
//! named after the CPython tests. `test_unacquired_wait` and `test_unacquired_notify` are
//! `compile_fail` doctests on `Condition` (waiting or notifying needs the guard).

mod support;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use support::{ROUNDS, assert_timeout, timed, until};
use threading::Condition;

/// Ports `test_acquire`, with the stated difference: Python's default lock is an `RLock` the
/// holder may take again; this `Condition`'s lock is plain, so the holder's `try_lock` fails
/// (Python's `Condition(Lock())` behaves the same way).
#[test]
fn test_acquire() {
    let cond = Condition::new(());
    {
        let _held = cond.lock();
        assert!(cond.try_lock().is_none(), "took a held lock again");
        let other = thread::scope(|s| s.spawn(|| cond.try_lock().is_some()).join().unwrap());
        assert!(!other);
    }
    assert!(cond.try_lock().is_some());
}

/// CPython's `_check_notify`: five waiters; `notify(3)` wakes exactly three (in the phase it
/// was called in), `notify(5)` the other two and the three again, `notify_all()` the last two.
/// Where CPython sleeps to let the workers settle, this asks the condition how many wait.
fn check_notify(cond: &Condition<u32>) {
    const N: usize = 5;
    let (results1, results2) = (Mutex::new(Vec::new()), Mutex::new(Vec::new()));
    let settled = |n: usize| until(&format!("{n} waiting"), || cond.lock().waiting() == n);
    let done = || results1.lock().unwrap().len() + results2.lock().unwrap().len();
    thread::scope(|s| {
        for _ in 0..N {
            s.spawn(|| {
                let mut phase = cond.lock();
                let r = phase.wait();
                results1.lock().unwrap().push((r, *phase));
                drop(phase);
                let mut phase = cond.lock();
                let r = phase.wait();
                results2.lock().unwrap().push((r, *phase));
            });
        }
        settled(N);
        assert!(results1.lock().unwrap().is_empty());
        {
            let mut phase = cond.lock();
            assert_eq!(phase.notify(3), 3);
            *phase = 1;
        }
        until("3 woken", || done() == 3);
        settled(N); // the three are in their second wait, the two still in their first
        assert_eq!(
            *results1.lock().unwrap(),
            [(true, 1); 3],
            "notify(3) woke another"
        );
        assert!(results2.lock().unwrap().is_empty());
        {
            let mut phase = cond.lock();
            assert_eq!(phase.notify(5), 5);
            *phase = 2;
        }
        until("8 woken", || done() == 8);
        settled(2);
        let mut r1 = results1.lock().unwrap().clone();
        r1.sort();
        assert_eq!(r1, [(true, 1), (true, 1), (true, 1), (true, 2), (true, 2)]);
        assert_eq!(*results2.lock().unwrap(), [(true, 2); 3]);
        {
            let mut phase = cond.lock();
            assert_eq!(phase.notify_all(), 2);
            *phase = 3;
        }
    });
    let mut r2 = results2.lock().unwrap().clone();
    r2.sort();
    assert_eq!(r2, [(true, 2), (true, 2), (true, 2), (true, 3), (true, 3)]);
    *cond.lock() = 0;
}

/// Ports `test_notify`: twice, to check the internal state is still right.
#[test]
fn test_notify() {
    let cond = Condition::new(0);
    check_notify(&cond);
    check_notify(&cond);
}

/// The bug: three `notify(1)` with five waiters wake exactly three, 200 rounds (std's
/// `Condvar::notify_one` woke four or five in some trials).
#[test]
fn notify_n_wakes_exactly_n() {
    for round in 0..ROUNDS {
        let cond = Condition::new(());
        let woken = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..5 {
                s.spawn(|| {
                    let mut g = cond.lock();
                    if g.wait_timeout(Duration::from_secs(30)) {
                        woken.fetch_add(1, Ordering::SeqCst);
                    }
                    g.notify(0); // keeps `g` held to here: counted under the lock
                });
            }
            until("5 waiting", || cond.lock().waiting() == 5);
            for _ in 0..3 {
                cond.lock().notify(1);
            }
            until("3 woken", || woken.load(Ordering::SeqCst) == 3);
            let mut g = cond.lock();
            assert_eq!(g.waiting(), 2, "round {round}: more than 3 woke");
            g.notify_all();
        });
        assert_eq!(woken.load(Ordering::SeqCst), 5);
    }
}

/// Ports `test_timeout`: five waits of 0.5 s, nobody notifies: each returns `false` (not
/// notified) after about 0.5 s; no spurious wake-up ever returns `true`.
#[test]
fn test_timeout() {
    let cond = Condition::new(());
    let results: Vec<_> = thread::scope(|s| {
        let hs: Vec<_> = (0..5)
            .map(|_| {
                s.spawn(|| {
                    let mut g = cond.lock();
                    timed(|| g.wait_timeout(Duration::from_millis(500)))
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (notified, dt) in results {
        assert!(!notified);
        assert_timeout(dt, Duration::from_millis(500));
    }
    assert_eq!(
        cond.lock().waiting(),
        0,
        "a timed-out waiter stayed in the queue"
    );
}

/// Ports `test_waitfor`: `wait_for(state == 4)` returns `true` with the state at 4.
#[test]
fn test_waitfor() {
    let cond = Condition::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            let mut state = cond.lock();
            assert!(state.wait_for(|&st| st == 4, None));
            assert_eq!(*state, 4);
        });
        for _ in 0..4 {
            let mut state = cond.lock();
            *state += 1;
            state.notify(1);
        }
    });
}

/// Ports `test_waitfor_timeout`: the state only reaches 3, so `wait_for(state == 4, 0.1)`
/// returns `false` after about 0.1 s.
#[test]
fn test_waitfor_timeout() {
    let cond = Condition::new(0);
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            let mut state = cond.lock();
            timed(|| state.wait_for(|&st| st == 4, Some(Duration::from_millis(100))))
        });
        for _ in 0..3 {
            let mut state = cond.lock();
            *state += 1;
            state.notify(1);
        }
        let (ok, dt) = waiter.join().unwrap();
        assert!(!ok);
        assert_timeout(dt, Duration::from_millis(100));
    });
}

/// A notify with nobody waiting is lost, as in Python: a later wait still blocks.
#[test]
fn notify_without_waiters_wakes_nobody_later() {
    let cond = Condition::new(());
    let mut g = cond.lock();
    assert_eq!(g.notify(1), 0);
    assert!(!g.wait_timeout(Duration::from_millis(10)));
}
