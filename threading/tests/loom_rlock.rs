#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::RLock`]: two
//! threads taking it twice each are never inside together, it ends free, and a thread that
//! does not own it cannot release it. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_rlock`.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use threading::{NotOwned, RLock};

#[test]
fn two_threads_twice_each_never_inside_together() {
    loom::model(|| {
        let lock = Arc::new(RLock::new());
        let inside = Arc::new(AtomicUsize::new(0));
        let work = {
            let (lock, inside) = (lock.clone(), inside.clone());
            move || {
                let _outer = lock.hold();
                let _inner = lock.hold(); // re-entered: no deadlock
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two owners");
                inside.fetch_sub(1, Ordering::SeqCst);
            }
        };
        let other = thread::spawn(work.clone());
        work();
        other.join().expect("no deadlock");
        assert!(lock.acquire(false), "left held");
        lock.release().expect("ours");
    });
}

#[test]
fn only_the_owner_releases() {
    loom::model(|| {
        let lock = Arc::new(RLock::new());
        lock.acquire(true);
        let other = {
            let lock = lock.clone();
            thread::spawn(move || (lock.release(), lock.acquire(false)))
        };
        let (released, took) = other.join().expect("returns");
        assert_eq!(released, Err(NotOwned));
        assert!(!took, "took a lock main holds");
        assert_eq!(lock.release(), Ok(()));
        assert_eq!(lock.release(), Err(NotOwned));
    });
}

/// The slow path's bit: a thread that finds the lock held sleeps (loom spins once) and the
/// owner's last release must wake it, whichever comes first; a try that fails first
/// (`acquire(blocking=False)`; loom has no clock for a real timeout) leaves the word as it
/// found it for the owner to release.
#[test]
fn a_waiter_is_woken_by_the_last_release_and_a_failed_try_leaves_no_trace() {
    loom::model(|| {
        let lock = Arc::new(RLock::new());
        let held = lock.hold();
        let waiter = {
            let lock = lock.clone();
            thread::spawn(move || {
                if lock.acquire(false) {
                    lock.release().expect("ours"); // main had already let go
                }
                lock.acquire(true); // must be woken: a lost wake-up is a deadlock loom reports
                lock.release().expect("ours");
            })
        };
        let inner = lock.hold();
        drop(inner);
        drop(held);
        waiter.join().expect("woken");
        assert!(lock.acquire(false), "left held");
        lock.release().expect("ours");
    });
}
