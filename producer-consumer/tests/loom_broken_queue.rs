#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom catches the check-then-wait bug of `broken::IfQueue` (an `if` where a `while` must
//! be). The test passes *because* loom finds the interleaving that breaks it: that is the
//! lesson of why `Queue::get` loops.
//!
//! The bad interleaving: consumer A finds the queue empty and sleeps; the producer puts an
//! item and notifies A; before A gets the lock back, consumer B walks in and takes the item;
//! A wakes up believing an item is there, and there is none.

use std::panic::{AssertUnwindSafe, catch_unwind};

use loom::sync::Arc;
use loom::thread;
use producer_consumer::broken::IfQueue;

fn one_producer_two_consumers() {
    let q = Arc::new(IfQueue::new());
    let producer = {
        let q = Arc::clone(&q);
        thread::spawn(move || {
            q.put(1);
            q.put(2);
        })
    };
    let other = {
        let q = Arc::clone(&q);
        thread::spawn(move || q.get())
    };
    let mine = q.get();
    let theirs = other.join().unwrap();
    producer.join().unwrap();
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
