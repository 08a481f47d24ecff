//! What the ports of CPython's `Lib/test/lock_tests.py` share: its `assertTimeout` and a
//! stand-in for its `_wait()` that orders nothing (the tests assert what holds whatever runs
//! first; where they need a thread to be blocked, they ask the primitive how many wait).

#![allow(dead_code)] // each test file uses a part

pub mod event_gh_57711;
#[cfg(loom)]
pub mod loom_models;

use std::time::{Duration, Instant};

/// CPython's `assertTimeout`: at least 0.6x the timeout, and nothing insane (under 10x).
pub fn assert_timeout(actual: Duration, expected: Duration) {
    assert!(
        actual >= expected.mul_f64(0.6),
        "gave up after {actual:?}, before 0.6 x {expected:?}"
    );
    assert!(
        actual < expected * 10,
        "gave up after {actual:?}, over 10 x {expected:?}"
    );
}

/// Times `f`.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t0 = Instant::now();
    let r = f();
    (r, t0.elapsed())
}

/// Yields until `cond` holds (CPython's `while not cond: _wait()`), failing after 60 s
/// rather than hanging the test run.
pub fn until(what: &str, mut cond: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !cond() {
        assert!(t0.elapsed() < Duration::from_secs(60), "never saw: {what}");
        std::thread::yield_now();
    }
}

/// CPython's `_wait()`: a moment for other threads to run. Only ever used before an assertion
/// that holds however long the moment is.
pub fn moment() {
    std::thread::sleep(Duration::from_millis(10));
}

/// Rounds for the tests that repeat a race.
pub const ROUNDS: usize = 200;
