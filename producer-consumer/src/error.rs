//! The errors of Python's `queue` module, as types: `queue.Full`, `queue.Empty`,
//! `queue.ShutDown` (3.13) and the `ValueError` of a `task_done()` too many.
//!
//! Where Python raises and the item is lost with the exception, Rust hands the item back
//! inside the error (`err.into_inner()`), like `std::sync::mpsc::SendError`.

use std::fmt;

/// Why a non-blocking or timed `put` failed. The item comes back with the error.
#[derive(PartialEq, Eq)]
pub enum PutError<T> {
    /// Python's `queue.Full`: the bounded queue stayed full (now, or until the timeout).
    Full(T),
    /// Python's `queue.ShutDown`: the queue was shut down, it takes nothing more.
    ShutDown(T),
}

impl<T> PutError<T> {
    /// The item that was not put.
    pub fn into_inner(self) -> T {
        match self {
            PutError::Full(t) | PutError::ShutDown(t) => t,
        }
    }
}

// Written by hand so that the error is Debug (and so an `Error`) whatever the item is.
impl<T> fmt::Debug for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PutError::Full(_) => f.write_str("Full(..)"),
            PutError::ShutDown(_) => f.write_str("ShutDown(..)"),
        }
    }
}

impl<T> fmt::Display for PutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PutError::Full(_) => f.write_str("queue.Full: the queue is full"),
            PutError::ShutDown(_) => f.write_str("queue.ShutDown: the queue is shut down"),
        }
    }
}

impl<T> std::error::Error for PutError<T> {}

/// Python's `queue.ShutDown` from a blocking call: `put` gives its item back in it; `get`
/// carries `()` (the queue is shut down and has nothing left).
#[derive(PartialEq, Eq)]
pub struct ShutDown<T = ()>(pub T);

impl<T> fmt::Debug for ShutDown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShutDown(..)")
    }
}

impl<T> fmt::Display for ShutDown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("queue.ShutDown: the queue is shut down")
    }
}

impl<T> std::error::Error for ShutDown<T> {}

/// Why a non-blocking or timed `get` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GetError {
    /// Python's `queue.Empty`: nothing came (now, or until the timeout).
    #[error("queue.Empty: the queue is empty")]
    Empty,
    /// Python's `queue.ShutDown`: the queue was shut down and is drained.
    #[error("queue.ShutDown: the queue is shut down and empty")]
    ShutDown,
}

/// Python's `ValueError('task_done() called too many times')`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ValueError: task_done() called too many times")]
pub struct TaskDoneError;
