//! Ports of CPython's `Lib/test/lock_tests.py` `BarrierTests` onto [`threading::Barrier`],
//! named after the CPython tests: N = 5 threads, the default timeout 2 s.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use support::{ROUNDS, until};
use threading::{Barrier, BrokenBarrierError, NoParties};

const N: usize = 5;

fn barrier() -> Barrier {
    Barrier::new(N)
        .expect("N > 0")
        .with_timeout(Duration::from_secs(2))
}

/// CPython's `run_threads`: `f` on N threads (N-1 spawned, one on the caller's), joined.
fn run_threads<R: Send>(f: impl Fn() -> R + Sync) -> Vec<R> {
    thread::scope(|s| {
        let hs: Vec<_> = (0..N - 1).map(|_| s.spawn(&f)).collect();
        let mine = f();
        let mut all: Vec<R> = hs.into_iter().map(|h| h.join().unwrap()).collect();
        all.push(mine);
        all
    })
}

/// CPython's `multipass`: lockstep for `n` passes; no one is ahead by a round.
fn multipass(b: &Barrier, results: &[AtomicUsize; 2], n: usize) {
    assert_eq!(b.parties(), N);
    for i in 0..n {
        results[0].fetch_add(1, Ordering::SeqCst);
        assert_eq!(results[1].load(Ordering::SeqCst), i * N);
        b.wait().unwrap();
        results[1].fetch_add(1, Ordering::SeqCst);
        assert_eq!(results[0].load(Ordering::SeqCst), (i + 1) * N);
        b.wait().unwrap();
    }
    assert_eq!(b.n_waiting(), 0);
    assert!(!b.broken());
}

/// Ports `test_barrier`.
#[test]
fn test_barrier() {
    let b = barrier();
    let results = [AtomicUsize::new(0), AtomicUsize::new(0)];
    run_threads(|| multipass(&b, &results, 1));
}

/// Ports `test_barrier_10`.
#[test]
fn test_barrier_10() {
    let b = barrier();
    let results = [AtomicUsize::new(0), AtomicUsize::new(0)];
    run_threads(|| multipass(&b, &results, 10));
}

/// Ports `test_wait_return`, made stronger: the indices are exactly 0..N, 200 rounds.
#[test]
fn test_wait_return() {
    for _ in 0..ROUNDS {
        let b = barrier();
        let mut got = run_threads(|| b.wait().unwrap());
        got.sort();
        assert_eq!(got, (0..N).collect::<Vec<_>>());
    }
}

/// Ports `test_action`: the action has run once when any thread passes; 200 rounds of one
/// barrier, so once per round.
#[test]
fn test_action() {
    let runs = Arc::new(AtomicUsize::new(0));
    let r = runs.clone();
    let b = Barrier::new(N).unwrap().with_action(move || {
        r.fetch_add(1, Ordering::SeqCst);
    });
    run_threads(|| {
        for i in 1..=ROUNDS {
            b.wait().unwrap();
            assert_eq!(runs.load(Ordering::SeqCst), i, "after round {i}");
        }
    });
    assert_eq!(runs.load(Ordering::SeqCst), ROUNDS);
}

/// CPython's `test_abort` body: the thread with index N/2 aborts instead of waiting again;
/// the others count whether their second wait passed (`results[0]`) or broke (`results[1]`).
fn abort_scenario(b: &Barrier, results: &[AtomicUsize; 2]) {
    let second = match b.wait() {
        Ok(i) if i == N / 2 => {
            b.abort();
            return;
        }
        Ok(_) => b.wait(),
        Err(e) => Err(e),
    };
    let which = usize::from(second.is_err());
    results[which].fetch_add(1, Ordering::SeqCst);
}

/// Ports `test_abort`.
#[test]
fn test_abort() {
    let b = barrier();
    let results = [AtomicUsize::new(0), AtomicUsize::new(0)];
    run_threads(|| abort_scenario(&b, &results));
    assert_eq!(results[0].load(Ordering::SeqCst), 0);
    assert_eq!(results[1].load(Ordering::SeqCst), N - 1);
    assert!(b.broken());
    assert_eq!(
        b.wait(),
        Err(BrokenBarrierError),
        "a broken barrier stays broken"
    );
}

