//! `asyncio.create_task(coro)`: a task that [`Task::cancel`] cancels in place.
//!
//! `tokio::spawn` gives a `JoinHandle` whose `abort()` only asks: on `multi_thread` the task
//! may still be running on another worker after it, and its cleanup runs later. A [`Task`]'s
//! future is dropped by `cancel()` itself, on the caller's thread, after a poll in progress
//! elsewhere ends; so `wait_for(task, d)` returns `TimeoutError` after the task's cleanup, and
//! a cancelled `wait_for(task, ..)` (its awaiter cancelled) leaves nothing of the task running,
//! on both runtimes.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::AsyncioError;
use crate::in_place::{self, InPlace};
use crate::task_handle::lock;
use crate::wait_for::Awaitable;

/// A task started by [`create_task`] (Python's `asyncio.Task`). Await it for its result;
/// dropping it leaves the task running, as dropping a reference to a Python task does.
pub struct Task<T> {
    name: String,
    handle: JoinHandle<Result<T, AsyncioError>>,
    fut: InPlace<T>,
    /// `cancel(msg)`'s message, for the `CancelledError` the task's awaiter sees.
    msg: Arc<Mutex<Option<String>>>,
}

impl<T> std::fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Task")
            .field("name", &self.name)
            .field("done", &self.done())
            .finish()
    }
}

/// `asyncio.create_task(coro, name=name)`: starts `fut` on the runtime now (`tokio::spawn`).
///
/// ```
/// use std::sync::{Arc, atomic::{AtomicBool, Ordering}};
/// struct Cleanup(Arc<AtomicBool>); // Python's `finally:`
/// impl Drop for Cleanup {
///     fn drop(&mut self) { self.0.store(true, Ordering::SeqCst) }
/// }
/// let rt = asyncio::runtime::multi_thread(2).unwrap();
/// let cleaned = Arc::new(AtomicBool::new(false));
/// let c = cleaned.clone();
/// rt.block_on(async move {
///     let (started, has_started) = tokio::sync::oneshot::channel();
///     let task = asyncio::create_task("sleeper", async move {
///         let _cleanup = Cleanup(c);
///         let _ = started.send(());
///         tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
///         Ok(())
///     });
///     has_started.await.unwrap();
///     task.cancel(); // its future is dropped here and now, whichever worker ran it
///     assert!(cleaned.load(Ordering::SeqCst));
///     assert!(task.await.unwrap_err().is_cancelled());
/// });
/// ```
pub fn create_task<T, F>(name: impl Into<String>, fut: F) -> Task<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    // contextvars: the task runs in a copy of its creator's context, taken now.
    create_task_with_context(name, crate::context::copy_context(), fut)
}

/// `asyncio.create_task(coro, name=name, context=ctx)` (Python 3.11): as [`create_task`], but
/// the task runs in `ctx` itself, not in a copy of its creator's context, so what it sets is
/// seen through `ctx` (and by other tasks given the same context) once it has run.
///
/// ```
/// use asyncio::{ContextVar, copy_context, create_task_with_context};
/// static CVAR: ContextVar<u32> = ContextVar::new("cvar");
/// let rt = asyncio::runtime::current_thread().unwrap();
/// rt.block_on(asyncio::Context::default().run(async {
///     let ctx = copy_context();
///     let task = create_task_with_context("t", ctx.clone(), async {
///         CVAR.set(1);
///         Ok(())
///     });
///     task.await.unwrap();
///     assert_eq!(ctx.get(&CVAR), Some(1)); // set in ctx
///     assert_eq!(CVAR.get(), None); // not in the creator's context
/// }));
/// ```
pub fn create_task_with_context<T, F>(
    name: impl Into<String>,
    ctx: crate::Context,
    fut: F,
) -> Task<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    let name = name.into();
    let (handle, fut) = in_place::spawn(&name, ctx.run(fut));
    Task {
        name,
        handle,
        fut,
        msg: Arc::default(),
    }
}

impl<T> Task<T> {
    /// The task's name (`task.get_name()`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The task has ended, one way or another (`task.done()`).
    pub fn done(&self) -> bool {
        self.handle.is_finished()
    }

