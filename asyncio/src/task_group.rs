//! `asyncio.TaskGroup` (Python 3.11): when one task fails, its siblings are cancelled, and the
//! group waits for all of them before it raises.
//!
//! tokio's `JoinSet` is the group of tasks; what `TaskGroup` adds in Python is the policy,
//! written out here: on the first error, `abort_all`, then keep joining until the set is empty,
//! so no task outlives the group.

use std::collections::HashMap;
use std::future::Future;

use tokio::task::{Id, JoinSet};

use crate::AsyncioError;

/// How one task of a [`TaskGroup`] ended, as [`TaskGroup::wait`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joined<'a> {
    /// The task returned `Ok`.
    Finished(&'a str),
    /// The task returned an error (or panicked).
    Failed(&'a str, &'a AsyncioError),
    /// The task was cancelled because a sibling failed.
    Cancelled(&'a str),
}

/// A group of named tasks that all succeed, or are all cancelled after the first failure.
///
/// ```
/// use asyncio::{AsyncioError, TaskGroup};
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let outcome = rt.block_on(async {
///     let mut group = TaskGroup::new();
///     group.spawn("fails", async { Err::<(), _>(AsyncioError::ValueError("no".into())) });
///     group.spawn("sleeps", async {
///         tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
///         Ok(())
///     });
///     let mut cancelled = Vec::new();
///     let result = group
///         .wait(|j| {
///             if let asyncio::Joined::Cancelled(name) = j {
///                 cancelled.push(name.to_owned())
///             }
///         })
///         .await;
///     (result, cancelled)
/// });
/// assert_eq!(outcome.0.unwrap_err().to_string(), "ValueError: no");
/// assert_eq!(outcome.1, ["sleeps"]); // and it did not wait an hour
/// ```
#[derive(Debug)]
pub struct TaskGroup<T> {
    set: JoinSet<Result<T, AsyncioError>>,
    names: HashMap<Id, String>,
}

impl<T: Send + 'static> Default for TaskGroup<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + 'static> TaskGroup<T> {
    /// An empty group (`async with asyncio.TaskGroup() as tg:`).
    pub fn new() -> Self {
        TaskGroup {
            set: JoinSet::new(),
            names: HashMap::new(),
        }
    }

    /// Starts a task in the group (`tg.create_task(coro)`). Must be called inside a runtime.
    pub fn spawn(
        &mut self,
        name: impl Into<String>,
        task: impl Future<Output = Result<T, AsyncioError>> + Send + 'static,
    ) {
        let handle = self.set.spawn(task);
        self.names.insert(handle.id(), name.into());
    }

    /// Waits for every task (the end of the `async with` block). Returns the results in the
    /// order the tasks finished, or the first error after every sibling has been cancelled
    /// and has ended. `report` hears about each task as it ends.
    pub async fn wait(
        mut self,
        mut report: impl FnMut(Joined<'_>),
    ) -> Result<Vec<T>, AsyncioError> {
        let mut results = Vec::new();
        let mut first_error: Option<AsyncioError> = None;
        while let Some(joined) = self.set.join_next_with_id().await {
            let (id, outcome) = match joined {
                Ok((id, outcome)) => (id, outcome),
                Err(e) => {
                    let id = e.id();
                    let name = self.name(id);
                    (id, Err(AsyncioError::from_join(&name, e)))
                }
            };
            let name = self.name(id);
            match outcome {
                Ok(value) => {
                    report(Joined::Finished(&name));
                    results.push(value);
                }
                Err(AsyncioError::CancelledError(_)) if first_error.is_some() => {
                    report(Joined::Cancelled(&name));
                }
                Err(e) => {
                    report(Joined::Failed(&name, &e));
                    if first_error.is_none() {
                        // New: the TaskGroup policy. Cancel the siblings, keep joining them.
                        self.set.abort_all();
                        first_error = Some(e);
                    }
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(results),
        }
    }

    fn name(&self, id: Id) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("task {id}"))
    }
}
