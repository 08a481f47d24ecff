//! asyncio's exceptions as one Rust error type, with Python's names.
//!
//! Python raises; Rust returns. Every fallible item of this crate returns one of these, so a
//! `match` on the error reads like an `except` clause (`Err(AsyncioError::QueueEmpty) => ...`
//! is `except asyncio.QueueEmpty:`).

use std::time::Duration;

/// What an awaited task can end with instead of a value, named after Python's exceptions.
///
/// ```
/// use asyncio::AsyncioError;
/// let e = AsyncioError::ValueError("bad input 2".into());
/// assert_eq!(e.to_string(), "ValueError: bad input 2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AsyncioError {
    /// `TimeoutError`: `wait_for` or `as_completed` gave up after this long.
    #[error("TimeoutError: nothing after {0:?}")]
    TimeoutError(Duration),
    /// `asyncio.CancelledError`: the task was cancelled (in tokio: aborted, its future
    /// dropped), with the message given to `cancel(msg)` if any (Python's `exc.args`).
    #[error("CancelledError: task {task} was cancelled{}", .msg.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    CancelledError {
        /// The task's name.
        task: String,
        /// `task.cancel(msg)`'s message ([`crate::TaskHandle::cancel_with`]); `None` for a bare
        /// `cancel()`.
        msg: Option<String>,
    },
    /// `ValueError`: a task's own code failed (the demos' stand-in for any exception), or
    /// `task_done()` was called more times than there were items.
    #[error("ValueError: {0}")]
    ValueError(String),
    /// `RuntimeError`: the item was used where Python forbids it (`asyncio.run` inside a
    /// running loop, `create_task` on a finished `TaskGroup`).
    #[error("RuntimeError: {0}")]
    RuntimeError(String),
    /// `InvalidStateError`: a task's result was asked for before it was done.
    #[error("InvalidStateError: {0}")]
    InvalidStateError(String),
    /// The task panicked (in Python: any uncaught exception).
    #[error("task {0} panicked")]
    Panicked(String),
    /// `asyncio.QueueFull`: `put_nowait` on a full queue.
    #[error("QueueFull")]
    QueueFull,
    /// `asyncio.QueueEmpty`: `get_nowait` on an empty queue.
    #[error("QueueEmpty")]
    QueueEmpty,
    /// `asyncio.QueueShutDown` (3.13): a put after `shutdown()`, or a get once the shut-down
    /// queue is empty.
    #[error("QueueShutDown")]
    QueueShutDown,
    /// `ExceptionGroup`: every failure of a [`crate::task_group()`], not only the first.
    #[error(transparent)]
    ExceptionGroup(#[from] ExceptionGroup),
}

/// Python's `ExceptionGroup(message, exceptions)`: several errors raised together.
///
/// ```
/// use asyncio::{AsyncioError, ExceptionGroup};
/// let eg = ExceptionGroup::new(vec![
///     AsyncioError::ValueError("a".into()),
///     AsyncioError::ValueError("b".into()),
/// ]);
/// assert_eq!(eg.to_string(), "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ExceptionGroup: {message} ({} sub-exception{})", exceptions.len(), if exceptions.len() == 1 { "" } else { "s" })]
pub struct ExceptionGroup {
    /// The group's message (Python's `eg.message`).
    pub message: String,
    /// Every error, in the order they happened (Python's `eg.exceptions`).
    pub exceptions: Vec<AsyncioError>,
}

impl ExceptionGroup {
    /// A group with TaskGroup's message, "unhandled errors in a TaskGroup".
    pub fn new(exceptions: Vec<AsyncioError>) -> Self {
        ExceptionGroup {
            message: "unhandled errors in a TaskGroup".into(),
            exceptions,
        }
    }
}

impl AsyncioError {
    /// Turns a [`tokio::task::JoinError`] of task `name` into the matching Python exception.
    pub fn from_join(name: &str, e: tokio::task::JoinError) -> Self {
        if e.is_cancelled() {
            AsyncioError::cancelled(name)
        } else {
            AsyncioError::Panicked(name.to_owned())
        }
    }

    /// True for `CancelledError`, which Python does not count as a task's failure.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, AsyncioError::CancelledError { .. })
    }

    /// `CancelledError` of task `name`, without a message (a bare `task.cancel()`).
    pub fn cancelled(name: impl Into<String>) -> Self {
        AsyncioError::CancelledError {
            task: name.into(),
            msg: None,
        }
    }
}
