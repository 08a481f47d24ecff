//! `asyncio.run(main())`: a fresh runtime, `main` run to its end, the tasks it left behind
//! cancelled, the runtime closed.
//!
//! `Runtime::block_on` alone is not that: tasks still pending when `main` returns stay in the
//! runtime and resume at the next `block_on`. Dropping the runtime is what cancels them: tokio
//! drops every task's future (their `Drop` guards run) and waits for its threads to stop
//! before `drop` returns. The difference, on purpose: Python sends each task `CancelledError`
//! and awaits it, so a task can catch it and, say, await a last write; a dropped Rust future
//! cannot await anything in `Drop`.

use std::future::Future;

use crate::{AsyncioError, Flavour};

/// Runs `main` on a new `current_thread` runtime like `asyncio.run(main())` (see
/// [`run_with`]).
///
/// ```
/// let answer = asyncio::run(async { 6 * 7 }).unwrap();
/// assert_eq!(answer, 42);
/// ```
///
/// `asyncio.run(42)` is a `ValueError` at run time; here it does not build:
///
/// ```compile_fail,E0277
/// asyncio::run(42);
/// ```
pub fn run<F: Future>(main: F) -> Result<F::Output, AsyncioError> {
    run_with(Flavour::Current, main)
}

/// Runs `main` on a new runtime of `flavour`; when it returns, every task it left is cancelled
/// and the runtime closed before this returns. Called inside a running runtime it refuses with
/// Python's `RuntimeError` (tokio's `block_on` would panic there).
///
/// ```
/// let inner = asyncio::run(async { asyncio::run(async {}) }).unwrap();
/// assert_eq!(
///     inner.unwrap_err().to_string(),
///     "RuntimeError: asyncio.run() cannot be called from a running event loop"
/// );
/// ```
pub fn run_with<F: Future>(flavour: Flavour, main: F) -> Result<F::Output, AsyncioError> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(AsyncioError::RuntimeError(
            "asyncio.run() cannot be called from a running event loop".into(),
        ));
    }
    let rt = flavour
        .build()
        .map_err(|e| AsyncioError::RuntimeError(format!("cannot start a runtime: {e}")))?;
    // The main task runs in a copy of the caller's context (contextvars), as Python's main
    // task does: what it sets stays inside the run.
    let out = rt.block_on(crate::copy_context().run(main));
    // Cancels the leftover tasks (drops their futures) and waits for the runtime's threads.
    drop(rt);
    Ok(out)
}
