#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom catches each classic bug of a hand-built lock, put into the real [`threading::Lock`]
//! and [`threading::Semaphore`] one at a time ([`threading::broken::Bug`]): these tests pass
//! *because* loom fails the broken code, on the same model the real code passes here too.
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_broken_lock`.
//!
//! A deadlock makes loom 0.7 abort the process (it panics again while unwinding), so the
//! models that must deadlock run in a child process, as `#[ignore]`d tests that
//! [`interleaving::testing::assert_fails_in_child`] starts; a failed assertion is an
//! ordinary panic, caught with `catch_unwind`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use threading::broken::Bug;
use threading::{Lock, Semaphore};

mod support;
use support::loom_models::{crowd, release_wakes_a_waiter};

/// Two threads each take `lock` once (the model `loom_lock.rs` runs on the real `Lock`).
fn two_take_it(lock: Lock) {
    crowd(lock, 2);
}

/// The panic message of a model that loom failed.
fn failure(model: impl Fn() + Sync + Send + 'static) -> String {
    let payload = catch_unwind(AssertUnwindSafe(|| loom::model(model)))
        .expect_err("loom should have failed the broken code");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn the_real_lock_passes_the_models_below() {
    loom::model(|| two_take_it(Lock::new()));
}

#[test]
fn the_real_semaphore_passes_the_models_below() {
    loom::model(|| release_wakes_a_waiter(Semaphore::new(0)));
}

/// Both threads look, both see 0 (free), both store 1 (mine): inside together.
#[test]
fn loom_finds_two_holders_when_the_take_is_a_look_then_a_store() {
    let message = failure(|| two_take_it(Lock::with_bug(Bug::LetsTwoIn)));
    assert!(
        message.contains("two holders"),
        "loom failed, but not on the bug: {message}"
    );
}

#[test]
#[ignore = "aborts the process when loom finds the deadlock: run by the test below, in a child"]
fn release_that_forgets_the_wake_model() {
    loom::model(|| two_take_it(Lock::with_bug(Bug::ForgetsTheWake)));
}

/// A holds it; B finds it taken, marks it contended (2) and sleeps; A's release swaps 0 in,
/// sees 2, and wakes nobody. B sleeps for ever: loom says deadlock.
#[test]
fn loom_finds_the_sleeper_a_release_forgot_to_wake() {
    interleaving::testing::assert_fails_in_child(
        "release_that_forgets_the_wake_model",
        "deadlock",
        "loom should have found the sleeper that Bug::ForgetsTheWake leaves asleep",
    );
}

#[test]
#[ignore = "aborts the process when loom finds the deadlock: run by the test below, in a child"]
fn semaphore_release_that_loses_a_waiter_model() {
    loom::model(|| release_wakes_a_waiter(Semaphore::with_bug(0, Bug::LosesAWaiter)));
}

/// The release reads "nobody waits"; the waiter counts itself, sees no permit and sleeps;
/// the release adds its permit and, believing nobody waits, wakes nobody: deadlock.
#[test]
fn loom_finds_the_waiter_a_semaphore_release_lost() {
    interleaving::testing::assert_fails_in_child(
        "semaphore_release_that_loses_a_waiter_model",
        "deadlock",
        "loom should have found the waiter that Bug::LosesAWaiter leaves asleep",
    );
}
