//! `Pool`: a few worker processes that share out a list of items (Python's `multiprocessing.Pool`).
//!
//! Each worker is a forked [`Process`] with two pipes: items go down one, `(index, outcome)`
//! comes back up the other. Each worker holds two items, the one it runs and the next one
//! waiting in its pipe, so it never waits for the parent between items (Python's workers share
//! one task queue to the same end); the parent tops a worker up whenever it answers, so results
//! arrive in completion order, and [`Pool::map`] puts them back in input order.
//!
//! Unlike Python's pool, workers are forked for each call, not kept between calls: a fork
//! copies the function along with everything else, so any closure will do (Python sends the
//! function by reference, pickled, and it must be importable). So a `Pool` is only its size
//! and its per-item time limit, and it is always usable, whatever an earlier call went through.
//!
//! What that costs, measured (2026-11-30, CPU time of the parent and both workers, 40 calls):
//! a `Pool(2).map` of 8 trivial items costs ~0.45 ms of CPU (two forks, two exits, the pipes),
//! against ~33 ms of parallel time for the primes job of `benches/pool_speedup.rs` (8 items of
//! 8.3 ms): about 1.4%, the most keeping workers between calls could win there. Within a call,
//! each worker gets its first item as soon as it is forked (not once all are), and the end of
//! the call waits for the stopped workers on their sentinels (woken when each exits, where it
//! used to sleep 50 us, 100 us, 200 us... between checks).
//!
//! Nothing an item does can hang a call: an item that cannot be serialized (either way), a
//! panic, a worker that dies or runs past [`Pool::task_timeout`] each comes back as an error
//! naming the item, and a dead or killed worker is replaced so the other items go on.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{PipeError, PoolError};
use crate::pipe::{PipeReader, PipeWriter, pipe};
use crate::process::Process;

mod async_result;
mod run;
pub use async_result::AsyncResult;
pub use run::Run;

/// How one item went in a worker (sent back to the parent with the item's index).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Outcome {
    /// The result, serialized in the worker.
    Done(String),
    /// The task panicked: the panic message.
    Panicked(String),
    /// The item could not be deserialized, or the result serialized: serde's message.
    Pickling(String),
}

/// A pool of `n` worker processes.
///
/// ```
/// let pool = multiprocessing::Pool::new(2).unwrap();
/// let squares = pool.map(|n: u64| n * n, vec![1, 2, 3, 4]).unwrap();
/// assert_eq!(squares, vec![1, 4, 9, 16]);
/// assert!(multiprocessing::Pool::new(0).is_err());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Pool {
    workers: usize,
    task_timeout: Option<Duration>,
}

impl Pool {
    /// A pool of `workers` processes (at least 1).
    pub fn new(workers: usize) -> Result<Pool, PoolError> {
        if workers == 0 {
            return Err(PoolError::NoWorkers);
        }
        Ok(Pool {
            workers,
            task_timeout: None,
        })
    }

    /// The same pool, with a time limit per item: a worker still on one item after `limit` is
    /// killed, the item fails with [`PoolError::TaskTimedOut`], and a fresh worker takes the
    /// next items. (Python's pool has no such limit; its `AsyncResult.get(timeout)` is
    /// [`crate::AsyncResult::get`] here.)
    pub fn task_timeout(mut self, limit: Duration) -> Pool {
        self.task_timeout = Some(limit);
        self
    }