    /// `task.cancel()`: drops the task's future now, on this thread, so its cleanup has run
    /// when this returns (a poll in progress on another worker is waited for first; a poll is
    /// short, a future yields at its next `.await`). Returns false if the task had ended.
    /// Difference from Python: the cancelled future cannot catch its cancellation.
    pub fn cancel(&self) -> bool {
        self.cancel_msg(None)
    }

    /// `task.cancel(msg)`: as [`Task::cancel`], and the `CancelledError` the task's awaiter
    /// sees carries `msg`.
    pub fn cancel_with(&self, msg: impl Into<String>) -> bool {
        self.cancel_msg(Some(msg.into()))
    }

    fn cancel_msg(&self, msg: Option<String>) -> bool {
        if self.done() {
            return false;
        }
        if msg.is_some() {
            *lock(&self.msg) = msg;
        }
        self.fut.drop_now();
        self.handle.abort(); // nothing will wake it again: let the runtime end it
        true
    }
}

/// The future of `task.await` ([`Task`]'s `IntoFuture`).
#[derive(Debug)]
pub struct TaskJoin<T> {
    name: String,
    handle: JoinHandle<Result<T, AsyncioError>>,
    msg: Arc<Mutex<Option<String>>>,
}

/// A task's outcome as Python names it: the join error mapped, a cancellation carrying the
/// message given to `cancel(msg)` (the task ends cancelled by its future's drop or by the
/// abort, whichever the runtime sees first; neither knows the message).
fn outcome<T>(
    name: &str,
    msg: &Mutex<Option<String>>,
    joined: Result<Result<T, AsyncioError>, tokio::task::JoinError>,
) -> Result<T, AsyncioError> {
    match joined
        .map_err(|e| AsyncioError::from_join(name, e))
        .and_then(|r| r)
    {
        Err(AsyncioError::CancelledError { task, msg: None }) => {
            Err(AsyncioError::CancelledError {
                task,
                msg: lock(msg).clone(),
            })
        }
        other => other,
    }
}

impl<T> Future for TaskJoin<T> {
    type Output = Result<T, AsyncioError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let joined = std::task::ready!(Pin::new(&mut self.handle).poll(cx));
        Poll::Ready(outcome(&self.name, &self.msg, joined))
    }
}

/// `await task`: the task's result, `CancelledError` if it was cancelled.
impl<T> IntoFuture for Task<T> {
    type Output = Result<T, AsyncioError>;
    type IntoFuture = TaskJoin<T>;

    fn into_future(self) -> TaskJoin<T> {
        // Its in-place slot is dropped here: awaiting does not need it, and a task that is
        // only awaited is cancelled by no one through this value.
        TaskJoin {
            name: self.name,
            handle: self.handle,
            msg: self.msg,
        }
    }
}

/// Cancels the task in place when the wait is dropped before it ended (its awaiter was
/// cancelled), as Python's `wait_for` cancels its inner task.
struct CancelOnDrop<T>(Task<T>);

impl<T> Drop for CancelOnDrop<T> {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// `wait_for(task, timeout)`: on the timeout the task is cancelled in place, so its cleanup
/// has run when `TimeoutError` returns; a done task gives its result, even with a zero
/// timeout; a task that finished before its cancellation took hold gives its result too.
impl<T> Awaitable<T> for Task<T> {
    fn wait_for(self, timeout: Option<Duration>) -> impl Future<Output = Result<T, AsyncioError>> {
        // Armed now, not at the first poll: see `Awaitable::wait_for`.
        let task = CancelOnDrop(self);
        wait(task, timeout)
    }
}

async fn wait<T>(mut task: CancelOnDrop<T>, timeout: Option<Duration>) -> Result<T, AsyncioError> {
    let (name, msg) = (task.0.name.clone(), Arc::clone(&task.0.msg));
    let join = |joined| outcome(&name, &msg, joined);
    let Some(d) = timeout else {
        return join((&mut task.0.handle).await);
    };
    // A zero timeout never waits for a task not done (Python: cancelled at once).
    if (!d.is_zero() || task.0.done())
        && let Ok(joined) = tokio::time::timeout(d, &mut task.0.handle).await
    {
        return join(joined);
    }
    task.0.cancel();
    match join((&mut task.0.handle).await) {
        Err(e) if e.is_cancelled() => Err(AsyncioError::TimeoutError(d)),
        finished_anyway => finished_anyway,
    }
}
