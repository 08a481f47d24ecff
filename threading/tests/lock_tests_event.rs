//! Ports of CPython's `Lib/test/lock_tests.py` `EventTests` onto [`threading::Event`], named
//! after the CPython tests, plus the gh-57711 race shown on the old `Event` it replaces.

mod support;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use support::event_gh_57711::EventGh57711;
use support::{ROUNDS, assert_timeout, moment, timed, until};
use threading::Event;

/// Ports `test_is_set`.
#[test]
fn test_is_set() {
    let evt = Event::new();
    assert!(!evt.is_set());
    evt.set();
    assert!(evt.is_set());
    evt.set();
    assert!(evt.is_set());
    evt.clear();
    assert!(!evt.is_set());
    evt.clear();
    assert!(!evt.is_set());
}

/// CPython's `_check_notify`: every waiter is woken, and both its waits return `true`.
fn check_notify(evt: &Event) {
    const N: usize = 5;
    let (results1, results2) = (Mutex::new(Vec::new()), Mutex::new(Vec::new()));
    let started = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..N {
            s.spawn(|| {
                started.fetch_add(1, Ordering::SeqCst);
                let r = evt.wait();
                results1.lock().unwrap().push(r);
                results2.lock().unwrap().push(evt.wait());
            });
        }
        until("all started", || started.load(Ordering::SeqCst) == N);
        moment();
        assert!(results1.lock().unwrap().is_empty(), "woke before set()");
        evt.set();
    });
    assert_eq!(*results1.lock().unwrap(), [true; N]);
    assert_eq!(*results2.lock().unwrap(), [true; N]);
}

/// Ports `test_notify`: twice, the second time after `set(); clear()`.
#[test]
fn test_notify() {
    let evt = Event::new();
    check_notify(&evt);
    evt.set();
    evt.clear();
    check_notify(&evt);
}

/// Ports `test_timeout`: `wait(0)` and `wait(0.5)` on a clear event return `false`, the latter
/// after about 0.5 s; once set, both return `true`.
#[test]
fn test_timeout() {
    const N: usize = 5;
    let evt = Event::new();
    let f = || {
        let r1 = evt.wait_timeout(Duration::ZERO);
        let (r2, dt) = timed(|| evt.wait_timeout(Duration::from_millis(500)));
        (r1, r2, dt)
    };
    let results: Vec<_> = thread::scope(|s| {
        let hs: Vec<_> = (0..N).map(|_| s.spawn(f)).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (r1, r2, dt) in results {
        assert!(!r1 && !r2);
        assert_timeout(dt, Duration::from_millis(500));
    }
    evt.set();
    let results: Vec<_> = thread::scope(|s| {
        let hs: Vec<_> = (0..N).map(|_| s.spawn(f)).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(|&(r1, r2, _)| r1 && r2));
}

/// One round of `test_set_and_clear`: `n` threads wait with `timeout`; once all are blocked,
/// main does `set(); clear()`. Returns how many waits returned `true`.
fn set_and_clear_round<E: Sync>(
    evt: &E,
    n: usize,
    timeout: Duration,
    wait: impl Fn(&E, Duration) -> bool + Sync,
    waiting: impl Fn(&E) -> usize,
    set_clear: impl Fn(&E),
) -> usize {
    thread::scope(|s| {
        let hs: Vec<_> = (0..n).map(|_| s.spawn(|| wait(evt, timeout))).collect();
        until("every waiter blocked", || waiting(evt) == n);
        set_clear(evt);
        hs.into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&r| r)
            .count()
    })
}

/// Ports `test_set_and_clear` (bpo-13502 / gh-57711): a waiter blocked before `set()` returns
/// `true` even though `clear()` came before it woke. 200 rounds, every waiter every time.
#[test]
fn test_set_and_clear() {
    const N: usize = 5;
    for round in 0..ROUNDS {
        let evt = Event::new();
        let woke = set_and_clear_round(
            &evt,
            N,
            Duration::from_secs(10),
            Event::wait_timeout,
            Event::waiting,
            |e| {
                e.set();
                e.clear();
            },
        );
        assert_eq!(woke, N, "round {round}: a waiter missed the set()");
    }
}

/// The same scenario on the `Event` this crate had before: some round loses a waiter (it
/// goes back to sleep after `clear()` and returns `false` at its timeout). Stops at the first
/// such round; the loom model `old_event_misses_a_set_followed_by_clear` finds it for sure.
#[test]
fn event_gh_57711_waiter_misses_set_then_clear() {
    let lost = (0..ROUNDS).any(|_| {
        let evt = EventGh57711::default();
        let woke = set_and_clear_round(
            &evt,
            5,
            Duration::from_millis(100),
            EventGh57711::wait_timeout,
            EventGh57711::waiting,
            |e| {
                e.set();
                e.clear();
            },
        );
        woke < 5
    });
    assert!(
        lost,
        "{ROUNDS} rounds of set(); clear() and the old Event never lost a waiter"
    );
}

/// A `set()` that comes before `wait()` is seen at once, whatever the timeout.
#[test]
fn wait_after_set_returns_at_once() {
    let evt = Event::new();
    evt.set();
    assert!(evt.wait());
    assert!(evt.wait_timeout(Duration::ZERO));
    assert!(evt.wait_timeout(Duration::MAX));
}
