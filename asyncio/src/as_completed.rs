//! `asyncio.as_completed(aws, timeout=None)`: results in the order the awaitables finish.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use tokio::task::{Id, JoinSet};
use tokio::time::Instant;

use crate::AsyncioError;
use crate::context::copy_context;

/// The iterator `as_completed` returns; call [`AsCompleted::next`] until it gives `None`.
///
/// Dropping it leaves the tasks not yet seen running, as Python's `as_completed` does not
/// cancel them.
#[derive(Debug)]
pub struct AsCompleted<T: 'static> {
    set: JoinSet<Result<T, AsyncioError>>,
    index: HashMap<Id, usize>,
    deadline: Option<(Instant, Duration)>,
    timed_out: Vec<usize>,
}

/// Starts every future as a task (argument `i` is the `i`-th), each in a copy of the caller's
/// context (see [`crate::context`]), and hands the results back in completion order. With a `timeout`, once it passes every argument not yet done comes back
/// as `TimeoutError`, as each remaining `await` raises it in Python.
///
/// # Panics
///
/// Outside a tokio runtime, as `tokio::spawn` does (Python: `RuntimeError: no running event
/// loop`). Inside `asyncio::run` or any `block_on` it cannot.
///
/// ```
/// use std::time::Duration;
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let order = rt.block_on(async {
///     let mut done = asyncio::as_completed([30u64, 10, 20].map(|ms| async move {
///         tokio::time::sleep(Duration::from_millis(ms)).await;
///         Ok(ms)
///     }), None);
///     let mut order = Vec::new();
///     while let Some((_index, result)) = done.next().await {
///         order.push(result.unwrap());
///     }
///     order
/// });
/// assert_eq!(order, [10, 20, 30]);
/// ```
pub fn as_completed<T, F>(
    futs: impl IntoIterator<Item = F>,
    timeout: Option<Duration>,
) -> AsCompleted<T>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AsyncioError>> + Send + 'static,
{
    let mut set = JoinSet::new();
    let index = futs
        .into_iter()
        .enumerate()
        // contextvars: each runs in its own copy of the caller's context, taken now, as each
        // becomes a task in Python (`ensure_future`); a bare `JoinSet::spawn` copies nothing.
        .map(|(i, f)| (set.spawn(copy_context().run(f)).id(), i))
        .collect();
    AsCompleted {
        set,
        index,
        deadline: timeout.map(|d| (Instant::now() + d, d)),
        timed_out: Vec::new(),
    }
}

impl<T: Send + 'static> AsCompleted<T> {
    /// The next argument to finish, as `(its index, its result)`; `None` when all were seen.
    pub async fn next(&mut self) -> Option<(usize, Result<T, AsyncioError>)> {
        if let Some(i) = self.timed_out.pop() {
            let d = self.deadline.map(|(_, d)| d).unwrap_or_default();
            return Some((i, Err(AsyncioError::TimeoutError(d))));
        }
        let joined = match self.deadline {
            None => self.set.join_next_with_id().await?,
            Some((at, d)) => {
                match tokio::time::timeout_at(at, self.set.join_next_with_id()).await {
                    Ok(joined) => joined?,
                    Err(_) => {
                        // Time is up: the rest are reported as TimeoutError, in argument order,
                        // and left running.
                        self.timed_out = self.index.drain().map(|(_, i)| i).collect();
                        self.timed_out.sort_unstable_by(|a, b| b.cmp(a));
                        self.set.detach_all();
                        let i = self.timed_out.pop()?;
                        return Some((i, Err(AsyncioError::TimeoutError(d))));
                    }
                }
            }
        };
        Some(match joined {
            Ok((id, result)) => (self.index.remove(&id).unwrap_or(usize::MAX), result),
            Err(e) => {
                let i = self.index.remove(&e.id()).unwrap_or(usize::MAX);
                (i, Err(AsyncioError::from_join(&format!("#{i}"), e)))
            }
        })
    }
}

impl<T: 'static> Drop for AsCompleted<T> {
    fn drop(&mut self) {
        self.set.detach_all();
    }
}
