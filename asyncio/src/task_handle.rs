//! `asyncio.Task` as a [`crate::TaskGroup`] hands it back: cancel one child, read its result.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::AsyncioError;

mod wait_for;

/// Locks `m`, ignoring poisoning: a child that panicked is reported as `Panicked`, and the
/// state it guards (a result slot, a ready set) stays consistent between statements.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where a child's result waits for its handle.
#[derive(Debug)]
pub(crate) struct Slot<U> {
    state: Mutex<SlotState<U>>,
}

#[derive(Debug)]
struct SlotState<U> {
    result: Option<Result<U, AsyncioError>>,
    done: bool,
    cancelled: bool,
    waiter: Option<Waker>,
}

impl<U> Slot<U> {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Slot {
            state: Mutex::new(SlotState {
                result: None,
                done: false,
                cancelled: false,
                waiter: None,
            }),
        })
    }

    /// The child ended: store how, wake whoever awaits the handle. The first end wins.
    pub(crate) fn set(&self, result: Result<U, AsyncioError>) {
        let waiter = {
            let mut s = lock(&self.state);
            if s.done {
                return;
            }
            s.cancelled = matches!(result, Err(AsyncioError::CancelledError { .. }));
            s.result = Some(result);
            s.done = true;
            s.waiter.take()
        };
        if let Some(w) = waiter {
            w.wake();
        }
    }
}

/// A child of a [`crate::TaskGroup`] (what `tg.create_task(coro)` returns in Python).
///
/// Await it for the child's result (`Err(CancelledError)` if it was cancelled), or call
/// [`TaskHandle::cancel`] to cancel this child alone: that does not fail the group.
pub struct TaskHandle<U> {
    pub(crate) name: String,
    pub(crate) slot: Arc<Slot<U>>,
    pub(crate) cancel: Arc<dyn Fn(Option<String>) + Send + Sync>,
}

impl<U> std::fmt::Debug for TaskHandle<U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskHandle")
            .field("name", &self.name)
            .field("done", &self.done())
            .finish()
    }
}

impl<U> TaskHandle<U> {
    /// The child's name (`task.get_name()`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Asks the group to cancel this child (`task.cancel()`): at the group's next step (or
    /// before the child's first poll, if the body spawned it in this step) its future is
    /// dropped, its `Drop` guards run, and its result becomes `CancelledError`.
    /// Returns false if the child had already ended, as Python's does.
    pub fn cancel(&self) -> bool {
        self.cancel_msg(None)
    }

    /// `task.cancel(msg)` (Python 3.9+): as [`TaskHandle::cancel`], and the child's
    /// `CancelledError` carries `msg` (Python's `exc.args == (msg,)`). Python takes any object
    /// as the message; here it is text.
    ///
    /// ```
    /// use asyncio::{AsyncioError, task_group};
    /// let rt = asyncio::runtime::current_thread().unwrap();
    /// let r = rt.block_on(task_group(|tg| async move {
    ///     let t = tg.spawn(std::future::pending::<Result<(), AsyncioError>>())?;
    ///     t.cancel_with("not needed");
    ///     Ok(t.await)
    /// }));
    /// let Ok(Err(AsyncioError::CancelledError { msg, .. })) = r else { panic!("{r:?}") };
    /// assert_eq!(msg.as_deref(), Some("not needed"));
    /// ```
    pub fn cancel_with(&self, msg: impl Into<String>) -> bool {
        self.cancel_msg(Some(msg.into()))
    }

    fn cancel_msg(&self, msg: Option<String>) -> bool {
        if self.done() {
            return false;
        }
        (self.cancel)(msg);
        true
    }

    /// The child has ended, one way or another (`task.done()`).
    pub fn done(&self) -> bool {
        lock(&self.slot.state).done
    }

    /// The child ended cancelled (`task.cancelled()`).
    pub fn cancelled(&self) -> bool {
        lock(&self.slot.state).cancelled
    }

    /// The child's result without waiting (`task.result()`): `InvalidStateError` if it has not
    /// ended yet, or if the result was already taken by an `.await`.
    pub fn result(self) -> Result<U, AsyncioError> {
        let mut s = lock(&self.slot.state);
        match s.result.take() {
            Some(r) => r,
            None if s.done => Err(AsyncioError::InvalidStateError(format!(
                "the result of {} was already taken",
                self.name
            ))),
            None => Err(AsyncioError::InvalidStateError(format!(
                "{} is not done yet",
                self.name
            ))),
        }
    }
}

/// `await task`: `handle.await` gives the child's result (`Err(CancelledError)` if it was
/// cancelled). An `IntoFuture`, not a `Future`, so that [`crate::wait_for()`] can tell a task
/// from a coroutine (see [`crate::wait_for::Awaitable`]).
impl<U> IntoFuture for TaskHandle<U> {
    type Output = Result<U, AsyncioError>;
    type IntoFuture = Join<U>;

    fn into_future(self) -> Join<U> {
        Join(self)
    }
}

/// The future of `handle.await` ([`TaskHandle`]'s `IntoFuture`).
#[derive(Debug)]
pub struct Join<U>(TaskHandle<U>);

impl<U> Join<U> {
    /// The handle being awaited.
    pub fn handle(&self) -> &TaskHandle<U> {
        &self.0
    }
}

impl<U> Future for Join<U> {
    type Output = Result<U, AsyncioError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let handle = &self.get_mut().0;
        let mut s = lock(&handle.slot.state);
        match s.result.take() {
            Some(r) => Poll::Ready(r),
            None if s.done => Poll::Ready(Err(AsyncioError::InvalidStateError(format!(
                "the result of {} was already taken",
                handle.name
            )))),
            None => {
                s.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
