//! Shared state without a GIL: `threads` threads each add 1 to one counter `adds` times.
//!
//! In Python, `counter += 1` from several threads is a read, an add and a write: the GIL can
//! switch threads between them, and updates get lost. Rust has no GIL either way, and it will
//! not even compile the naive version, because two threads cannot hold `&mut` to one number:
//!
//! ```compile_fail,E0499
//! let mut counter: u64 = 0;
//! std::thread::scope(|s| {
//!     s.spawn(|| counter += 1); // first mutable borrow
//!     s.spawn(|| counter += 1); // error[E0499]: cannot borrow `counter` as mutable twice
//! });
//! ```
//!
//! So the Python bug has to be written on purpose: [`racy`] loads an atomic, then stores the
//! loaded value plus one. Every access is atomic, so it is safe Rust with no undefined
//! behaviour, but the read-then-write is a *logical* race, exactly Python's. [`with_mutex`]
//! and [`with_atomic`] are the two correct ways.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// What one counting run ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// `threads * adds`: what a correct counter must end with.
    pub expected: u64,
    /// What the counter ended with.
    pub got: u64,
}

impl Tally {
    /// How many updates were lost (0 for a correct counter).
    pub fn lost(&self) -> u64 {
        self.expected.saturating_sub(self.got)
    }
}

/// Runs `work` on `threads` scoped threads that all start together, then returns the
/// counter's final value from `read`.
fn run<C: Sync>(
    threads: u64,
    adds: u64,
    counter: C,
    work: fn(&C, u64),
    read: fn(C) -> u64,
) -> Tally {
    let gate = crate::StartGate::new(threads as usize);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                gate.wait();
                work(&counter, adds);
            });
        }
    });
    Tally {
        expected: threads * adds,
        got: read(counter),
    }
}

/// Python's `with lock: counter += 1`: a `Mutex<u64>`, locked around each add. Exact.
///
/// ```
/// assert_eq!(threading::counter::with_mutex(4, 1000).got, 4000);
/// ```
pub fn with_mutex(threads: u64, adds: u64) -> Tally {
    fn add(c: &Mutex<u64>, adds: u64) {
        for _ in 0..adds {
            // A panicking thread cannot leave a u64 half-added, so poisoning is ignored.
            *c.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        }
    }
    run(threads, adds, Mutex::new(0), add, |c| {
        c.into_inner().unwrap_or_else(|e| e.into_inner())
    })
}

/// One atomic read-modify-write per add (`fetch_add`): no lock, and exact, because the read,
/// the add and the write are one indivisible step. Python has no such operation.
///
/// ```
/// assert_eq!(threading::counter::with_atomic(4, 1000).got, 4000);
/// ```
pub fn with_atomic(threads: u64, adds: u64) -> Tally {
    fn add(c: &AtomicU64, adds: u64) {
        for _ in 0..adds {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }
    run(threads, adds, AtomicU64::new(0), add, AtomicU64::into_inner)
}

/// How many pause instructions [`racy`] waits between its read and its write.
pub const RACE_WINDOW: u32 = 8;

/// The Python bug, on purpose: `n = counter.load(); counter.store(n + 1)`. Another thread's
/// store can land between the two, and then one of the two adds is lost. It never gains:
/// every store writes one more than a value some earlier store wrote, so `got <= expected`.
///
/// ```
/// let t = threading::counter::racy(1, 1000);
/// assert_eq!(t.got, 1000); // one thread alone cannot race
/// let t = threading::counter::racy(4, 100_000);
/// assert!(t.got <= t.expected); // with four, some adds are usually lost
/// ```
pub fn racy(threads: u64, adds: u64) -> Tally {
    fn add(c: &AtomicU64, adds: u64) {
        for _ in 0..adds {
            let n = c.load(Ordering::Relaxed);
            // Python's `counter += 1` runs several bytecodes between its read and its write;
            // a few pause instructions make our window as wide, so that the race shows even
            // when a busy machine gives us one core and the threads only take turns.
            for _ in 0..RACE_WINDOW {
                std::hint::spin_loop();
            }
            c.store(n + 1, Ordering::Relaxed);
        }
    }
    run(threads, adds, AtomicU64::new(0), add, AtomicU64::into_inner)
}
