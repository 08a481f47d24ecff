//! `asyncio.gather(*aws)` and `gather(*aws, return_exceptions=True)`: run the awaitables as
//! tasks, hand back their results in argument order.
//!
//! Like Python's, `gather` wraps each future in a task (`tokio::spawn`), so they run at once,
//! and waits for all of them together: the total time is the slowest one's, and (fail-fast) the
//! first error reaches the caller when it happens, not when the tasks before it in the list end.
//!
//! One difference, Rust's laziness: Python's `gather(...)` starts its tasks at the call; here
//! they are spawned when the returned future is first polled (awaited), like every Rust future.
//!
//! What it costs: the children are awaited in argument order, so only the child awaited next
//! wakes the awaiter and the whole wait is linear in the number of children. Polling every
//! unfinished child on each wake-up (the first version) was quadratic: gathering 10,000
//! sleeps of 100 ms took 179-283 ms, now 108-143 ms, on a loaded machine (`benches/tasks.rs`
//! says more). Fail-fast does not wait for argument order: a child that fails (or panics, or
//! is cancelled) reports its index on a channel as it ends, and the awaiter then watches that
//! child's handle too.
//!
//! Cancelling the awaiter (dropping the `gather` future) drops each unfinished child's future
//! in place, on the awaiter's thread, so every child has ended when the awaiter is seen
//! cancelled, as Python's gather is cancelled only once its children are done. Each child's
//! future sits behind an uncontended mutex for that (`in_place.rs`); the drop waits for a poll
//! in progress on another worker, which a well-behaved future keeps short.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::AsyncioError;
use crate::in_place::{self, InPlace};

/// The spawned children; dropping it (the awaiter was cancelled) cancels those not done, as
/// cancelling a `gather` cancels its children: each child's future is dropped in place, on the
/// awaiter's thread, so every child has ended when the awaiter is seen cancelled, on
/// `multi_thread` too (an `abort()` alone ends a child running on another worker later).
/// `armed = false` leaves them running instead.
struct Children<T> {
    handles: Vec<Option<JoinHandle<Result<T, AsyncioError>>>>,
    in_place: Vec<InPlace<T>>,
    armed: bool,
}

impl<T> Drop for Children<T> {
    fn drop(&mut self) {
        if self.armed {
            for (h, fut) in self.handles.iter().zip(&self.in_place) {
                if let Some(h) = h {
                    fut.drop_now();
                    h.abort();
                }
            }
        }
    }
}

impl<T: Send + 'static> Children<T> {
    /// Spawns each future as a child.
    fn spawn<F>(futs: impl IntoIterator<Item = F>) -> Self
    where
        F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
    {
        let (handles, in_place) = futs
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                // contextvars: each child runs in its own copy of the awaiter's context.
                let f = crate::context::copy_context().run(f);
                let (h, fut) = in_place::spawn(&format!("#{i}"), f);
                (Some(h), fut)
            })
            .unzip();
        Children {
            handles,
            in_place,
            armed: true,
        }
    }
}

impl<T> Children<T> {
    /// Polls child `i` if not done; `Some(outcome)` once it has ended (its slot is emptied).
    fn poll_one(&mut self, i: usize, cx: &mut Context<'_>) -> Option<Result<T, AsyncioError>> {
        let slot = &mut self.handles[i];
        let Poll::Ready(joined) = Pin::new(slot.as_mut()?).poll(cx) else {
            return None;
        };
        *slot = None;
        Some(
            joined
                .map_err(|e| AsyncioError::from_join(&format!("#{i}"), e))
                .and_then(|r| r),
        )
    }
}

fn spawn_all<T, F>(futs: impl IntoIterator<Item = F>) -> Children<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    Children::spawn(futs)
}

/// Sends its child's index when dropped armed: the child failed, panicked or was cancelled.
struct ReportFailure {
    index: usize,
    to: Option<mpsc::UnboundedSender<usize>>,
}

impl Drop for ReportFailure {
    fn drop(&mut self) {
        if let Some(to) = self.to.take() {
            // The awaiter may be gone (it returned an earlier error): nobody needs to know.
            let _ = to.send(self.index);
        }
    }
}

/// Like [`spawn_all`], each child reporting on `failures` when it ends without `Ok`.
fn spawn_reporting<T, F>(
    futs: impl IntoIterator<Item = F>,
    failures: &mpsc::UnboundedSender<usize>,
) -> Children<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    Children::spawn(futs.into_iter().enumerate().map(|(index, f)| {
        let mut report = ReportFailure {
            index,
            to: Some(failures.clone()),
        };
        async move {
            let outcome = f.await;
            if outcome.is_ok() {
                report.to = None;
            }
            drop(report);
            outcome
        }
    }))
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
    let (failures, mut failed) = mpsc::unbounded_channel();
    let mut children = spawn_reporting(futs, &failures);
    drop(failures);
    let mut results = Vec::with_capacity(children.handles.len());
    // Children that reported a failure, watched out of argument order.
    let mut watched = Vec::new();
    poll_fn(|cx| {
        while let Poll::Ready(Some(i)) = failed.poll_recv(cx) {
            watched.push(i);
        }
        for &i in &watched {
            if let Some(Err(e)) = children.poll_one(i, cx) {
                children.armed = false; // fail-fast: the others run on
                return Poll::Ready(Err(e));
            }
        }
        while results.len() < children.handles.len() {
            match children.poll_one(results.len(), cx) {
                Some(Ok(v)) => results.push(v),
                Some(Err(e)) => {
                    children.armed = false;
                    return Poll::Ready(Err(e));
                }
                None => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(std::mem::take(&mut results)))
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
    let mut results = Vec::with_capacity(children.handles.len());
    poll_fn(|cx| {
        while results.len() < children.handles.len() {
            match children.poll_one(results.len(), cx) {
                Some(outcome) => results.push(outcome),
                None => return Poll::Pending,
            }
        }
        Poll::Ready(std::mem::take(&mut results))
    })
    .await
}
