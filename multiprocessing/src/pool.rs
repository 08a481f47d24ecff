//! `Pool`: a few worker processes that share out a list of items (Python's `multiprocessing.Pool`).
//!
//! Each worker is a forked [`Process`] with two pipes: items go down one, `(index, result)`
//! comes back up the other. The parent hands the next item to whichever worker answers first,
//! so results arrive in completion order; [`Pool::map`] puts them back in input order.
//!
//! Unlike Python's pool, workers are forked for each call, not kept between calls: a fork
//! copies the function along with everything else, so any closure will do (Python sends the
//! function by reference, pickled, and it must be importable).

use std::collections::VecDeque;
use std::os::fd::AsFd;

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{PipeError, PoolError};
use crate::pipe::{PipeReader, PipeWriter, pipe};
use crate::process::Process;

/// What a worker sends back for one item: its index, and the result or the panic message.
type Reply<R> = (usize, Result<R, String>);

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
}

impl Pool {
    /// A pool of `workers` processes (at least 1).
    pub fn new(workers: usize) -> Result<Pool, PoolError> {
        if workers == 0 {
            return Err(PoolError::NoWorkers);
        }
        Ok(Pool { workers })
    }

    /// How many workers it runs.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Applies `f` to every item in worker processes; the results come back in input order,
    /// even when later items finish first. The first failed item (by position) is the error.
    ///
    /// Python raises `PicklingError` at run time when an item cannot cross to a worker (an
    /// open file, a lock). Here an item must be serializable, or the call does not compile:
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
        let mut run = Run {
            workers: Vec::new(),
            pending: items.into_iter().enumerate().collect(),
            failed: VecDeque::new(),
        };
        for w in 0..self.workers.min(run.pending.len()) {
            let (task_rx, task_tx) = pipe::<Option<(usize, T)>>()?;
            let (reply_rx, reply_tx) = pipe::<Reply<R>>()?;
            let f = f.clone();
            let name = format!("pool-worker-{}", w + 1);
            let mut process =
                Process::new(name.clone(), move || worker_loop(f, task_rx, reply_tx)).daemon(true);
            process.start()?;
            run.workers.push(Worker {
                name,
                process,
                tasks: task_tx,
                replies: reply_rx,
                busy: None,
            });
        }
        for w in 0..run.workers.len() {
            run.feed(w);
        }
        Ok(run)
    }
}

/// A worker's whole life: take an item, run `f`, send the result back, until told to stop.
fn worker_loop<T, R, F>(f: F, tasks: PipeReader<Option<(usize, T)>>, replies: PipeWriter<Reply<R>>)
where
    T: DeserializeOwned,
    R: Serialize,
    F: Fn(T) -> R,
{
    // The parent reports a panic as an Err; no need for the child to print it too.
    std::panic::set_hook(Box::new(|_| {}));
    while let Ok(Some((i, item))) = tasks.recv() {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item)))
            .map_err(|p| crate::child::panic_message(&*p));
        if replies.send(&(i, result)).is_err() {
            break;
        }
    }
}

struct Worker<T, R> {
    name: String,
    process: Process,
    tasks: PipeWriter<Option<(usize, T)>>,
    replies: PipeReader<Reply<R>>,
    /// The item it is working on; `None` when idle or stopped.
    busy: Option<usize>,
}

/// A pool at work: an iterator of `(index, result)` in completion order. Dropping it before
/// the end terminates and reaps the workers (Python's `Pool.__exit__` terminates too).
pub struct Run<T, R> {
    workers: Vec<Worker<T, R>>,
    pending: VecDeque<(usize, T)>,
    failed: VecDeque<(usize, PoolError)>,
}

impl<T, R> Run<T, R> {
    /// The worker processes' pids (alive or not).
    pub fn pids(&self) -> Vec<u32> {
        self.workers
            .iter()
            .filter_map(|w| w.process.pid())
            .collect()
    }
}

