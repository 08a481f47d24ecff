#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom catches the check-then-wait bug of `broken::IfQueue` (an `if` where a `while` must
//! be). The test passes *because* loom finds the interleaving that breaks it: that is the
//! lesson of why `Queue::get` loops.
//!
//! The bad interleaving: consumer A finds the queue empty and sleeps; the producer puts an
//! item and notifies A; before A gets the lock back, consumer B walks in and takes the item;
//! A wakes up believing an item is there, and there is none.
//!
//! And loom catches the lost wakeup of `broken::OneCondvarQueue` (putters and getters on one
//! condvar, `notify_one`): a deadlock, checked in a child process because loom aborts on it.
//! Both tests were checked the other way round too: with the bug fixed (`while`, or
//! `notify_all`), the model passes and these tests fail.

use std::panic::{AssertUnwindSafe, catch_unwind};

use loom::sync::Arc;
use loom::thread;
use producer_consumer::broken::{IfQueue, OneCondvarQueue};

/// One producer putting 1 then 2 into `q`, two consumers taking one item each (one of them
/// this thread): what each consumer got, (this thread's, the other's).
fn put_two_take_two<Q: Send + Sync + 'static>(
    q: Q,
    put: fn(&Q, i32),
    get: fn(&Q) -> i32,
) -> (i32, i32) {
    let q = Arc::new(q);
    let producer = {
        let q = Arc::clone(&q);
        thread::spawn(move || {
            put(&q, 1);
            put(&q, 2);
        })
    };
    let other = {
        let q = Arc::clone(&q);
        thread::spawn(move || get(&q))
    };
    let mine = get(&q);
    let theirs = other.join().unwrap();
    producer.join().unwrap();
    (mine, theirs)
}

fn one_producer_two_consumers() {
    let (mine, theirs) = put_two_take_two(IfQueue::new(), IfQueue::put, IfQueue::get);
    let mut got = [mine, theirs];
    got.sort_unstable();
    assert_eq!(got, [1, 2]);
}

#[test]
fn loom_finds_the_check_then_wait_bug() {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut b = loom::model::Builder::new();
        b.preemption_bound = Some(3);
        b.check(one_producer_two_consumers);
    }));
    let payload = result.expect_err("loom should have found the interleaving that breaks IfQueue");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(
        message.contains("check-then-wait bug"),
        "loom failed, but not on the bug: {message}"
    );
}

/// Two getters and one putter of two items, room for one, one shared condvar.
fn two_getters_one_putter_sharing_a_condvar() {
    let q = OneCondvarQueue::new(1);
    let (mine, theirs) = put_two_take_two(q, OneCondvarQueue::put, OneCondvarQueue::get);
    assert_eq!(mine + theirs, 3);
}

/// The model itself. loom reports a deadlock by panicking inside its scheduler, and loom 0.7
/// then panics again while unwinding, which aborts the process: no `catch_unwind` can see it.
/// So [`loom_finds_the_lost_wakeup_of_a_shared_condvar`] runs this test in a child process.
#[test]
#[ignore = "aborts the process when loom finds the deadlock: run by the test below, in a child"]
fn shared_condvar_model() {
    let mut b = loom::model::Builder::new();
    b.preemption_bound = Some(3);
    b.check(two_getters_one_putter_sharing_a_condvar);
}

/// The bad interleaving: both getters sleep on the empty queue; the putter puts 1, wakes
/// getter A, and sleeps (full) waiting to put 2; A takes 1 and its `notify_one` wakes
/// getter B, not the putter; B finds nothing and sleeps again. All asleep: loom says deadlock.
#[test]
fn loom_finds_the_lost_wakeup_of_a_shared_condvar() {
    interleaving::testing::assert_fails_in_child(
        "shared_condvar_model",
        "deadlock",
        "loom should have found the deadlock of OneCondvarQueue",
    );
}
