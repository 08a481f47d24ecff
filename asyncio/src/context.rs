//! `contextvars`: a [`ContextVar`] set in a task is seen by the tasks it creates afterwards
//! and by [`to_thread`], each of which works on its own copy (Python's `copy_context()` at
//! `create_task`), so what a child sets is never seen by its parent or its siblings.
//!
//! ```text
//! cvar = ContextVar('cvar')                  static CVAR: ContextVar<&str> = ContextVar::new("cvar");
//! cvar.set('yes')                            CVAR.set("yes");
//! await asyncio.to_thread(cvar.get)          asyncio::to_thread(|| CVAR.get()).await  // Some("yes")
//! ```
//!
//! Where a context lives: tasks started by this crate (`create_task`, `gather`, a
//! `TaskGroup`'s children, `to_thread`, and `run`'s main) each carry theirs in a `tokio::task_local!`, swapped in
//! for each poll; code outside them (the future given to `block_on`, a bare `tokio::spawn`)
//! uses its thread's context, as Python code outside a task uses the thread's. Run a future in
//! a fresh context with `Context::default().run(fut)`. Unlike tokio's own `task_local!`, which
//! a spawned task does not inherit, the copy is made for you at each of those spawns.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::AsyncioError;

/// The values of every variable set in one context; copied (cheaply: shared until written)
/// when a task is created.
#[derive(Clone, Default)]
pub struct Context(Arc<HashMap<usize, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("vars", &self.0.len())
            .finish()
    }
}

tokio::task_local! {
    static TASK: RefCell<Context>;
}

thread_local! {
    static THREAD: RefCell<Context> = RefCell::default();
}

/// Runs `f` on the current context: the task's, else the thread's.
fn with_current<R>(f: impl FnOnce(&RefCell<Context>) -> R) -> R {
    if TASK.try_with(|_| ()).is_ok() {
        TASK.with(f)
    } else {
        THREAD.with(f)
    }
}

/// `contextvars.copy_context()`: a copy of the current context.
pub fn copy_context() -> Context {
    with_current(|c| c.borrow().clone())
}

impl Context {
    /// `ctx.run(...)` for a future: `fut` runs in this context (its sets stay in it).
    pub fn run<F: Future>(self, fut: F) -> impl Future<Output = F::Output> {
        TASK.scope(RefCell::new(self), fut)
    }

    /// `ctx.run(f)` for a plain function, on this thread (what `to_thread` does on its
    /// thread): the thread's context is this one while `f` runs, then what it was.
    pub fn run_sync<R>(self, f: impl FnOnce() -> R) -> R {
        let before = THREAD.with(|c| c.replace(self));
        struct Restore(Option<Context>);
        impl Drop for Restore {
            fn drop(&mut self) {
                if let Some(before) = self.0.take() {
                    THREAD.with(|c| c.replace(before));
                }
            }
        }
        let _restore = Restore(Some(before));
        f()
    }
}

/// `contextvars.ContextVar(name)`: a variable whose value depends on the context (the task)
/// reading it. Declare it as a `static`.
///
/// ```
/// use asyncio::{ContextVar, create_task};
/// static REQUEST: ContextVar<u32> = ContextVar::new("request");
/// let rt = asyncio::runtime::current_thread().unwrap();
/// rt.block_on(asyncio::Context::default().run(async {
///     REQUEST.set(7);
///     let child = create_task("child", async { Ok(REQUEST.get()) }); // a copy: sees 7
///     REQUEST.set(8); // after the copy: the child does not see it
///     assert_eq!(child.await, Ok(Some(7)));
///     assert_eq!(REQUEST.get(), Some(8));
/// }));
/// ```
pub struct ContextVar<T> {
    name: &'static str,
    id: OnceLock<usize>,
    _value: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ContextVar<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextVar")
            .field("name", &self.name)
            .finish()
    }
}

impl<T: Clone + Send + Sync + 'static> ContextVar<T> {
    /// A variable named `name` (`ContextVar(name)`), unset in every context.
    pub const fn new(name: &'static str) -> Self {
        ContextVar {
            name,
            id: OnceLock::new(),
            _value: PhantomData,
        }
    }

    /// The variable's name (`var.name`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    fn id(&self) -> usize {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        *self.id.get_or_init(|| NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// `var.get(None)`: the value in the current context, `None` if it was never set there.
    pub fn get(&self) -> Option<T> {
        let id = self.id();
        with_current(|c| c.borrow().0.get(&id)?.downcast_ref::<T>().cloned())
    }

    /// `var.set(value)`, in the current context only: tasks created before do not see it.
    pub fn set(&self, value: T) {
        let id = self.id();
        with_current(|c| {
            let mut c = c.borrow_mut();
            Arc::make_mut(&mut c.0).insert(id, Arc::new(value));
        });
    }
}

/// `await asyncio.to_thread(f)`: `f` runs on tokio's blocking pool (`spawn_blocking`) in a
/// copy of the caller's context, so it sees the caller's context variables (a bare
/// `spawn_blocking` does not). A panic in `f` is `Panicked("to_thread")`.
pub async fn to_thread<R, F>(f: F) -> Result<R, AsyncioError>
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    let ctx = copy_context();
    tokio::task::spawn_blocking(move || ctx.run_sync(f))
        .await
        .map_err(|e| AsyncioError::from_join("to_thread", e))
}
