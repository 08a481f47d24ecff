//! `asyncio.wait_for(task, timeout)` on a [`TaskHandle`]: on a timeout the child is cancelled
//! and awaited until it has ended, so its cleanup has run when `TimeoutError` returns; a child
//! that is done (or that finished before its cancellation reached it) gives its result, even
//! with a timeout of zero. As Python's `wait_for`, which cancels the inner task when it is
//! itself cancelled, dropping the wait cancels the child too.

use std::future::{Future, IntoFuture};
use std::time::Duration;

use super::{Join, TaskHandle};
use crate::AsyncioError;
use crate::wait_for::Awaitable;

/// Cancels the child when the wait is dropped before it ended (its awaiter was cancelled).
struct CancelOnDrop<U>(Join<U>);

impl<U> Drop for CancelOnDrop<U> {
    fn drop(&mut self) {
        self.0.handle().cancel();
    }
}

impl<U> Awaitable<U> for TaskHandle<U> {
    fn wait_for(self, timeout: Option<Duration>) -> impl Future<Output = Result<U, AsyncioError>> {
        // Armed now, not at the first poll: see `Awaitable::wait_for`.
        wait(CancelOnDrop(self.into_future()), timeout)
    }
}

async fn wait<U>(mut join: CancelOnDrop<U>, timeout: Option<Duration>) -> Result<U, AsyncioError> {
    let Some(d) = timeout else {
        return (&mut join.0).await;
    };
    if !d.is_zero() || join.0.handle().done() {
        let in_time = if d.is_zero() {
            Ok((&mut join.0).await)
        } else {
            tokio::time::timeout(d, &mut join.0).await
        };
        if let Ok(ended) = in_time {
            return ended;
        }
    }
    // `_cancel_and_wait`, then the result if it finished anyway, else TimeoutError.
    join.0.handle().cancel();
    match (&mut join.0).await {
        Err(AsyncioError::CancelledError { .. }) => Err(AsyncioError::TimeoutError(d)),
        finished_anyway => finished_anyway,
    }
}
