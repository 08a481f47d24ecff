//! Ports of CPython's `Lib/test/lock_tests.py` `BaseSemaphoreTests`, `SemaphoreTests` and
//! `BoundedSemaphoreTests` onto [`threading::Semaphore`], named after the CPython tests.
//! `test_constructor` (a negative value is `ValueError`) is a type error here: the count is a
//! `usize`.

mod support;

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use support::{assert_timeout, moment, timed, until};
use threading::{ReleasedTooManyTimes, Semaphore};

fn both() -> [fn(usize) -> Semaphore; 2] {
    [Semaphore::new, Semaphore::bounded]
}

/// Ports `test_acquire`.
#[test]
fn test_acquire() {
    for make in both() {
        let sem = make(1);
        sem.acquire();
        sem.release().unwrap();
        let sem = make(2);
        sem.acquire();
        sem.acquire();
        sem.release().unwrap();
        sem.release().unwrap();
    }
}

/// Ports `test_acquire_contended`: `Semaphore(7)`, one taken; ten threads each acquire twice.
/// Exactly 6, then 7 more after 7 releases, then 6 more after 6, each in its phase.
#[test]
fn test_acquire_contended() {
    for make in both() {
        let sem = make(7);
        sem.acquire();
        let results = Mutex::new(Vec::new());
        let phase = AtomicUsize::new(0);
        let got = || results.lock().unwrap().len();
        thread::scope(|s| {
            for _ in 0..10 {
                s.spawn(|| {
                    for _ in 0..2 {
                        sem.acquire();
                        results.lock().unwrap().push(phase.load(Ordering::SeqCst));
                    }
                });
            }
            until("6 acquired", || got() == 6);
            moment();
            assert_eq!(*results.lock().unwrap(), [0; 6], "more than 6 permits");
            phase.store(1, Ordering::SeqCst);
            for _ in 0..7 {
                sem.release().unwrap();
            }
            until("13 acquired", || got() == 13);
            moment();
            let mut r = results.lock().unwrap().clone();
            r.sort();
            assert_eq!(r, [[0; 6].as_slice(), &[1; 7]].concat());
            phase.store(2, Ordering::SeqCst);
            for _ in 0..6 {
                sem.release().unwrap();
            }
            until("19 acquired", || got() == 19);
            moment();
            assert_eq!(got(), 19);
            assert!(!sem.try_acquire(), "the semaphore is still locked");
            sem.release().unwrap(); // the last thread's second acquire
        });
        assert_eq!(results.lock().unwrap().len(), 20);
    }
}

/// Ports `test_multirelease`: as `test_acquire_contended`, with `release(7)` and `release(6)`
/// in one call each (Python 3.9+'s `release(n)`): each wakes exactly that many acquirers.
#[test]
fn test_multirelease() {
    for make in both() {
        let sem = make(7);
        sem.acquire();
        let results = Mutex::new(Vec::new());
        let phase = AtomicUsize::new(0);
        let got = || results.lock().unwrap().len();
        let n = |n| NonZeroUsize::new(n).unwrap();
        thread::scope(|s| {
            for _ in 0..10 {
                s.spawn(|| {
                    for _ in 0..2 {
                        sem.acquire();
                        results.lock().unwrap().push(phase.load(Ordering::SeqCst));
                    }
                });
            }
            until("6 acquired", || got() == 6);
            moment();
            assert_eq!(*results.lock().unwrap(), [0; 6], "more than 6 permits");
            phase.store(1, Ordering::SeqCst);
            sem.release_n(n(7)).unwrap();
            until("13 acquired", || got() == 13);
            moment();
            let mut r = results.lock().unwrap().clone();
            r.sort();
            assert_eq!(r, [[0; 6].as_slice(), &[1; 7]].concat());
            phase.store(2, Ordering::SeqCst);
            sem.release_n(n(6)).unwrap();
            until("19 acquired", || got() == 19);
            moment();
            assert_eq!(got(), 19);
            assert!(!sem.try_acquire(), "the semaphore is still locked");
            sem.release().unwrap(); // the last thread's second acquire
        });
        assert_eq!(results.lock().unwrap().len(), 20);
    }
}

/// A bounded semaphore's `release(n)` past its start is refused whole (Python 3.9+).
#[test]
fn bounded_release_n_too_many_is_refused_whole() {
    let sem = Semaphore::bounded(3);
    sem.acquire();
    assert_eq!(
        sem.release_n(NonZeroUsize::new(2).unwrap()),
        Err(ReleasedTooManyTimes)
    );
    assert_eq!(sem.available(), 2);
    sem.release_n(NonZeroUsize::new(1).unwrap()).unwrap();
    assert_eq!(sem.available(), 3);
}

