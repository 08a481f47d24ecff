#![cfg_attr(not(loom), allow(missing_docs))] // without --cfg loom the file is empty
#![cfg(loom)]
//! loom explores every interleaving of these small models of [`threading::Semaphore`]: never
//! more holders than permits, no lost wake-up, every permit back at the end. Run with
//! `RUSTFLAGS="--cfg loom" cargo test --release -p threading --test loom_semaphore`.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use threading::Semaphore;

mod support;
use support::loom_models::release_wakes_a_waiter;

/// `threads` threads each take a permit of a `Semaphore(permits)` once: never more than
/// `permits` inside at once, and every permit back at the end.
fn crowd(permits: usize, threads: usize) {
    let pool = Arc::new(Semaphore::new(permits));
    let inside = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (pool, inside) = (pool.clone(), inside.clone());
            thread::spawn(move || {
                let _permit = pool.access();
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                assert!(now <= permits, "{now} inside a Semaphore({permits})");
                inside.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("every thread gets a permit and returns");
    }
    assert_eq!(pool.available(), permits);
}

#[test]
fn a_semaphore_of_one_is_a_lock() {
    loom::model(|| crowd(1, 2));
}

#[test]
fn two_permits_three_threads() {
    // Three threads make the full search too big to finish; bounding preemptions to 2 still
    // covers every schedule with up to two forced switches, where such bugs show.
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(2);
    model.check(|| crowd(2, 3));
}

#[test]
fn release_wakes_a_blocked_acquire() {
    loom::model(|| release_wakes_a_waiter(Semaphore::new(0)));
}
