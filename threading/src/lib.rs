//! Threads without a GIL: the notebook's threading cells (In \[7\] to In \[12\]) in Rust.
//!
//! Python's `Thread(target=square, args=(2,))` is `std::thread::spawn(move || square(2))`;
//! `t1.join()` is `handle.join()`. Unlike CPython, Rust threads run Rust code truly in
//! parallel: there is no global interpreter lock. What stays the same is the lesson of the
//! notebook: threads share stdout, so output from several threads interleaves, and a line
//! printed in pieces can be torn in the middle ("Square:Cube: 4").
//!
//! What Python programmers need from `threading` is here too, each built in a few screens and
//! checked with loom: [`Lock`] and [`Semaphore`] as Rust Atomics and Locks builds a mutex (a
//! fast path of one compare-and-swap, a slow path that spins, then sleeps), [`RLock`] as the
//! same word with its owner in it and a count of levels, and [`Condition`] (exact `notify(n)`), [`Event`] and
//! [`Barrier`] from `Mutex` + `Condvar` the way CPython's `Lib/threading.py` builds them from
//! a lock; besides, [`LockCondition`] (Python's `Condition(lock)` over an
//! existing `Lock`), Python's `Thread` bootstrap, `threading.excepthook` and `sys.exit()` in a
//! thread ([`spawn`], [`install_excepthook`], [`exit_thread`]); [`join_timeout`] (Python's
//! `t.join(timeout)`), the shared [`counter`] three ways, and the CPU-bound [`primes`] job
//! that shows there is no GIL. [`python_errors`] lists what Python reports at run time and
//! Rust refuses to compile. [`StartGate`] lines threads up so that a demo's threads overlap.
//!
//! Where Python versions differ, this follows the newest (3.13): `Barrier(0)` is an error
//! (`ValueError` only from 3.13; 3.12 accepted it); `Semaphore.release(n)` is 3.9's
//! ([`Semaphore::release_n`]); an `Event` waiter woken by `set(); clear()` returns `True`
//! (gh-57711).
//!
//! Trace kinds used here, besides the shared ones (`print`, `write`, `cell`, `start`, `exit`,
//! `join`; `exit`'s value is a worker's result):
//! - `knob`: a setting the properties need, `name=value` (`lines=20`, `workers=2`);
//! - `count`: a counter's end, `how expected=N got=M` (`how` is `mutex`, `atomic`, `racy`);
//! - `primes`: a prime count, `how=N` (`sequential=9592`, `parallel=9592`);
//! - `speedup`: the measured speedup and core count, recorded, never asserted;
//! - `enter` / `leave`: an actor entered or left a region guarded by a lock or a semaphore
//!   (for an `RLock`, the value is the depth of the re-entry);
//! - `set` / `clear`: an `Event` was set, cleared;
//! - `notify`: a `Condition` was notified, `n=N woke=K` (`n=all` for `notify_all`);
//! - `woke`: a `Condition` waiter's `wait()` returned `true` (it was notified);
//! - `put` / `get`: an item went into or out of the condition cell's buffer (value: the item);
//! - `action`: a `Barrier`'s action ran, `round=R`;
//! - `index`: what a `Barrier` waiter's `wait()` returned, `round=R index=I`, or `broken`;
//! - `panic`: a thread's panic as `join` returned it (value: the message).

mod barrier;
mod bootstrap;
#[cfg(loom)]
pub mod broken;
pub mod cells;
mod condition;
pub mod counter;
mod event;
mod excepthook;
mod gate;
mod join_timeout;
mod lock;
mod lock_condition;
mod lock_slow;
mod parking;
pub mod primes;
pub mod properties;
pub mod python_errors;
mod rlock;
mod rlock_slow;
mod semaphore;
mod semaphore_slow;
mod sync;

pub use barrier::{Barrier, BrokenBarrierError, NoParties};
pub use bootstrap::{spawn, spawn_scoped};
pub use condition::{Condition, ConditionGuard};
pub use event::Event;
pub use excepthook::{
    ExceptHookArgs, SystemExit, exit_thread, format_exception, install_excepthook, panic_message,
    set_excepthook,
};
pub use gate::StartGate;
pub use interleaving::py_print;
pub use join_timeout::{Joined, join_timeout};
pub use lock::{Lock, LockGuard, ReleaseUnlocked};
pub use lock_condition::{LockCondition, UnacquiredLock};
pub use rlock::{NotOwned, RLock, RLockGuard};
pub use semaphore::{Permit, ReleasedTooManyTimes, Semaphore};

/// The trace kinds this crate adds to [`interleaving::kinds`] (see the crate docs).
pub mod kinds {
    /// A setting the properties need, as `name=value`.
    pub const KNOB: &str = "knob";
    /// A counter's end: `how expected=N got=M`.
    pub const COUNT: &str = "count";
    /// A prime count: `how=N`.
    pub const PRIMES: &str = "primes";
    /// The measured speedup (an observation).
    pub const SPEEDUP: &str = "speedup";
    /// Entered a guarded region.
    pub const ENTER: &str = "enter";
    /// Left a guarded region.
    pub const LEAVE: &str = "leave";
    /// An `Event` was set.
    pub const SET: &str = "set";
    /// An `Event` was cleared.
    pub const CLEAR: &str = "clear";
    /// A `Condition` was notified: `n=N woke=K`.
    pub const NOTIFY: &str = "notify";
    /// A `Condition` waiter was woken by a notify.
    pub const WOKE: &str = "woke";
    /// An item went into the buffer.
    pub const PUT: &str = "put";
    /// An item came out of the buffer.
    pub const GET: &str = "get";
    /// A `Barrier`'s action ran: `round=R`.
    pub const ACTION: &str = "action";
    /// A `Barrier` waiter's result: `round=R index=I`, or `broken`.
    pub const INDEX: &str = "index";
    /// A thread's panic, as `join` returned it.
    pub const PANIC: &str = "panic";
}

use interleaving::Actor;

/// The notebook's `square(n)`: `print("Square:", n**2)`, piece by piece like Python's print.
pub fn square(n: u64) {
    let me = Actor::new("square");
    py_print(&me, &["Square:", &(n * n).to_string()]);
}

/// The notebook's `cube(n)`: `print("Cube:", n**3)`, piece by piece like Python's print.
pub fn cube(n: u64) {
    let me = Actor::new("cube");
    py_print(&me, &["Cube:", &(n * n * n).to_string()]);
}