impl<T: Serialize, R: DeserializeOwned> Run<T, R> {
    /// Gives worker `w` the next item, or tells it to stop if there is none.
    fn feed(&mut self, w: usize) {
        let worker = &mut self.workers[w];
        match self.pending.pop_front() {
            Some((i, item)) => match worker.tasks.send(&Some((i, item))) {
                Ok(()) => worker.busy = Some(i),
                // The worker is gone: its item fails, and the others go to other workers.
                Err(_) => {
                    let exitcode = worker.process.exitcode();
                    self.failed.push_back((
                        i,
                        PoolError::WorkerDied {
                            worker: worker.name.clone(),
                            exitcode,
                            item: i,
                        },
                    ));
                }
            },
            None => {
                let _ = worker.tasks.send(&None);
            }
        }
    }

    /// Items nobody can work on any more (every worker died) fail.
    fn fail_leftovers(&mut self) {
        if self.workers.iter().all(|w| w.busy.is_none()) {
            while let Some((i, _)) = self.pending.pop_front() {
                self.failed.push_back((
                    i,
                    PoolError::WorkerDied {
                        worker: "every worker".into(),
                        exitcode: None,
                        item: i,
                    },
                ));
            }
        }
    }
}

impl<T: Serialize, R: DeserializeOwned> Iterator for Run<T, R> {
    type Item = (usize, Result<R, PoolError>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((i, e)) = self.failed.pop_front() {
                return Some((i, Err(e)));
            }
            let busy: Vec<usize> = (0..self.workers.len())
                .filter(|&w| self.workers[w].busy.is_some())
                .collect();
            if busy.is_empty() {
                self.fail_leftovers();
                if self.failed.is_empty() {
                    return None;
                }
                continue;
            }
            // Wait until one busy worker has something to say (a reply, or its death: EOF).
            let ready: Vec<usize> = {
                let mut fds: Vec<PollFd> = busy
                    .iter()
                    .map(|&w| PollFd::new(self.workers[w].replies.as_fd(), PollFlags::POLLIN))
                    .collect();
                let polled = poll(&mut fds, PollTimeout::NONE);
                // Workers dying because the demo is interrupted are not worker failures.
                crate::live::stand_still_if_interrupted();
                match polled {
                    Ok(_) => {}
                    Err(nix::errno::Errno::EINTR) => continue,
                    Err(e) => {
                        // Cannot wait: fail what is in flight rather than hang.
                        for &w in &busy {
                            let i = self.workers[w].busy.take().unwrap_or(0);
                            self.failed
                                .push_back((i, PoolError::Pipe(PipeError::Os(e))));
                        }
                        continue;
                    }
                }
                busy.iter()
                    .zip(&fds)
                    .filter(|(_, fd)| fd.revents().is_some_and(|r| !r.is_empty()))
                    .map(|(&w, _)| w)
                    .collect()
            };
            let Some(&w) = ready.first() else { continue };
            let worker = &mut self.workers[w];
            let item = worker.busy.take().unwrap_or(0);
            match worker.replies.recv() {
                Ok((i, result)) => {
                    self.feed(w);
                    let result =
                        result.map_err(|message| PoolError::TaskPanicked { item: i, message });
                    return Some((i, result));
                }
                Err(_) => {
                    // EOF: the worker died mid-item. Reap it to read its exit code.
                    let _ = worker.process.join();
                    let exitcode = worker.process.exitcode();
                    let name = worker.name.clone();
                    self.fail_leftovers();
                    return Some((
                        item,
                        Err(PoolError::WorkerDied {
                            worker: name,
                            exitcode,
                            item,
                        }),
                    ));
                }
            }
        }
    }
}

impl<T, R> Drop for Run<T, R> {
    fn drop(&mut self) {
        for w in &mut self.workers {
            if w.busy.is_some() {
                // Still working on an item nobody will read: stop it now.
                let _ = w.process.terminate();
            }
        }
        // Idle workers were told to stop and exit by themselves; busy ones were terminated.
        // Dropping each Process reaps it (they are daemons: terminated first if still alive).
        for w in &mut self.workers {
            let _ = w.process.join();
        }
    }
}