/// Ports `test_reset`: a reset while N-1 wait frees them with `BrokenBarrierError`; then all N
/// pass the barrier again.
#[test]
fn test_reset() {
    let b = barrier();
    let (passed, broken, again) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    run_threads(|| {
        let i = b.wait().unwrap();
        if i == N / 2 {
            until("the others in the barrier", || b.n_waiting() == N - 1);
            b.reset();
        } else {
            match b.wait() {
                Ok(_) => passed.fetch_add(1, Ordering::SeqCst),
                Err(BrokenBarrierError) => broken.fetch_add(1, Ordering::SeqCst),
            };
        }
        b.wait().unwrap();
        again.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(passed.load(Ordering::SeqCst), 0);
    assert_eq!(broken.load(Ordering::SeqCst), N - 1);
    assert_eq!(again.load(Ordering::SeqCst), N);
}

/// Ports `test_abort_and_reset`: a broken barrier can be reset and used again.
#[test]
fn test_abort_and_reset() {
    let b = barrier();
    let b2 = Barrier::new(N).unwrap();
    let results = [AtomicUsize::new(0), AtomicUsize::new(0)];
    let again = AtomicUsize::new(0);
    run_threads(|| {
        abort_scenario(&b, &results);
        // Everyone has left `b` before the reset, and nobody enters it before.
        if b2.wait().unwrap() == N / 2 {
            b.reset();
        }
        b2.wait().unwrap();
        b.wait().unwrap();
        again.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(results[0].load(Ordering::SeqCst), 0);
    assert_eq!(results[1].load(Ordering::SeqCst), N - 1);
    assert_eq!(again.load(Ordering::SeqCst), N);
}

/// Ports `test_timeout`: one thread is late (it waits on an event that never comes, for
/// 1 s), so the others' `wait(0.5)` times out and breaks the barrier: every one of the N gets
/// `BrokenBarrierError`.
#[test]
fn test_timeout() {
    let b = barrier();
    let late = threading::Event::new();
    let results = run_threads(|| {
        let i = b.wait().unwrap();
        if i == N / 2 {
            late.wait_timeout(Duration::from_secs(1));
        }
        b.wait_timeout(Duration::from_millis(500))
    });
    assert_eq!(results, [Err(BrokenBarrierError); N]);
}

/// Ports `test_default_timeout`: the same with the barrier's own timeout of 0.3 s.
#[test]
fn test_default_timeout() {
    let b = Barrier::new(N)
        .unwrap()
        .with_timeout(Duration::from_millis(300));
    let late = threading::Event::new();
    let results = run_threads(|| {
        let i = b.wait().unwrap();
        if i == N / 2 {
            late.wait_timeout(Duration::from_secs(1));
        }
        b.wait()
    });
    assert_eq!(results, [Err(BrokenBarrierError); N]);
}

/// Ports `test_single_thread`.
#[test]
fn test_single_thread() {
    let b = Barrier::new(1).unwrap();
    assert_eq!(b.wait(), Ok(0));
    assert_eq!(b.wait(), Ok(0));
}

/// `Barrier(0)` is Python 3.13's `ValueError: parties must be >= 1` (3.12 accepted it).
#[test]
fn test_constructor() {
    assert_eq!(Barrier::new(0).err(), Some(NoParties));
    assert_eq!(NoParties.to_string(), "parties must be >= 1");
}

/// A panicking action breaks the barrier (CPython's `_release` calls `_break()` and
/// re-raises): the last arrival gets the panic, every other waiter `BrokenBarrierError`.
#[test]
fn action_panic_breaks_the_barrier() {
    let b = Barrier::new(3)
        .unwrap()
        .with_action(|| panic!("action failed"));
    let out = Mutex::new(Vec::new());
    thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| b.wait()));
                out.lock().unwrap().push(match r {
                    Ok(Ok(_)) => "passed",
                    Ok(Err(BrokenBarrierError)) => "broken",
                    Err(_) => "panicked",
                });
            });
        }
    });
    let mut got = out.into_inner().unwrap();
    got.sort();
    assert_eq!(got, ["broken", "broken", "panicked"]);
    assert!(b.broken());
}
