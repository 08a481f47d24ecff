#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::Lock`]'s fast path
//! (one compare-and-swap) and slow path (spin, mark the lock contended, sleep until a release
//! wakes it): never two holders, no lost wake-up, even when the release comes from a thread
//! that never acquired it, and a try that fails leaves the lock as it was. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_lock`.

use std::time::Duration;

use loom::sync::Arc;
use loom::thread;
use threading::Lock;

mod support;
use support::loom_models::crowd;

#[test]
fn two_threads_never_inside_together() {
    loom::model(|| crowd(Lock::new(), 2));
}

#[test]
fn three_threads_two_of_them_asleep() {
    // Two sleepers at once is where a release that wakes nobody would show; bounding
    // preemptions keeps three threads' search finite, as in loom_semaphore.
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(2);
    model.check(|| crowd(Lock::new(), 3));
}

#[test]
fn release_from_another_thread_wakes_a_blocked_acquire() {
    // CPython's test_different_thread: main takes the lock, a second thread releases it, and
    // a third, blocked in acquire, must get it.
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let lock = Arc::new(Lock::new());
        lock.acquire(true);
        let waiter = {
            let lock = lock.clone();
            thread::spawn(move || lock.acquire(true))
        };
        let releaser = {
            let lock = lock.clone();
            thread::spawn(move || lock.release())
        };
        assert_eq!(releaser.join().expect("returns"), Ok(()));
        assert!(waiter.join().expect("the release is not lost"));
        assert!(lock.locked(), "the waiter holds it");
        assert_eq!(lock.release(), Ok(()));
    });
}

#[test]
fn a_failed_try_leaves_the_lock_as_it_was() {
    // `acquire(false)` and a zero timeout never sleep; whatever they saw, the holder's
    // release frees the lock for good.
    loom::model(|| {
        let lock = Arc::new(Lock::new());
        lock.acquire(true);
        let trier = {
            let lock = lock.clone();
            thread::spawn(move || {
                let a = lock.acquire(false);
                let b = lock.acquire_timeout(Duration::ZERO);
                (a, b)
            })
        };
        assert_eq!(lock.release(), Ok(()));
        let (a, b) = trier.join().expect("returns");
        assert_eq!(lock.locked(), a || b, "held exactly when the try got it");
        assert!(!(a && b), "took a held lock");
    });
}
