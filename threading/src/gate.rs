//! A start line for threads: nobody starts until everybody is there.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Lines threads up so they start their work at the same moment.
///
/// A spinning gate, not a `Barrier`: a barrier wakes its sleepers one by one, and with a short
/// job the first ones finish before the last wake up, so nothing overlaps. Spinning (yielding,
/// in case there are more threads than cores) lets them all go within nanoseconds of each
/// other. It is for demos that want overlap; it orders nothing else.
///
/// ```
/// let gate = threading::StartGate::new(2);
/// std::thread::scope(|s| {
///     s.spawn(|| gate.wait());
///     gate.wait(); // returns once both have arrived
/// });
/// ```
#[derive(Debug)]
pub struct StartGate {
    arrived: AtomicUsize,
    threads: usize,
}

impl StartGate {
    /// A gate for `threads` threads.
    pub fn new(threads: usize) -> Self {
        StartGate {
            arrived: AtomicUsize::new(0),
            threads,
        }
    }

    /// Arrives, then waits until all `threads` have arrived.
    pub fn wait(&self) {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        while self.arrived.load(Ordering::SeqCst) < self.threads {
            thread::yield_now();
        }
    }
}
