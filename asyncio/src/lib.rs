//! The asyncio lesson the notebook never finished ("`AsyncIO` - Available after Python 3.7+"),
//! written on tokio, each claim checked or measured.
//!
//! Run it with `cargo run -p asyncio` (add `--trace` for JSON Lines, `--list` for the cells,
//! `--cell N` for one, `--runtime multi` for tokio's thread pool). The cells map the asyncio
//! idioms a Python programmer knows onto tokio, with Python's semantics where this crate says
//! "this is Python's X" (each checked by a port of CPython's own tests, named after them):
//! [`run()`] is `asyncio.run`, [`create_task()`] is `create_task` (on `tokio::spawn`), [`gather()`] and
//! [`gather_return_exceptions()`] are `gather`, [`wait_for()`] and [`wait_for_task()`] are
//! `wait_for`, [`as_completed()`] is `as_completed`, [`task_group()`] is `TaskGroup`,
//! [`Queue`], [`LifoQueue`] and [`PriorityQueue`] are asyncio's queues, `to_thread` is
//! `spawn_blocking`, and `start_server` is a `TcpListener` loop ([`echo`]). Errors are
//! [`AsyncioError`], its variants named after Python's exceptions.
//!
//! Every task is its own [`interleaving::Actor`] (`task-3`, `producer-0`, `server`,
//! `client-17`...), so the trace says who did what in which order. Besides the shared kinds of
//! [`interleaving::kinds`], this crate's events use the kinds of [`kinds`], and the queue
//! cells record each `put` and `get` as `call` and `ret` (the vocabulary of
//! [`interleaving::linear`]; `"lifo.put 3"` names the queue where a cell has two).
//!
//! ```
//! // A coroutine is lazy: building the future runs none of its body.
//! let rt = asyncio::runtime::current_thread().unwrap();
//! let ran = std::sync::atomic::AtomicBool::new(false);
//! let fut = async { ran.store(true, std::sync::atomic::Ordering::SeqCst) };
//! assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
//! rt.block_on(fut); // asyncio.run(fut)
//! assert!(ran.load(std::sync::atomic::Ordering::SeqCst));
//! ```
//!
//! Two of Python's run-time surprises are compile errors here. A forgotten `await` gives a
//! coroutine object where a number was meant (`n = square(3); n + 1` is a `TypeError` when it
//! runs); in Rust the future is not a `u64`, and the program does not build:
//!
//! ```compile_fail,E0308
//! async fn square(x: u64) -> u64 { x * x }
//! async fn caller() -> u64 {
//!     let n: u64 = square(3); // error[E0308]: expected `u64`, found future
//!     n + 1
//! }
//! ```
//!
//! And a coroutine called but never awaited ("RuntimeWarning: coroutine 'greet' was never
//! awaited", maybe, at run time) is a `#[must_use]` warning, an error where warnings are denied:
//!
//! ```compile_fail
//! #![deny(unused_must_use)]
//! async fn greet() {}
//! fn caller() {
//!     greet(); // error: unused implementer of `Future` that must be used
//! }
//! ```

pub mod as_completed;
pub mod cells;
pub mod context;
pub mod echo;
pub mod error;
pub mod finally;
pub mod gather;
mod in_place;
pub mod kinds;
pub mod properties;
pub mod queue;
pub mod reader_gone;
pub mod rules;
pub mod run;
pub mod runtime;
pub mod task;
pub mod task_group;
pub mod task_handle;
mod traced_queue;
pub mod wait_for;

pub use as_completed::as_completed;
pub use context::{Context, ContextVar, Token, copy_context, to_thread};
pub use error::{AsyncioError, ExceptionGroup};
pub use finally::Finally;
pub use gather::{gather, gather_return_exceptions};
pub use queue::{LifoQueue, PriorityQueue, Queue};
pub use run::run;
pub use runtime::Flavour;
pub use task::{Task, create_task, create_task_with_context};
pub use task_group::{TaskGroup, task_group};
pub use task_handle::TaskHandle;
pub use wait_for::{Awaitable, wait_for, wait_for_task};
