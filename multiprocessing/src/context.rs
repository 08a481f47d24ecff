//! Start methods and contexts: Python's `get_start_method`, `set_start_method`, `get_context`.
//!
//! Python's `multiprocessing.Process` uses the default context; `get_context("spawn")` gives
//! an object with the same API and another start method. In Rust a closure can only cross a
//! `fork` (a fresh program cannot receive it), so [`Process::new`] is always fork; a context
//! starts a registered [`Task`], which either method can run.

use std::str::FromStr;
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ProcessError;
use crate::process::{Process, StartMethod};
use crate::spawn::{Registered, Task};

pub(crate) static DEFAULT: Mutex<Option<StartMethod>> = Mutex::new(None);

/// Python's `get_start_method()`: the default method, fixed from now on (fork, as on Linux
/// before Python 3.14) unless [`set_start_method`] chose another.
pub fn get_start_method() -> StartMethod {
    let mut d = DEFAULT.lock().unwrap_or_else(|e| e.into_inner());
    *d.get_or_insert(StartMethod::Fork)
}

/// Python's `set_start_method(method, force=False)`: errors if the default was already set
/// or used ("context has already been set"), unless `force`.
///
/// ```
/// use multiprocessing::{StartMethod, get_start_method, set_start_method};
/// set_start_method(StartMethod::Spawn, false).unwrap();
/// assert_eq!(get_start_method(), StartMethod::Spawn);
/// let err = set_start_method(StartMethod::Fork, false).unwrap_err();
/// assert_eq!(err.to_string(), "context has already been set");
/// set_start_method(StartMethod::Fork, true).unwrap();
/// ```
pub fn set_start_method(method: StartMethod, force: bool) -> Result<(), ProcessError> {
    let mut d = DEFAULT.lock().unwrap_or_else(|e| e.into_inner());
    if d.is_some() && !force {
        return Err(ProcessError::ContextAlreadySet);
    }
    *d = Some(method);
    Ok(())
}

/// Python's `context._force_start_method`, which a child's bootstrap calls with the method
/// of the context that started it: a child reports how it was started
/// (`TestStartMethod.test_context`), whatever default it inherited.
pub(crate) fn force_start_method(method: StartMethod) {
    *DEFAULT.lock().unwrap_or_else(|e| e.into_inner()) = Some(method);
}

/// Python's `get_context(method)`: `None` for the default; `"fork"` or `"spawn"`; any other
/// name is Python's `ValueError: cannot find context for 'x'`.
///
/// ```
/// use multiprocessing::{StartMethod, get_context};
/// assert_eq!(get_context(Some("spawn")).unwrap().start_method(), StartMethod::Spawn);
/// let err = get_context(Some("forkserver")).unwrap_err();
/// assert_eq!(err.to_string(), "cannot find context for \"forkserver\"");
/// ```
pub fn get_context(method: Option<&str>) -> Result<Context, ProcessError> {
    let method = match method {
        None => get_start_method(),
        Some(m) => m.parse()?,
    };
    Ok(Context { method })
}

/// A start method to make processes with (Python's `multiprocessing.context.BaseContext`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    method: StartMethod,
}

impl Context {
    /// The context's start method (Python's `ctx.get_start_method()`).
    pub fn start_method(&self) -> StartMethod {
        self.method
    }

    /// Python's `ctx.Process(target=task, args=args, name=name)`: a process that will run the
    /// registered `task` with `args` by this context's method. The arguments are serialized
    /// now, for either method, so both see the same values. In the child,
    /// [`get_start_method`] is this context's method, as in Python.
    pub fn process<A: Serialize + DeserializeOwned + 'static>(
        &self,
        name: impl Into<String>,
        task: &'static Task<A>,
        args: &A,
    ) -> Result<Process, ProcessError> {
        match self.method {
            StartMethod::Spawn => Process::spawn(name, task, args),
            StartMethod::Fork => {
                let json = crate::spawn::pickle(task.name(), args)?;
                Ok(Process::new(name, move || {
                    force_start_method(StartMethod::Fork);
                    if let Err(e) = task.run_json(&json) {
                        panic!(
                            "UnpicklingError: bad arguments for task '{}': {e}",
                            task.name()
                        );
                    }
                }))
            }
        }
    }
}

impl FromStr for StartMethod {
    type Err = ProcessError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fork" => Ok(StartMethod::Fork),
            "spawn" => Ok(StartMethod::Spawn),
            other => Err(ProcessError::UnknownContext(other.to_owned())),
        }
    }
}
