//! `asyncio.run(main())` runs on an event loop; tokio calls it a runtime, and has two kinds.
//!
//! Python has one kind of loop, on one thread. tokio has two: `current_thread` (one thread, like
//! asyncio: tasks take turns, and the order is the same every run) and `multi_thread` (a pool of
//! worker threads that steal tasks from each other: tasks run in parallel, the order varies).
//! `#[tokio::main]` builds a `multi_thread` runtime and calls `block_on` for you; the cells build
//! theirs by hand (`--runtime current|multi` picks the flavour) so that they can compare the two.

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

/// Which of tokio's runtimes to build: the `--runtime` flag.
///
/// ```
/// let rt = asyncio::Flavour::Multi.build().unwrap();
/// assert_eq!(rt.block_on(async { 1 + 1 }), 2);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavour {
    /// `current_thread`: one thread, asyncio's model.
    #[default]
    Current,
    /// `multi_thread` with two workers: tasks may run in parallel.
    Multi,
}

impl Flavour {
    /// Builds a runtime of this flavour ([`current_thread`] or [`multi_thread`]`(2)`).
    pub fn build(self) -> io::Result<Runtime> {
        match self {
            Flavour::Current => current_thread(),
            Flavour::Multi => multi_thread(2),
        }
    }

    /// tokio's name for it: `current_thread` or `multi_thread`.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Current => "current_thread",
            Flavour::Multi => "multi_thread",
        }
    }
}
