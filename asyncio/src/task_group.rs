//! `asyncio.TaskGroup` (Python 3.11) as structured concurrency: a scope that owns its body and
//! its children, so no child outlives it.
//!
//! ```text
//! async with asyncio.TaskGroup() as tg:        task_group(|tg| async move {
//!     t = tg.create_task(work())                   let t = tg.spawn(work())?;
//!     ...                                          ...
//!                                                  Ok(())
//!                                              }).await
//! ```
//!
//! The children are futures polled by the group's own future, as asyncio's tasks are run by
//! one loop: they take turns on the task that awaits the group (use `tokio::spawn` inside a
//! child for parallel work). That is what makes the guarantees hold by construction:
//! - the first child error drops the body and every sibling in the same step (their `Drop`
//!   guards, Python's `finally:`, run before the group goes on), and the group ends with an
//!   [`ExceptionGroup`] listing every failure of that step, in order;
//! - the group returns only when the body and every child have ended;
//! - a child cancelled through its [`TaskHandle`], or ending with `CancelledError` of its own
//!   (say, from awaiting a cancelled sibling), ends cancelled and does not fail the group, as
//!   CPython's group skips cancelled children;
//! - a child the body spawns runs in the step where the body next yields, before the body
//!   resumes: after `tg.spawn(c)` and one `tokio::task::yield_now().await` (Python's
//!   `await asyncio.sleep(0)`), `c` has run up to its first `.await`, as on asyncio's loop;
//! - cancelling the owner (dropping or aborting the task that awaits the group) drops the body
//!   and every child before the owner's `JoinHandle` reports `cancelled`. The difference from
//!   Python, on purpose: a dropped future cannot catch its cancellation, await in `finally:` or
//!   return a value instead; its `Drop` runs, and that is all.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Wake, Waker};

use crate::context::copy_context;
use crate::task_handle::{Slot, lock};
use crate::{AsyncioError, Context, ExceptionGroup, TaskHandle};

mod scope;

/// A child's future, its result already stored in its handle's slot; only an error comes out.
type Child = Pin<Box<dyn Future<Output = Result<(), AsyncioError>> + Send>>;
/// Ends a child's handle with this error (cancelled before it ended, or panicked).
type End = Box<dyn Fn(AsyncioError) + Send>;
/// The id that wakes the body rather than a child.
const BODY: u64 = u64::MAX;

/// A child spawned but not yet adopted by the scope (it starts once its spawner yields, as
/// `create_task` schedules a coroutine rather than running it).
struct Spawned {
    id: u64,
    name: String,
    fut: Child,
    end: End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Open,
    ShuttingDown,
    Finished,
}

/// What the group's future and the handles share.
struct State {
    phase: Phase,
    next_id: u64,
    spawned: Vec<Spawned>,
    ready: HashSet<u64>,
    /// Children to cancel at the next step, each with `cancel(msg)`'s message if any.
    cancels: HashMap<u64, Option<String>>,
    waker: Option<Waker>,
}

struct Shared {
    state: Mutex<State>,
}

