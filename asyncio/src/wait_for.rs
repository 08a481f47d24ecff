//! `asyncio.wait_for(aw, timeout)`, with Python's edge cases.
//!
//! - `timeout=None` waits as long as it takes.
//! - `timeout <= 0` (here `Duration::ZERO`: a `Duration` cannot be negative) on a coroutine
//!   never starts it: Python wraps it in a task and cancels the task before its first step;
//!   here the future is dropped unpolled. (`tokio::time::timeout(ZERO, fut)` polls it once.)
//!   On a task that has already finished it returns the task's result.
//! - On a timeout the work is cancelled and its cleanup has run when `TimeoutError` returns: a
//!   future is dropped in place; a task (a [`crate::TaskHandle`], or a `JoinHandle` through
//!   [`wait_for_task`]) is cancelled and awaited until it has ended.

use std::future::Future;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::AsyncioError;

/// What `wait_for` can wait for, as Python's `wait_for(aw, timeout)` takes a coroutine or a
/// task and treats them differently: a future (Python's coroutine) is dropped where it stands
/// on a timeout, and never started with `Duration::ZERO`; a [`crate::TaskHandle`] (a task) is
/// cancelled and awaited until it has ended, and gives its result if it has one.
pub trait Awaitable<T> {
    /// Waits for `self` at most `timeout` (`None`: as long as it takes), as [`wait_for`]. For
    /// a task, the returned future cancels it when dropped before the task ended, even
    /// unpolled.
    fn wait_for(self, timeout: Option<Duration>) -> impl Future<Output = Result<T, AsyncioError>>;
}

impl<T, F> Awaitable<T> for F
where
    F: Future<Output = Result<T, AsyncioError>>,
{
    async fn wait_for(self, timeout: Option<Duration>) -> Result<T, AsyncioError> {
        match timeout {
            None => self.await,
            Some(d) if d.is_zero() => {
                drop(self);
                Err(AsyncioError::TimeoutError(d))
            }
            // On Err the future was dropped inside `timeout`, so its cleanup already ran.
            Some(d) => tokio::time::timeout(d, self)
                .await
                .unwrap_or(Err(AsyncioError::TimeoutError(d))),
        }
    }
}

/// `await asyncio.wait_for(aw, timeout)` on a future (Python's coroutine) or on a
/// [`crate::TaskHandle`] (a task of a [`crate::TaskGroup`]); see [`Awaitable`]. For a
/// `tokio::spawn`ed task, see [`wait_for_task`].
///
/// ```
/// use std::time::Duration;
/// use asyncio::{AsyncioError, wait_for};
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let started = std::sync::atomic::AtomicBool::new(false);
/// let r = rt.block_on(wait_for(
///     async { started.store(true, std::sync::atomic::Ordering::SeqCst); Ok(1) },
///     Some(Duration::ZERO),
/// ));
/// assert_eq!(r, Err(AsyncioError::TimeoutError(Duration::ZERO)));
/// assert!(!started.load(std::sync::atomic::Ordering::SeqCst)); // never started
/// ```
pub fn wait_for<T, A: Awaitable<T>>(
    aw: A,
    timeout: Option<Duration>,
) -> impl Future<Output = Result<T, AsyncioError>> {
    // Not an `async fn`: a task's wait is armed at the call, so a `wait_for` dropped before
    // its first poll still cancels its task (as `wait_for_task` does).
    aw.wait_for(timeout)
}

/// Aborts the task if `wait_for_task` itself is dropped (its awaiter cancelled): Python's
/// `wait_for` cancels the inner task when it is cancelled.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// `await asyncio.wait_for(task, timeout)` on a spawned task: on a timeout the task is aborted
/// and awaited, so its cleanup has run (and it has ended) when `TimeoutError` returns. If the
/// task finished in the meantime, its result wins, as in Python.
///
/// Dropping this future (its awaiter cancelled) aborts the task, but `abort()` only asks: on
/// `multi_thread` the task may still be running, on another worker, when the awaiter is seen
/// cancelled. A [`crate::Task`] from [`crate::create_task`] has no such gap: pass it to
/// [`wait_for`].
///
/// ```
/// use std::time::Duration;
/// use asyncio::wait_for_task;
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let r = rt.block_on(async {
///     let task = tokio::spawn(async { Ok(7) });
///     tokio::task::yield_now().await; // let it finish
///     wait_for_task(task, Some(Duration::ZERO)).await
/// });
/// assert_eq!(r, Ok(7)); // a finished task gives its result even with timeout 0
/// ```
pub fn wait_for_task<T>(
    task: JoinHandle<Result<T, AsyncioError>>,
    timeout: Option<Duration>,
) -> impl Future<Output = Result<T, AsyncioError>> {
    // Guarded now, not at the first poll: a wait_for dropped before it ever ran still
    // cancels its task.
    let mut task = AbortOnDrop(task);
    async move { wait(&mut task, timeout).await }
}

async fn wait<T>(
    task: &mut AbortOnDrop<Result<T, AsyncioError>>,
    timeout: Option<Duration>,
) -> Result<T, AsyncioError> {
    let joined = match timeout {
        None => (&mut task.0).await,
        Some(d) => {
            let in_time = if d.is_zero() && !task.0.is_finished() {
                None
            } else if d.is_zero() {
                Some((&mut task.0).await)
            } else {
                tokio::time::timeout(d, &mut task.0).await.ok()
            };
            match in_time {
                Some(joined) => joined,
                None => {
                    task.0.abort();
                    match (&mut task.0).await {
                        Ok(finished_anyway) => Ok(finished_anyway),
                        Err(_) => return Err(AsyncioError::TimeoutError(d)),
                    }
                }
            }
        }
    };
    joined
        .map_err(|e| AsyncioError::from_join("wait_for's task", e))
        .and_then(|r| r)
}
