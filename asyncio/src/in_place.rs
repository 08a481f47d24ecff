//! A spawned task whose future its owner can drop where it stands, from any thread.
//!
//! `JoinHandle::abort` only asks: on `multi_thread` the task may be running on another worker
//! at that moment, and its future is dropped later, when that worker gets to it. Python's
//! `gather` is cancelled only once its children are done, so the children of a cancelled
//! [`crate::gather()`] must have ended, cleanup run, before its awaiter is seen cancelled. Here
//! the task's future sits behind a mutex that each poll takes: [`InPlace::drop_now`] waits
//! for a poll in progress (a poll is short: a future returns at its next `.await`), then drops
//! the future on the caller's thread. The task, polled again, finds nothing and ends.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use tokio::task::JoinHandle;

use crate::AsyncioError;
use crate::task_handle::lock;

/// The future of a task spawned by [`spawn`].
type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, AsyncioError>> + Send>>;

/// The owner's side of a task spawned by [`spawn`]: the task's future, when not done.
pub(crate) struct InPlace<T> {
    fut: Arc<Mutex<Option<Boxed<T>>>>,
}

impl<T> InPlace<T> {
    /// Drops the task's future now, on this thread (its `Drop` guards run before this
    /// returns), waiting for a poll in progress on another thread to end first.
    pub(crate) fn drop_now(&self) {
        let fut = lock(&self.fut).take();
        drop(fut); // outside the lock: a guard's `Drop` may do anything
    }
}

/// `tokio::spawn(fut)`, with the future kept where [`InPlace::drop_now`] can reach it. A task
/// whose future was dropped that way ends with `CancelledError` of task `name` (if it is
/// polled again; abort its handle too, since nothing will wake it).
pub(crate) fn spawn<T, F>(name: &str, fut: F) -> (JoinHandle<Result<T, AsyncioError>>, InPlace<T>)
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    let fut: Arc<Mutex<Option<Boxed<T>>>> = Arc::new(Mutex::new(Some(Box::pin(fut))));
    let polled = Arc::clone(&fut);
    let name = name.to_owned();
    let handle = tokio::spawn(poll_fn(move |cx| {
        let mut slot = lock(&polled);
        let Some(fut) = slot.as_mut() else {
            return Poll::Ready(Err(AsyncioError::cancelled(name.as_str())));
        };
        let out = std::task::ready!(fut.as_mut().poll(cx));
        let done = slot.take();
        drop(slot);
        drop(done); // a finished future holds nothing, but drop it outside the lock all the same
        Poll::Ready(out)
    }));
    (handle, InPlace { fut })
}