impl Shared {
    /// Marks `id` to be polled at the next step and wakes the group's task.
    /// With `cancel: Some(msg)`, the child is to be cancelled then (with `msg`, if any; the
    /// first request's message wins, as in Python).
    fn ready(&self, id: u64, cancel: Option<Option<String>>) {
        let waker = {
            let mut s = lock(&self.state);
            s.ready.insert(id);
            if let Some(msg) = cancel {
                s.cancels.entry(id).or_insert(msg);
            }
            s.waker.clone()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// The waker a child (or the body) is polled with: it says who is ready.
struct ChildWaker {
    id: u64,
    shared: Arc<Shared>,
}

impl Wake for ChildWaker {
    fn wake(self: Arc<Self>) {
        self.shared.ready(self.id, None);
    }
}

/// The handle the body gets (Python's `tg`): clone it into children to spawn from them.
#[derive(Clone)]
pub struct TaskGroup {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for TaskGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskGroup")
            .field("phase", &lock(&self.shared.state).phase)
            .finish()
    }
}

impl TaskGroup {
    /// Starts a child (`tg.create_task(coro)`), named `task-N`. See [`TaskGroup::spawn_named`].
    pub fn spawn<U, F>(&self, fut: F) -> Result<TaskHandle<U>, AsyncioError>
    where
        U: Send + 'static,
        F: Future<Output = Result<U, AsyncioError>> + Send + 'static,
    {
        self.spawn_inner(None, fut)
    }

    /// Starts a child named `name` (`tg.create_task(coro, name=name)`). It begins when the
    /// spawner next yields (the body's spawns in the same step, a child's at the next). `RuntimeError` once the group is shutting down (a child failed) or
    /// finished, as Python 3.13 raises; the future is then dropped unstarted.
    pub fn spawn_named<U, F>(
        &self,
        name: impl Into<String>,
        fut: F,
    ) -> Result<TaskHandle<U>, AsyncioError>
    where
        U: Send + 'static,
        F: Future<Output = Result<U, AsyncioError>> + Send + 'static,
    {
        self.spawn_inner(Some(name.into()), fut)
    }

    /// Starts a child that runs in `ctx` itself (`tg.create_task(coro, context=ctx)`, Python
    /// 3.11), not in a copy of the spawner's context: what it sets is seen through `ctx`.
    /// Otherwise as [`TaskGroup::spawn_named`] (`name: None` names it `task-N`).
    pub fn spawn_with_context<U, F>(
        &self,
        name: Option<String>,
        ctx: Context,
        fut: F,
    ) -> Result<TaskHandle<U>, AsyncioError>
    where
        U: Send + 'static,
        F: Future<Output = Result<U, AsyncioError>> + Send + 'static,
    {
        self.spawn_in(name, ctx, fut)
    }

    fn spawn_inner<U, F>(&self, name: Option<String>, fut: F) -> Result<TaskHandle<U>, AsyncioError>
    where
        U: Send + 'static,
        F: Future<Output = Result<U, AsyncioError>> + Send + 'static,
    {
        // contextvars: the child runs in a copy of its spawner's context, taken now.
        self.spawn_in(name, copy_context(), fut)
    }

    fn spawn_in<U, F>(
        &self,
        name: Option<String>,
        ctx: Context,
        fut: F,
    ) -> Result<TaskHandle<U>, AsyncioError>
    where
        U: Send + 'static,
        F: Future<Output = Result<U, AsyncioError>> + Send + 'static,
    {
        let slot = Slot::new();
        let mut s = lock(&self.shared.state);
        // Named under the lock, so two spawns racing on two threads get distinct names.
        let name = name.unwrap_or_else(|| format!("task-{}", s.next_id));
        let waker = {
            match s.phase {
                Phase::Open => {}
                Phase::ShuttingDown => {
                    return Err(AsyncioError::RuntimeError(format!(
                        "TaskGroup is shutting down; {name} was not started"
                    )));
                }
                Phase::Finished => {
                    return Err(AsyncioError::RuntimeError(format!(
                        "TaskGroup is finished; {name} was not started"
                    )));
                }
            }
            let id = s.next_id;
            s.next_id += 1;
            let done = Arc::clone(&slot);
            let fut = ctx.run(fut);
            let fut: Child = Box::pin(async move {
                let out = fut.await;
                let err = out.as_ref().err().cloned();
                done.set(out);
                err.map_or(Ok(()), Err)
            });
            let ended = Arc::clone(&slot);
            s.spawned.push(Spawned {
                id,
                name: name.clone(),
                fut,
                end: Box::new(move |e| ended.set(Err(e))),
            });
            let shared = Arc::clone(&self.shared);
            let cancel = Arc::new(move |msg| shared.ready(id, Some(msg)));
            (s.waker.clone(), cancel)
        };
        drop(s);
        let (group_waker, cancel) = waker;
        if let Some(w) = group_waker {
            w.wake();
        }
        Ok(TaskHandle { name, slot, cancel })
    }
}

/// Runs `body` with a fresh [`TaskGroup`] and waits for it and every child it spawned
/// (`async with asyncio.TaskGroup() as tg: ...`).
///
/// Returns the body's value when nothing failed; otherwise an [`ExceptionGroup`] with every
/// error (the body's own included), after the body and all children were cancelled.
///
/// ```
/// use std::time::Duration;
/// use asyncio::{AsyncioError, task_group};
/// let rt = asyncio::runtime::current_thread().unwrap();
/// let eg = rt.block_on(task_group(|tg| async move {
///     tg.spawn(async { Err::<(), _>(AsyncioError::ValueError("boom".into())) })?;
///     let sleeper = tg.spawn(async {
///         tokio::time::sleep(Duration::from_secs(3600)).await;
///         Ok(1)
///     })?;
///     sleeper.await // never returns: the failure cancels the body too
/// }))
/// .unwrap_err(); // and it did not wait an hour
/// assert_eq!(eg.exceptions, [AsyncioError::ValueError("boom".into())]);
/// ```
pub async fn task_group<R, B, Fut>(body: B) -> Result<R, ExceptionGroup>
where
    B: FnOnce(TaskGroup) -> Fut,
    Fut: Future<Output = Result<R, AsyncioError>>,
{
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            phase: Phase::Open,
            next_id: 0,
            spawned: Vec::new(),
            ready: HashSet::from([BODY]),
            cancels: HashMap::new(),
            waker: None,
        }),
    });
    let tg = TaskGroup {
        shared: Arc::clone(&shared),
    };
    scope::Scope::new(shared, Box::pin(body(tg))).await
}
