//! `contextvars`: a [`ContextVar`] set in a task is seen by the tasks it creates afterwards
//! and by [`to_thread`], each of which works on its own copy (Python's `copy_context()` at
//! `create_task`), so what a child sets is never seen by its parent or its siblings.
//!
//! ```text
//! cvar = ContextVar('cvar')                  static CVAR: ContextVar<&str> = ContextVar::new("cvar");
//! token = cvar.set('yes')                    let token = CVAR.set("yes");
//! await asyncio.to_thread(cvar.get)          asyncio::to_thread(|| CVAR.get()).await  // Some("yes")
//! cvar.reset(token)                          CVAR.reset(token)?;
//! asyncio.create_task(coro, context=ctx)     asyncio::create_task_with_context(name, ctx, fut)
//! ```
//!
//! Where a context lives: tasks started by this crate (`create_task`, `gather`,
//! `as_completed`, a `TaskGroup`'s children, `to_thread`, and `run`'s main) each carry theirs
//! in a `tokio::task_local!`, swapped in for each poll; code outside them (the future given to
//! `block_on`, a bare `tokio::spawn`) uses its thread's context, as Python code outside a task
//! uses the thread's. Run a future in a given context with `ctx.run(fut)`, a function with
//! `ctx.run_sync(f)`. Unlike tokio's own `task_local!`, which a spawned task does not inherit,
//! the copy is made for you at each of those spawns.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use crate::AsyncioError;

mod token;

pub use token::Token;

/// One variable's value, as the context holds it.
type Value = Arc<dyn Any + Send + Sync>;
/// The values of every variable set in one context: shared by a copy until one of them writes.
type Vars = Arc<HashMap<usize, Value>>;

/// A context (Python's `contextvars.Context`): the values of every variable set in it.
///
/// A `Context` is a handle, as a Python name is a reference: `clone()` gives another handle to
/// the same context, so a value set while it runs is seen through every handle (`ctx.get(var)`
/// after `ctx.run(...)`, as in Python). [`Context::copy`] (Python's `ctx.copy()`, and
/// [`copy_context`]) makes a new context with the same values, cheaply: the values are shared
/// until one side sets a variable.
///
/// A difference from Python: a context may be entered while it is entered (a `run_sync`
/// inside its own `run_sync`, two tasks given one context running at once on `multi_thread`);
/// Python's `ctx.run` raises `RuntimeError` ("is already entered"). Both see and set the same
/// values.
#[derive(Clone, Default)]
pub struct Context(Arc<Mutex<Vars>>);

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("vars", &self.len())
            .finish()
    }
}

tokio::task_local! {
    static TASK: Context;
}

thread_local! {
    static THREAD: Context = Context::default();
}

/// Runs `f` on the current context: the task's, else the thread's.
fn with_current<R>(f: impl FnOnce(&Context) -> R) -> R {
    if TASK.try_with(|_| ()).is_ok() {
        TASK.with(f)
    } else {
        THREAD.with(f)
    }
}

/// `contextvars.copy_context()`: a copy of the current context.
pub fn copy_context() -> Context {
    with_current(Context::copy)
}

impl Context {
    /// `ctx.copy()`: a new context holding the same values; what is set in one is not seen
    /// in the other.
    pub fn copy(&self) -> Context {
        Context(Arc::new(Mutex::new(Arc::clone(&self.vars()))))
    }

    /// The values; a panic while they were held cannot leave them half-written (each write is
    /// one `insert` or `remove`), so a poisoned lock is taken as it is.
    fn vars(&self) -> MutexGuard<'_, Vars> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether `self` and `other` are handles to one context (Python's `is`).
    pub fn is(&self, other: &Context) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// `ctx.get(var)`: the variable's value in this context, `None` if it is not set here.
    pub fn get<T: Clone + Send + Sync + 'static>(&self, var: &ContextVar<T>) -> Option<T> {
        self.vars().get(&var.id())?.downcast_ref::<T>().cloned()
    }

    /// `var in ctx`: whether the variable is set in this context.
    pub fn contains<T: Clone + Send + Sync + 'static>(&self, var: &ContextVar<T>) -> bool {
        self.vars().contains_key(&var.id())
    }

    /// `len(ctx)`: how many variables are set in this context.
    pub fn len(&self) -> usize {
        self.vars().len()
    }

    /// `len(ctx) == 0`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `ctx.run(...)` for a future: `fut` runs in this context (its sets stay in it, seen by
    /// every handle to it).
    pub fn run<F: Future>(self, fut: F) -> impl Future<Output = F::Output> {
        TASK.scope(self, fut)
    }

    /// `ctx.run(f)` for a plain function, on this thread (what `to_thread` does on its
    /// thread, and what works inside a task too): the current context is this one while `f`
    /// runs, then what it was.
    pub fn run_sync<R>(self, f: impl FnOnce() -> R) -> R {
        TASK.sync_scope(self, f)
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

/// Like Python's repr, without the address: `<ContextVar name='a'>`.
impl<T> std::fmt::Debug for ContextVar<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<ContextVar name='{}'>", self.name)
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

    pub(crate) fn id(&self) -> usize {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        *self.id.get_or_init(|| NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// `var.get(None)`: the value in the current context, `None` if it was never set there.
    pub fn get(&self) -> Option<T> {
        with_current(|c| c.get(self))
    }

    /// `var.set(value)`, in the current context only: tasks created before do not see it.
    /// Returns the [`Token`] that [`ContextVar::reset`] takes to put back what was there.
    pub fn set(&self, value: T) -> Token<'_, T> {
        let id = self.id();
        with_current(|c| {
            let old = Arc::make_mut(&mut *c.vars()).insert(id, Arc::new(value));
            Token::new(self, c.clone(), old)
        })
    }

    /// `var.reset(token)`: the variable gets back the value it had before the `set` that
    /// made `token` (unset, if it had none), in the current context.
    ///
    /// `ValueError`, as in Python, when `token` was made by another variable ("created by a
    /// different ContextVar") or in another context ("created in a different Context"); the
    /// variable is then left as it is. Python's second `reset` of one token (`RuntimeError`:
    /// "has already been used") does not compile: `reset` takes the token by value.
    ///
    /// ```compile_fail,E0382
    /// static V: asyncio::ContextVar<u32> = asyncio::ContextVar::new("v");
    /// let token = V.set(1);
    /// V.reset(token).unwrap();
    /// V.reset(token).unwrap(); // error[E0382]: use of moved value: `token`
    /// ```
    pub fn reset(&self, token: Token<'_, T>) -> Result<(), AsyncioError> {
        if !std::ptr::eq(token.var(), self) {
            return Err(AsyncioError::ValueError(format!(
                "{token:?} was created by a different ContextVar"
            )));
        }
        let id = self.id();
        with_current(|c| {
            if !c.is(token.context()) {
                return Err(AsyncioError::ValueError(format!(
                    "{token:?} was created in a different Context"
                )));
            }
            let mut vars = c.vars();
            let vars = Arc::make_mut(&mut *vars);
            match token.into_old() {
                Some(old) => vars.insert(id, old),
                None => vars.remove(&id),
            };
            Ok(())
        })
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
