//! The errors of this crate, named after the Python exceptions they stand for.

/// [`Process::daemon`](crate::Process::daemon) refused: the error, and the process handed
/// back. Python's setter raises and the process object lives on; a builder that took the
/// process by value must give it back, or dropping it would wait for the child to end.
pub struct Refused {
    /// Why (`process has already started`, `process object is closed`).
    pub error: ProcessError,
    /// The process, as it was.
    pub process: crate::Process,
}

impl std::fmt::Debug for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refused")
            .field("error", &self.error)
            .field("process", &self.process)
            .finish()
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for Refused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

/// What can go wrong with a [`Process`](crate::Process): Python raises `AssertionError` or
/// `ValueError` for misuse and `OSError` when the system refuses; Rust returns these.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// `start()` called a second time (Python: `AssertionError: cannot start a process twice`).
    #[error("cannot start a process twice")]
    StartedTwice,
    /// `join`, `terminate`... before `start` (Python: `AssertionError: can only join a
    /// started process`).
    #[error("can only {0} a started process")]
    NotStarted(&'static str),
    /// `sentinel` before `start` (Python: `ValueError: process not started`).
    #[error("process not started")]
    ProcessNotStarted,
    /// `set_daemon` after `start` (Python: `AssertionError: process has already started`).
    #[error("process has already started")]
    AlreadyStarted,
    /// A daemon process tried to start a child (Python: `AssertionError: daemonic processes
    /// are not allowed to have children`).
    #[error("daemonic processes are not allowed to have children")]
    DaemonicChildren,
    /// `close()` while the child runs (Python's `ValueError`, same words).
    #[error(
        "Cannot close a process while it is still running. You should first call join() or terminate()."
    )]
    StillRunning,
    /// Any use after `close()` (Python: `ValueError: process object is closed`).
    #[error("process object is closed")]
    Closed,
    /// A spawned child started a process before `main` called `dispatch` (Python's
    /// `RuntimeError` when a child re-imports a `__main__` without `if __name__ == '__main__'`).
    #[error(
        "An attempt has been made to start a new process before the current process has finished its bootstrapping phase. Call multiprocessing::dispatch(REGISTRY) first thing in main."
    )]
    Bootstrapping,
    /// `set_start_method` a second time without `force` (Python: `RuntimeError: context has
    /// already been set`).
    #[error("context has already been set")]
    ContextAlreadySet,
    /// `get_context("x")` for a method that does not exist (Python's `ValueError`).
    #[error("cannot find context for {0:?}")]
    UnknownContext(String),
    /// The operating system refused (Python's `OSError`).
    #[error("{what} failed: {source}")]
    Os {
        /// What we were doing: `fork`, `waitpid`, `kill`...
        what: &'static str,
        /// The errno.
        source: nix::errno::Errno,
    },
    /// Re-executing this binary for `Spawn` failed.
    #[error("cannot spawn {exe}: {source}")]
    Exec {
        /// The executable we tried to run.
        exe: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The arguments of a `Spawn` task could not be serialized (Python: `PicklingError`).
    #[error("cannot serialize the arguments of task '{task}': {source}")]
    Pickling {
        /// The task's registered name.
        task: String,
        /// What serde said.
        source: serde_json::Error,
    },
}

impl ProcessError {
    pub(crate) fn os(what: &'static str, source: nix::errno::Errno) -> Self {
        ProcessError::Os { what, source }
    }
}

/// What can go wrong with a [`pipe`](crate::pipe) or a [`Queue`](crate::Queue).
#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    /// Every writing end is closed and nothing is left to read (Python's `EOFError`).
    #[error("EOFError: every writing end of the pipe is closed")]
    Eof,
    /// Reading or writing failed (a closed reader gives `BrokenPipeError`).
    #[error("pipe I/O failed: {0}")]
    Io(#[from] std::io::Error),
    /// A message could not be (de)serialized (Python's `PicklingError` / `UnpicklingError`).
    #[error("cannot (de)serialize a message: {0}")]
    Pickling(#[from] serde_json::Error),
    /// A `Queue` message larger than `PIPE_BUF` could tear between several producers.
    #[error("a Queue message must fit in PIPE_BUF ({max} bytes) to stay whole; this one is {len}")]
    TooBig {
        /// The framed message's size.
        len: usize,
        /// `PIPE_BUF`.
        max: usize,
    },
    /// Creating the pipe failed.
    #[error("pipe failed: {0}")]
    Os(#[from] nix::errno::Errno),
}

/// What can go wrong with a [`Pool`](crate::Pool).
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// `Pool::new(0)` (Python: `ValueError: Number of processes must be at least 1`).
    #[error("ValueError: Number of processes must be at least 1")]
    NoWorkers,
    /// The task panicked in a worker; the worker carries on with other items.
    #[error("task for item {item} panicked in a worker: {message}")]
    TaskPanicked {
        /// The item's position in the input.
        item: usize,
        /// The panic message.
        message: String,
    },
    /// A worker process died (killed, or `exit` in the task) while working on an item.
    #[error("worker {worker} died (exitcode {exitcode:?}) while working on item {item}")]
    WorkerDied {
        /// The worker's name.
        worker: String,
        /// Its exit code, if it could be read.
        exitcode: Option<i32>,
        /// The item it was working on.
        item: usize,
    },
    /// An item could not be serialized to go to a worker, or its result to come back
    /// (Python re-raises the `PicklingError` from `map`).
    #[error("item {item} could not cross to or from a worker: {message}")]
    Pickling {
        /// The item's position in the input.
        item: usize,
        /// What serde said.
        message: String,
    },
    /// The item ran past the pool's [`task_timeout`](crate::Pool::task_timeout); its worker
    /// was killed and replaced.
    #[error("item {item} timed out after {after:?}; its worker was killed")]
    TaskTimedOut {
        /// The item's position in the input.
        item: usize,
        /// The limit.
        after: std::time::Duration,
    },
    /// [`AsyncResult::get`](crate::AsyncResult::get) ran out of time (Python's
    /// `multiprocessing.TimeoutError`); the work goes on and `get` can be called again.
    #[error("TimeoutError")]
    Timeout,
    /// `get` after the result was already taken by an earlier `get` (Rust moves it out).
    #[error("the result was already taken by an earlier get()")]
    AlreadyTaken,
    /// Starting a worker failed.
    #[error(transparent)]
    Process(#[from] ProcessError),
    /// Talking to a worker failed.
    #[error(transparent)]
    Pipe(#[from] PipeError),
}
