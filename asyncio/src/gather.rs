//! `asyncio.gather(*aws)` and `gather(*aws, return_exceptions=True)`: run the awaitables as
//! tasks, hand back their results in argument order.
//!
//! Like Python's, `gather` wraps each future in a task (`tokio::spawn`), so they run at once,
//! and polls all of them together: the total time is the slowest one's, and (fail-fast) the
//! first error reaches the caller when it happens, not when the tasks before it in the list end.
//!
//! One difference, Rust's laziness: Python's `gather(...)` starts its tasks at the call; here
//! they are spawned when the returned future is first polled (awaited), like every Rust future.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::Poll;

use tokio::task::JoinHandle;

use crate::AsyncioError;

/// The spawned children; dropping it (the awaiter was cancelled) aborts those not done, as
/// cancelling a `gather` cancels its children. `disarm` leaves them running instead.
struct Children<T> {
    handles: Vec<Option<JoinHandle<Result<T, AsyncioError>>>>,
    armed: bool,
}

impl<T> Drop for Children<T> {
    fn drop(&mut self) {
        if self.armed {
            for h in self.handles.iter().flatten() {
                h.abort();
            }
        }
    }
}

fn spawn_all<T, F>(futs: impl IntoIterator<Item = F>) -> Children<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    Children {
        handles: futs.into_iter().map(|f| Some(tokio::spawn(f))).collect(),
        armed: true,
    }
}

/// Polls every child not yet done; returns `(index, outcome)` for each that ended in this poll.
fn poll_children<T>(
    children: &mut Children<T>,
    cx: &mut std::task::Context<'_>,
) -> Vec<(usize, Result<T, AsyncioError>)> {
    let mut ended = Vec::new();
    for (i, slot) in children.handles.iter_mut().enumerate() {
        if let Some(h) = slot
            && let Poll::Ready(joined) = Pin::new(h).poll(cx)
        {
            *slot = None;
            let outcome = joined
                .map_err(|e| AsyncioError::from_join(&format!("#{i}"), e))
                .and_then(|r| r);
            ended.push((i, outcome));
        }
    }
    ended
}

/// `await asyncio.gather(*aws)`: every result in argument order, or the first error as soon as
/// it happens. The other children keep running after that error, as in Python (nobody awaits
/// them); dropping the `gather` future before it ends cancels the children not done.
///
/// ```
/// use std::time::Duration;
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let results = rt.block_on(asyncio::gather([30u64, 10, 20].map(|ms| async move {
///     tokio::time::sleep(Duration::from_millis(ms)).await;
///     Ok(ms)
/// })));
/// // The first is the slowest: it finishes last, but its result comes first.
/// assert_eq!(results, Ok(vec![30, 10, 20]));
/// ```
pub async fn gather<T, F>(futs: impl IntoIterator<Item = F>) -> Result<Vec<T>, AsyncioError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    let mut children = spawn_all(futs);
    let mut results: Vec<Option<T>> = children.handles.iter().map(|_| None).collect();
    poll_fn(|cx| {
        for (i, outcome) in poll_children(&mut children, cx) {
            match outcome {
                Ok(v) => results[i] = Some(v),
                Err(e) => {
                    children.armed = false; // fail-fast: the others run on
                    return Poll::Ready(Err(e));
                }
            }
        }
        if children.handles.iter().all(Option::is_none) {
            Poll::Ready(Ok(results.iter_mut().filter_map(Option::take).collect()))
        } else {
            Poll::Pending
        }
    })
    .await
}

/// `await asyncio.gather(*aws, return_exceptions=True)`: waits for every child; each error
/// (a cancellation too) takes its argument's place in the list instead of being raised.
///
/// ```
/// use asyncio::AsyncioError;
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let results = rt.block_on(asyncio::gather_return_exceptions((0..3).map(|i| async move {
///     if i == 1 { Err(AsyncioError::ValueError("one".into())) } else { Ok(i) }
/// })));
/// assert_eq!(results, [Ok(0), Err(AsyncioError::ValueError("one".into())), Ok(2)]);
/// ```
pub async fn gather_return_exceptions<T, F>(
    futs: impl IntoIterator<Item = F>,
) -> Vec<Result<T, AsyncioError>>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    let mut children = spawn_all(futs);
    let mut results: Vec<Option<Result<T, AsyncioError>>> =
        children.handles.iter().map(|_| None).collect();
    poll_fn(|cx| {
        for (i, outcome) in poll_children(&mut children, cx) {
            results[i] = Some(outcome);
        }
        if children.handles.iter().all(Option::is_none) {
            Poll::Ready(results.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    })
    .await
}
