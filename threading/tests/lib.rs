//! The lib's pieces on their own: Event, Semaphore, join_timeout, the counters and the prime
//! job. Each test asserts what holds under every interleaving; none sleeps to force an order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use threading::{Event, Joined, Semaphore, counter, join_timeout, primes};

#[test]
fn event_starts_clear_and_set_clear_toggle_it() {
    let e = Event::new();
    assert!(!e.is_set());
    e.set();
    assert!(e.is_set());
    e.set(); // setting twice is fine, as in Python
    assert!(e.is_set());
    e.clear();
    assert!(!e.is_set());
}

#[test]
fn event_wait_returns_at_once_when_already_set() {
    let e = Event::new();
    e.set();
    e.wait();
    assert!(e.wait_timeout(Duration::ZERO));
}

#[test]
fn event_wait_timeout_on_a_clear_event_returns_false_after_the_timeout() {
    let e = Event::new();
    let t0 = Instant::now();
    assert!(!e.wait_timeout(Duration::from_millis(20)));
    assert!(t0.elapsed() >= Duration::from_millis(20), "gave up early");
    assert!(!e.wait_timeout(Duration::ZERO));
    // A timeout past the end of time does not overflow: it waits for the set.
    thread::scope(|s| {
        s.spawn(|| assert!(e.wait_timeout(Duration::MAX)));
        e.set();
    });
}

#[test]
fn event_set_wakes_every_waiter() {
    let e = Event::new();
    let woke = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                e.wait();
                woke.fetch_add(1, Ordering::SeqCst);
            });
        }
        e.set();
    });
    assert_eq!(woke.load(Ordering::SeqCst), 4);
}

#[test]
fn semaphore_counts_permits() {
    let s = Semaphore::new(2);
    assert!(s.try_acquire() && s.try_acquire());
    assert!(!s.try_acquire(), "a third permit from Semaphore(2)");
    assert!(!s.acquire_timeout(Duration::from_millis(5)));
    s.release().expect("unbounded");
    assert!(s.acquire_timeout(Duration::from_secs(60)));
    s.release().expect("unbounded");
    s.release().expect("unbounded");
    assert_eq!(s.available(), 2);
    // Semaphore(0): nobody gets in until someone releases; an unbounded one may grow.
    let z = Semaphore::new(0);
    assert!(!z.try_acquire());
    z.release().expect("unbounded");
    z.release().expect("unbounded");
    assert_eq!(z.available(), 2);
}

#[test]
fn bounded_semaphore_refuses_one_release_too_many() {
    let b = Semaphore::bounded(2);
    assert_eq!(b.release(), Err(threading::ReleasedTooManyTimes));
    assert!(b.try_acquire());
    assert_eq!(b.release(), Ok(()));
    assert_eq!(b.available(), 2);
    drop(b.access()); // a permit taken and given back is fine
    assert_eq!(b.available(), 2);
}

#[test]
fn semaphore_never_lets_more_than_n_inside() {
    let pool = Semaphore::new(3);
    let inside = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..200 {
                    let _p = pool.access();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    thread::yield_now();
                    inside.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
    });
    assert!(most.load(Ordering::SeqCst) <= 3);
    assert_eq!(pool.available(), 3);
}

#[test]
fn semaphore_permit_is_released_even_when_the_holder_panics() {
    let pool = Semaphore::new(1);
    let r = thread::scope(|s| {
        s.spawn(|| {
            let _p = pool.access();
            panic!("holder dies");
        })
        .join()
    });
    assert!(r.is_err());
    assert_eq!(pool.available(), 1, "with sem: releases on the way out");
}

#[test]
fn semaphore_release_wakes_a_waiter() {
    let s = Semaphore::new(0);
    thread::scope(|sc| {
        let waiter = sc.spawn(|| s.acquire());
        s.release().expect("unbounded");
        waiter.join().expect("the waiter gets the permit");
    });
    assert_eq!(s.available(), 0);
}

#[test]
fn join_timeout_returns_the_result_or_the_handle() {
    let t = thread::spawn(|| 7);
    match join_timeout(t, Duration::from_secs(60)) {
        Joined::Finished(Ok(7)) => {}
        other => panic!("expected Finished(Ok(7)), got {other:?}"),
    }
    let gate = std::sync::Arc::new(Event::new());
    let g = gate.clone();
    let t = thread::spawn(move || g.wait());
    let Joined::StillRunning(t) = join_timeout(t, Duration::ZERO) else {
        panic!("the thread waits for the gate");
    };
    gate.set();
    assert!(matches!(
        join_timeout(t, Duration::from_secs(60)),
        Joined::Finished(Ok(true))
    ));
}

#[test]
fn join_timeout_hands_back_a_panic() {
    let t = thread::spawn(|| -> u8 { panic!("boom") });
    match join_timeout(t, Duration::from_secs(60)) {
        Joined::Finished(Err(p)) => assert_eq!(threading::cells::panic_message(&*p), "boom"),
        other => panic!("expected the panic, got {other:?}"),
    }
}

#[test]
fn mutex_and_atomic_counters_are_exact() {
    for threads in [1, 2, 5] {
        assert_eq!(counter::with_mutex(threads, 2000).got, threads * 2000);
        assert_eq!(counter::with_atomic(threads, 2000).got, threads * 2000);
    }
}

#[test]
fn unsynchronised_counter_loses_updates_but_never_gains() {
    // Losses depend on the scheduler, so they are not asserted; the bounds always hold.
    for _ in 0..5 {
        let t = counter::racy(4, 20_000);
        assert!(t.got <= t.expected && t.got >= 1, "{t:?}");
        assert_eq!(t.lost(), t.expected - t.got);
    }
    assert_eq!(
        counter::racy(1, 5000).lost(),
        0,
        "one thread alone cannot race"
    );
}

#[test]
fn prime_counts_are_known_and_do_not_depend_on_threads() {
    assert_eq!(primes::count_sequential(2), 0);
    assert_eq!(primes::count_sequential(3), 1);
    assert_eq!(primes::count_sequential(1000), 168);
    for threads in [1, 2, 3, 7, 200] {
        let (total, shares) = primes::count_parallel(10_000, threads);
        assert_eq!(total, 1229, "{threads} threads");
        assert_eq!(shares.len() as u64, threads);
    }
}
