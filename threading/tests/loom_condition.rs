#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::Condition`]:
//! `notify(1)` with two waiters wakes exactly one, whichever runs first, and the other stays
//! queued until `notify_all()`; a notify is never lost by a waiter already queued. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_condition`.

use loom::sync::Arc;
use loom::thread;
use threading::Condition;

/// Blocks (yielding to loom) until `n` threads wait on `c`.
fn until_waiting(c: &Condition<usize>, n: usize) {
    while c.lock().waiting() < n {
        thread::yield_now();
    }
}

#[test]
fn notify_one_of_two_wakes_exactly_one() {
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        // The data: how many waiters returned from `wait`, counted under the lock.
        let c = Arc::new(Condition::new(0usize));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let c = c.clone();
                thread::spawn(move || {
                    let mut woken = c.lock();
                    assert!(woken.wait(), "wait() returned without a notify");
                    *woken += 1;
                })
            })
            .collect();
        until_waiting(&c, 2);
        assert_eq!(c.lock().notify(1), 1);
        // Wait until the woken one has counted itself; the other must still be queued.
        loop {
            let g = c.lock();
            if *g == 1 {
                break;
            }
            assert_eq!(*g, 0);
            drop(g);
            thread::yield_now();
        }
        let mut g = c.lock();
        assert_eq!((*g, g.waiting()), (1, 1), "notify(1) woke both");
        assert_eq!(g.notify_all(), 1);
        drop(g);
        for w in waiters {
            w.join().expect("every waiter returns");
        }
        assert_eq!(*c.lock(), 2);
    });
}

#[test]
fn wait_for_sees_a_change_made_before_or_after_it_waits() {
    loom::model(|| {
        let c = Arc::new(Condition::new(0usize));
        let waiter = {
            let c = c.clone();
            thread::spawn(move || {
                let mut v = c.lock();
                assert!(v.wait_for(|&v| v == 1, None));
            })
        };
        let mut v = c.lock();
        *v = 1;
        v.notify(1);
        drop(v);
        waiter.join().expect("the change is never missed");
    });
}
