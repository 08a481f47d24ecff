//! Real OS processes with Python's `multiprocessing` semantics: fork, spawn, Pool, pipes.
//!
//! The notebook's cells In [1] to In [6] start five processes that print squares, print
//! "Hello" without waiting (it lands anywhere among them), then `join` them so that "Hello
//! World" comes last; its traceback shows the `spawn` pitfall (the child cannot find the
//! function). This crate makes each part real, in Rust, with real processes:
//!
//! | Python | here |
//! |---|---|
//! | `Process(target=f, args=(3,))`, `.start()`, `.join()` | [`Process::new`]`("child-3", move \|\| f(3))`, [`Process::start`], [`Process::join`] |
//! | `get_context("spawn").Process(...)` | [`Process::spawn`] with a registered [`Task`] |
//! | `p.exitcode`, `p.terminate()`, `p.kill()` | [`Process::exitcode`] (0, 1, N, -SIG), [`Process::terminate`], [`Process::kill`] |
//! | `p.close()`, `p.sentinel`, `p.interrupt()`, `p.daemon` | [`Process::close`], [`Process::sentinel`], [`Process::interrupt`], [`Process::daemon`] |
//! | `get_context("spawn")`, `set_start_method` | [`get_context`], [`set_start_method`] |
//! | `Pool(2).map(f, items)` | [`Pool::new`]`(2)?.`[`map`](Pool::map)`(f, items)` |
//! | `pool.apply_async(f, (x,)).get(timeout)`, `map_async` | [`Pool::apply_async`], [`AsyncResult::get`], [`Pool::map_async_with_callbacks`] |
//! | `Pipe(duplex=False)`, `Queue()` | [`pipe`], [`Queue`] (serde JSON where Python pickles) |
//!
//! ```
//! use multiprocessing::Process;
//! let mut children: Vec<Process> = (1..=3u32)
//!     .map(|n| Process::new(format!("child-{n}"), move || { let _square = n * n; }))
//!     .collect();
//! for c in &mut children { c.start().unwrap(); }
//! for c in &mut children { c.join().unwrap(); }
//! assert!(children.iter_mut().all(|c| c.exitcode() == Some(0)));
//! ```
//!
//! Trace kinds used here, besides the shared `print`, `write`, `cell`, `start`, `join` and
//! `exit` (see [`kinds`]): `error` (a spawned child could not run its task), `put` and `get`
//! (a message into or out of a [`Queue`]), `call` and `ret` (a `put` or `get` of the queue
//! cell began / returned: the vocabulary of [`interleaving::linear`]), `acquire` and `release` (a thread took or let go
//! of a lock; value: the lock's name), `done` (a pool worker finished an item; value: the
//! item's index), and `measure` (a time measured in this run; value: `what=micros`), which
//! properties only ever record as observations.

mod at_fork;
pub mod cells;
mod child;
mod context;
mod error;
mod launch;
mod live;
mod pipe;
mod pool;
pub mod primes;
mod process;
pub mod properties;
pub mod pybuffer;
pub mod spawn;
pub mod tasks;

pub use child::{current_process_is_daemon, current_process_name};
pub use context::{Context, get_context, get_start_method, set_start_method};
pub use error::{PipeError, PoolError, ProcessError, Refused};
pub use live::{active_children, install_interrupt_handler, stop_all};
pub use pipe::{PipeReader, PipeWriter, Queue, pipe};
pub use pool::{AsyncResult, Pool, Run};
pub use process::{Process, StartMethod};
pub use spawn::{Task, dispatch, set_executable};

/// The trace kinds this crate adds to `interleaving::kinds`.
pub mod kinds {
    pub use interleaving::kinds::*;
    /// A spawned child could not run its task (value: the message).
    pub const ERROR: &str = "error";
    /// A message went into a queue (value: the message).
    pub const PUT: &str = "put";
    /// A message came out of a queue (value: the message).
    pub const GET: &str = "get";
    /// A pool worker finished an item (value: the item's index).
    pub const DONE: &str = "done";
    /// A time measured in this run (value: `what=micros`): recorded, never asserted.
    pub const MEASURE: &str = "measure";
    /// A thread took a lock (value: the lock's name).
    pub const ACQUIRE: &str = "acquire";
    /// A thread released a lock (value: the lock's name).
    pub const RELEASE: &str = "release";
}

/// The notebook's `showSquare(n)`: prints `n*n` as the actor `child-N`.
///
/// The notebook also spins `for i in range(1000): pass` to look busy; `work_ms` is that
/// knob (0 by default), a sleep, so that a test can catch children in flight.
pub fn show_square(n: u64, work_ms: u64) {
    if work_ms > 0 {
        std::thread::sleep(std::time::Duration::from_millis(work_ms));
    }
    interleaving::Actor::new(format!("child-{n}")).print((n * n).to_string());
}