/// Ports `test_try_acquire`.
#[test]
fn test_try_acquire() {
    for make in both() {
        let sem = make(2);
        assert!(sem.try_acquire() && sem.try_acquire());
        assert!(!sem.try_acquire());
        sem.release().unwrap();
        assert!(sem.try_acquire());
    }
}

/// Ports `test_try_acquire_contended`: `Semaphore(4)`, one taken, five threads try twice:
/// exactly three get one.
#[test]
fn test_try_acquire_contended() {
    for make in both() {
        let sem = make(4);
        sem.acquire();
        let got = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..5 {
                s.spawn(|| {
                    for _ in 0..2 {
                        if sem.try_acquire() {
                            got.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                });
            }
        });
        assert_eq!(got.load(Ordering::SeqCst), 3);
    }
}

/// Ports `test_acquire_timeout`.
#[test]
fn test_acquire_timeout() {
    for make in both() {
        let sem = make(2);
        let short = Duration::from_millis(5);
        assert!(sem.acquire_timeout(short) && sem.acquire_timeout(short));
        assert!(!sem.acquire_timeout(short));
        sem.release().unwrap();
        assert!(sem.acquire_timeout(short));
        let (got, dt) = timed(|| sem.acquire_timeout(Duration::from_millis(500)));
        assert!(!got);
        assert_timeout(dt, Duration::from_millis(500));
    }
}

/// Ports `test_default_value`: `Semaphore()` has one permit.
#[test]
fn test_default_value() {
    let sem = Semaphore::default();
    sem.acquire();
    let finished = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            sem.acquire();
            sem.release().unwrap();
            finished.store(1, Ordering::SeqCst);
        });
        moment();
        assert_eq!(finished.load(Ordering::SeqCst), 0, "a second permit");
        sem.release().unwrap();
    });
    assert_eq!(finished.load(Ordering::SeqCst), 1);
}

/// Ports `test_with`: nested `with sem:` blocks, one ending in a panic, give every permit back.
#[test]
fn test_with() {
    for make in both() {
        let sem = make(2);
        let with = |raise: bool| {
            let _p = sem.access();
            assert!(sem.try_acquire());
            sem.release().unwrap();
            let _q = sem.access();
            assert!(!sem.try_acquire());
            if raise {
                std::panic::panic_any("TypeError");
            }
        };
        with(false);
        assert!(sem.try_acquire());
        sem.release().unwrap();
        assert!(std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| with(true))).is_err());
        assert!(sem.try_acquire());
        sem.release().unwrap();
        assert_eq!(sem.available(), 2);
    }
}

/// Ports `SemaphoreTests.test_release_unacquired`: an unbounded semaphore may grow.
#[test]
fn test_release_unacquired() {
    let sem = Semaphore::new(1);
    sem.release().unwrap();
    sem.acquire();
    sem.acquire();
    sem.release().unwrap();
}

/// Ports `BoundedSemaphoreTests.test_release_unacquired`: `ValueError` past the start value.
#[test]
fn test_bounded_release_unacquired() {
    let sem = Semaphore::bounded(1);
    assert_eq!(sem.release(), Err(ReleasedTooManyTimes));
    sem.acquire();
    sem.release().unwrap();
    assert_eq!(sem.release(), Err(ReleasedTooManyTimes));
}

/// A stated difference: Python's counter has no limit; ours stops at `Semaphore::MAX`
/// (permits and waiters share one atomic word). `new` with more starts at the limit, and a
/// release past it is refused like one too many on a bounded semaphore, giving nothing back.
#[test]
fn permits_stop_at_max() {
    for make in both() {
        let sem = make(usize::MAX);
        assert_eq!(sem.available(), Semaphore::MAX);
        assert_eq!(sem.release(), Err(ReleasedTooManyTimes));
        assert!(sem.try_acquire());
        assert_eq!(sem.available(), Semaphore::MAX - 1);
        let two = NonZeroUsize::new(2).expect("2 > 0");
        assert_eq!(sem.release_n(two), Err(ReleasedTooManyTimes));
        assert_eq!(sem.release(), Ok(()));
        assert_eq!(sem.available(), Semaphore::MAX);
    }
}
