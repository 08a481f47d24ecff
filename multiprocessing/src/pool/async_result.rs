//! `apply_async` and `map_async`: a pool call running in the background, and its result.
//!
//! Python's pool has a result-handler thread that sets each `AsyncResult` and runs its
//! callbacks. Here each async call has one background thread: it runs the call (forking the
//! workers from itself, and reaping them), runs the callback, and hands the result over a
//! channel to [`AsyncResult::get`].

use std::os::fd::OwnedFd;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Pool;
use crate::error::{PipeError, PoolError};

/// The result of [`Pool::apply_async`] or [`Pool::map_async`] (Python's `AsyncResult`).
///
/// Dropping it before the result arrived stops the work: its workers are terminated and
/// reaped (Python's pool terminates outstanding work when it is closed).
pub struct AsyncResult<R> {
    rx: Receiver<Result<R, PoolError>>,
    got: Option<Result<R, PoolError>>,
    taken: bool,
    /// A byte written here wakes the run's `poll` and stops it. (Closing it would not: the
    /// workers forked since hold copies of it.)
    cancel: Option<OwnedFd>,
    thread: Option<JoinHandle<()>>,
}

impl<R> AsyncResult<R> {
    /// Runs `job` in a background thread; `job` gets the read end of the cancel pipe.
    fn start(
        job: impl FnOnce(OwnedFd) -> Result<R, PoolError> + Send + 'static,
    ) -> Result<Self, PoolError>
    where
        R: Send + 'static,
    {
        let (cancel_rx, cancel_tx) =
            nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(PipeError::Os)?;
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("pool-result-handler".into())
            .spawn(move || {
                let _ = tx.send(job(cancel_rx));
            })
            .map_err(PipeError::Io)?;
        Ok(AsyncResult {
            rx,
            got: None,
            taken: false,
            cancel: Some(cancel_tx),
            thread: Some(thread),
        })
    }

    /// Python's `wait(timeout)`: waits until the result is there or `timeout` passed
    /// (`None`: for ever). Returns whether it is there.
    pub fn wait(&mut self, timeout: Option<Duration>) -> bool {
        if self.got.is_some() || self.taken {
            return true;
        }
        let got = match timeout {
            None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(t) => self.rx.recv_timeout(t),
        };
        match got {
            Ok(r) => self.got = Some(r),
            Err(RecvTimeoutError::Timeout) => return false,
            // The background thread ended without a result: it panicked.
            Err(RecvTimeoutError::Disconnected) => {
                self.got = Some(Err(PoolError::Pipe(PipeError::Eof)));
            }
        }
        true
    }

    /// Python's `ready()`: whether the result is there, without waiting.
    pub fn ready(&mut self) -> bool {
        self.wait(Some(Duration::ZERO))
    }

    /// Python's `get(timeout)`: the result, or its error; [`PoolError::Timeout`] if it is not
    /// there within `timeout` (the work goes on: call `get` again). The result moves out on
    /// the first successful `get`; later calls are [`PoolError::AlreadyTaken`] (Python hands
    /// out the same object again).
    ///
    /// ```
    /// use std::time::Duration;
    /// let pool = multiprocessing::Pool::new(1).unwrap();
    /// let mut r = pool.apply_async(|n: u64| n * n, 7).unwrap();
    /// assert_eq!(r.get(Some(Duration::from_secs(30))).unwrap(), 49);
    /// ```
    pub fn get(&mut self, timeout: Option<Duration>) -> Result<R, PoolError> {
        if self.taken {
            return Err(PoolError::AlreadyTaken);
        }
        if !self.wait(timeout) {
            return Err(PoolError::Timeout);
        }
        self.taken = true;
        self.got.take().unwrap_or(Err(PoolError::AlreadyTaken))
    }
}

impl<R> Drop for AsyncResult<R> {
    fn drop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            let _ = nix::unistd::write(&cancel, b"x");
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Pool {
    /// Python's `pool.apply_async(f, (arg,))`: runs `f(arg)` in a worker, in the background.
    pub fn apply_async<T, R, F>(&self, f: F, arg: T) -> Result<AsyncResult<R>, PoolError>
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        R: Serialize + DeserializeOwned + Send + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        let pool = *self;
        AsyncResult::start(move |cancel| {
            let mut run = pool.imap_unordered_indexed(f, vec![arg])?;
            run.cancel_on(cancel);
            run.next()
                .map(|(_, r)| r)
                .unwrap_or(Err(PoolError::Pipe(PipeError::Eof)))
        })
    }

    /// Python's `pool.map_async(f, items)`: [`map`](Pool::map) in the background.
    pub fn map_async<T, R, F>(&self, f: F, items: Vec<T>) -> Result<AsyncResult<Vec<R>>, PoolError>
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        R: Serialize + DeserializeOwned + Send + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        self.map_async_with_callbacks(f, items, |_| {}, |_| {})
    }

    /// Python's `pool.map_async(f, items, callback=..., error_callback=...)`: exactly one of
    /// the two runs, in the background thread, before the result is ready.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// let calls = Arc::new(Mutex::new(Vec::new()));
    /// let (ok, err) = (calls.clone(), calls.clone());
    /// let pool = multiprocessing::Pool::new(2).unwrap();
    /// pool.map_async_with_callbacks(
    ///     |s: String| s.parse::<i64>().unwrap(),
    ///     vec!["1".to_string()],
    ///     move |r: &Vec<i64>| ok.lock().unwrap().push(format!("{r:?}")),
    ///     move |e| err.lock().unwrap().push(e.to_string()),
    /// ).unwrap().wait(None);
    /// assert_eq!(*calls.lock().unwrap(), ["[1]"]);
    /// ```
    pub fn map_async_with_callbacks<T, R, F>(
        &self,
        f: F,
        items: Vec<T>,
        callback: impl FnOnce(&Vec<R>) + Send + 'static,
        error_callback: impl FnOnce(&PoolError) + Send + 'static,
    ) -> Result<AsyncResult<Vec<R>>, PoolError>
    where
        T: Serialize + DeserializeOwned + Send + 'static,
        R: Serialize + DeserializeOwned + Send + 'static,
        F: Fn(T) -> R + Clone + Send + 'static,
    {
        let pool = *self;
        AsyncResult::start(move |cancel| {
            let n = items.len();
            let result = pool.imap_unordered_indexed(f, items).and_then(|mut run| {
                run.cancel_on(cancel);
                let mut slots: Vec<Option<Result<R, PoolError>>> = (0..n).map(|_| None).collect();
                for (i, r) in run {
                    slots[i] = Some(r);
                }
                slots
                    .into_iter()
                    .map(|s| s.unwrap_or(Err(PoolError::Pipe(PipeError::Eof))))
                    .collect::<Result<Vec<R>, PoolError>>()
            });
            match &result {
                Ok(v) => callback(v),
                Err(e) => error_callback(e),
            }
            result
        })
    }
}
