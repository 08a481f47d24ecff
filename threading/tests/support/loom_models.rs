//! Small loom models that the real code must pass and its broken copies must fail: shared by
//! `loom_lock.rs`, `loom_semaphore.rs` and `loom_broken_lock.rs`, so a must-fail test runs the
//! very model the real one passes.

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use threading::{Lock, Semaphore};

/// `threads` threads each take `lock` once: never two inside ("two holders"), and free at
/// the end.
pub fn crowd(lock: Lock, threads: usize) {
    let lock = Arc::new(lock);
    let inside = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (lock, inside) = (lock.clone(), inside.clone());
            thread::spawn(move || {
                let _held = lock.hold();
                assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two holders");
                inside.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("every thread gets the lock and returns");
    }
    assert!(!lock.locked(), "left held");
}

/// A thread blocks in `acquire` on `sem` (no permits); this one releases one: the release is
/// not lost, and the waiter took the permit.
pub fn release_wakes_a_waiter(sem: Semaphore) {
    let sem = Arc::new(sem);
    let waiter = {
        let sem = sem.clone();
        thread::spawn(move || sem.acquire())
    };
    sem.release().expect("unbounded");
    waiter.join().expect("the release is not lost");
    assert_eq!(sem.available(), 0);
}
