//! asyncio's exceptions as one Rust error type, with Python's names.

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
    /// `asyncio.TimeoutError`: `wait_for` (`tokio::time::timeout`) gave up.
    #[error("TimeoutError: nothing after {0:?}")]
    TimeoutError(Duration),
    /// `asyncio.CancelledError`: the task was cancelled (in tokio: aborted, its future dropped).
    #[error("CancelledError: task {0} was cancelled")]
    CancelledError(String),
    /// `ValueError`: the demos' stand-in for "the task's own code failed".
    #[error("ValueError: {0}")]
    ValueError(String),
    /// The task panicked (in Python: any uncaught exception).
    #[error("task {0} panicked")]
    Panicked(String),
}

impl AsyncioError {
    /// Turns a [`tokio::task::JoinError`] of task `name` into the matching Python exception.
    pub fn from_join(name: &str, e: tokio::task::JoinError) -> Self {
        if e.is_cancelled() {
            AsyncioError::CancelledError(name.to_owned())
        } else {
            AsyncioError::Panicked(name.to_owned())
        }
    }
}
