#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! The queue under every interleaving loom can find, 2-3 threads per model. Run with
//! `RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test --release -p producer-consumer --test loom_queue`.
//!
//! Each model states what must hold in *every* interleaving: a model that finishes has
//! checked them all, not just the ones a run happened to hit.
//!
//! Checked that they can fail, by breaking the queue on purpose one line at a time: `put`
//! notifying only when two getters wait, `get` never notifying putters, `shutdown` without
//! its `notify_all` on `not_empty` or on `not_full`, `task_done` without its `notify_all`:
//! each time loom reports a deadlock in one of these models.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use producer_consumer::{Queue, ShutDown};

fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut b = loom::model::Builder::new();
    // No preemption bound: the models are small enough (all five take about 2 s in release)
    // for loom to try every interleaving, not only those with few preemptions.
    b.preemption_bound = None;
    b.check(f);
}

/// Two producers, one consumer, room for one item: both items arrive, once each, and nobody
/// sleeps forever (loom reports a deadlock if every thread is blocked).
#[test]
fn two_producers_one_consumer_on_maxsize_1_deliver_everything_once() {
    model(|| {
        let q = Arc::new(Queue::new(1));
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|i| {
                let q = Arc::clone(&q);
                thread::spawn(move || q.put(i).unwrap())
            })
            .collect();
        let mut got = vec![q.get().unwrap(), q.get().unwrap()];
        for p in producers {
            p.join().unwrap();
        }
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
        assert!(q.empty());
    });
}

/// A `get` blocked on an empty queue is woken by `shutdown`: it returns `ShutDown`, whether
/// it went to sleep before the shutdown or after.
#[test]
fn shutdown_wakes_a_blocked_get() {
    model(|| {
        let q = Arc::new(Queue::<u8>::new(0));
        let getter = {
            let q = Arc::clone(&q);
            thread::spawn(move || q.get())
        };
        q.shutdown(false);
        assert_eq!(getter.join().unwrap(), Err(ShutDown(())));
    });
}

/// A `put` blocked on a full queue is woken by `shutdown` and gets its item back.
#[test]
fn shutdown_wakes_a_blocked_put() {
    model(|| {
        let q = Arc::new(Queue::new(1));
        q.put(1).unwrap();
        let putter = {
            let q = Arc::clone(&q);
            thread::spawn(move || q.put(2))
        };
        q.shutdown(false);
        assert_eq!(putter.join().unwrap(), Err(ShutDown(2)));
        // The item put before the shutdown is still handed out.
        assert_eq!(q.get().unwrap(), 1);
    });
}

/// A `put` blocked on a full queue is woken by a `get`, and its item is then in the queue.
#[test]
fn get_wakes_a_blocked_put() {
    model(|| {
        let q = Arc::new(Queue::new(1));
        q.put(1).unwrap();
        let putter = {
            let q = Arc::clone(&q);
            thread::spawn(move || q.put(2).unwrap())
        };
        assert_eq!(q.get().unwrap(), 1);
        putter.join().unwrap();
        assert_eq!(q.get_nowait().unwrap(), 2);
    });
}

/// `join` returns only after the last `task_done`: when it returns, the worker has finished
/// both items, never just got them.
#[test]
fn join_returns_only_after_the_last_task_done() {
    model(|| {
        let q = Arc::new(Queue::new(0));
        let finished = Arc::new(AtomicUsize::new(0));
        q.put(1).unwrap();
        q.put(2).unwrap();
        let worker = {
            let (q, finished) = (Arc::clone(&q), Arc::clone(&finished));
            thread::spawn(move || {
                for _ in 0..2 {
                    q.get().unwrap();
                    finished.fetch_add(1, Ordering::SeqCst);
                    q.task_done().unwrap();
                }
            })
        };
        q.join();
        assert_eq!(finished.load(Ordering::SeqCst), 2);
        worker.join().unwrap();
    });
}

/// `shutdown(true)` releases a `join` still waiting for work that will never be done.
#[test]
fn immediate_shutdown_releases_join() {
    model(|| {
        let q = Arc::new(Queue::new(0));
        q.put(1).unwrap();
        let joiner = {
            let q = Arc::clone(&q);
            thread::spawn(move || q.join())
        };
        q.shutdown(true);
        joiner.join().unwrap();
        assert_eq!(q.unfinished_tasks(), 0);
    });
}
