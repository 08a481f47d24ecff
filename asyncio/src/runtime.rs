//! `asyncio.run(main())` is `Runtime::block_on(main())`: a runtime is the event loop.
//!
//! Python has one kind of loop, on one thread. tokio has two: `current_thread` (one thread, like
//! asyncio: tasks take turns, and the order is the same every run) and `multi_thread` (a pool of
//! worker threads that steal tasks from each other: tasks run in parallel, the order varies).
//! `#[tokio::main]` builds a `multi_thread` runtime and calls `block_on` for you; the cells build
//! theirs by hand so that they can compare the two.

use std::io;

use tokio::runtime::{Builder, Runtime};

/// The name tokio gives the threads of a [`multi_thread`] runtime built here.
pub const WORKER_THREAD_NAME: &str = "asyncio-worker";

/// A one-thread runtime, asyncio's model: every task runs on the thread that calls `block_on`.
pub fn current_thread() -> io::Result<Runtime> {
    Builder::new_current_thread().enable_all().build()
}

/// A runtime with `workers` worker threads (named [`WORKER_THREAD_NAME`]), at least one.
pub fn multi_thread(workers: usize) -> io::Result<Runtime> {
    Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .thread_name(WORKER_THREAD_NAME)
        .enable_all()
        .build()
}