    /// How many workers it runs.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Applies `f` to every item in worker processes; the results come back in input order,
    /// even when later items finish first. The first failed item (by position) is the error.
    ///
    /// Python raises `PicklingError` at run time when an item cannot cross to a worker (an
    /// open file, a lock). Here such an item does not compile; an item whose serialization
    /// fails at run time (a map with non-string keys, a custom `Serialize`) is an error
    /// naming it, [`PoolError::Pickling`], as Python's re-raised error is:
    ///
    /// ```compile_fail
    /// let pool = multiprocessing::Pool::new(2).unwrap();
    /// let files = vec![std::fs::File::open("/dev/null").unwrap()];
    /// pool.map(|f: std::fs::File| f.metadata().is_ok(), files);
    /// ```
    pub fn map<T, R, F>(&self, f: F, items: Vec<T>) -> Result<Vec<R>, PoolError>
    where
        T: Serialize + DeserializeOwned + 'static,
        R: Serialize + DeserializeOwned + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        let n = items.len();
        let mut slots: Vec<Option<Result<R, PoolError>>> = (0..n).map(|_| None).collect();
        for (i, r) in self.imap_unordered_indexed(f, items)? {
            slots[i] = Some(r);
        }
        slots
            .into_iter()
            .map(|s| s.unwrap_or(Err(PoolError::Pipe(PipeError::Eof))))
            .collect()
    }

    /// Applies `f` to every item; yields results in the order they finish.
    pub fn imap_unordered<T, R, F>(
        &self,
        f: F,
        items: Vec<T>,
    ) -> Result<impl Iterator<Item = Result<R, PoolError>>, PoolError>
    where
        T: Serialize + DeserializeOwned + 'static,
        R: Serialize + DeserializeOwned + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        Ok(self.imap_unordered_indexed(f, items)?.map(|(_, r)| r))
    }

    /// Like [`imap_unordered`](Pool::imap_unordered), with each result's input index.
    pub fn imap_unordered_indexed<T, R, F>(
        &self,
        f: F,
        items: Vec<T>,
    ) -> Result<Run<T, R>, PoolError>
    where
        T: Serialize + DeserializeOwned + 'static,
        R: Serialize + DeserializeOwned + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        let n = self.workers.min(items.len());
        let start = move |w: usize| start_worker(w, f.clone());
        Run::new(items, n, self.task_timeout, Box::new(start))
    }
}

/// A worker as the parent sees it.
pub(crate) struct Worker {
    pub(crate) name: String,
    pub(crate) process: Process,
    pub(crate) tasks: PipeWriter<Option<(usize, String)>>,
    pub(crate) replies: PipeReader<(usize, Outcome)>,
}

/// Forks worker number `w` (from 1), running `f` on each item it is sent.
fn start_worker<T, R, F>(w: usize, f: F) -> Result<Worker, PoolError>
where
    T: DeserializeOwned,
    R: Serialize,
    F: Fn(T) -> R + Send + 'static,
{
    let (task_rx, task_tx) = pipe()?;
    let (reply_rx, reply_tx) = pipe()?;
    let name = format!("pool-worker-{w}");
    let mut process = Process::new(name.clone(), move || worker_loop(f, task_rx, reply_tx));
    process.set_daemon(true)?;
    process.start()?;
    // Made now, so the run can also wait on it: a worker's death shows there even when the
    // reply pipe stays open (another process forked meanwhile, from another thread, may hold
    // a copy of its writing end).
    process.sentinel()?;
    Ok(Worker {
        name,
        process,
        tasks: task_tx,
        replies: reply_rx,
    })
}

/// A worker's whole life: take an item, run `f`, send the outcome back, until told to stop.
fn worker_loop<T, R, F>(
    f: F,
    tasks: PipeReader<Option<(usize, String)>>,
    replies: PipeWriter<(usize, Outcome)>,
) where
    T: DeserializeOwned,
    R: Serialize,
    F: Fn(T) -> R,
{
    // The parent reports a panic as an Err; no need for the child to print it too.
    crate::child::quiet_panics();
    while let Ok(Some((i, json))) = tasks.recv() {
        let outcome = match serde_json::from_str::<T>(&json) {
            Err(e) => Outcome::Pickling(format!("cannot deserialize the item: {e}")),
            Ok(item) => match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))) {
                Err(p) => Outcome::Panicked(crate::child::panic_message(&*p)),
                Ok(r) => match serde_json::to_string(&r) {
                    Ok(s) => Outcome::Done(s),
                    Err(e) => Outcome::Pickling(format!("cannot serialize the result: {e}")),
                },
            },
        };
        if replies.send(&(i, outcome)).is_err() {
            break;
        }
    }
}
