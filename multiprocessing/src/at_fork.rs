//! The locks a forked child may need, taken by the parent around `fork`: CPython's
//! `os.register_at_fork` handlers, for this crate's own locks.
//!
//! `fork` copies memory, locks included, but only the thread that called it. A lock that
//! another thread of the parent held at that instant is held in the child by a thread that
//! does not exist there: the child's first attempt to take it waits forever. Python 3.12 warns
//! ("This process is multi-threaded, use of fork() may lead to deadlocks in the child") for
//! exactly this reason. The cure CPython uses for its own locks (the import lock, logging's,
//! each `threading` lock it knows of) is the one here: the forking thread takes every such
//! lock first, so no other thread is inside one at the fork, and both processes release them
//! after. Each lock is uncontended nearly always, so this costs tens of nanoseconds against
//! a fork's tens of microseconds.
//!
//! Measured (see `benches/start_join.rs`): a `Process` start+join costs 1.15x a raw
//! fork+waitpid in CPU, and none of that is the locks: it is page faults, the child mapping
//! the code it runs (`fork` copies no page-table entries for code) and copying the pages
//! either side writes after the fork. The largest single item is the stdout flush before
//! the child exits (Python's), a third of the gap, and it stays.
//!
//! Every lock of this crate is here: the start lock, the live children, the child's name, the
//! spawn executable (`set_executable`), the default start method (`set_start_method`), and
//! the once-only check of whether this is a spawned child; then std's stdout and stderr.
//! The order (in that list's order) is always the same, and code elsewhere takes at most one
//! of them or takes them in this order, so two threads cannot deadlock each other.
//!
//! Locks inside std other than stdout's and stderr's (the environment's, which `set_var` and
//! `Command::spawn` take; the panic hook's, which `set_hook` takes) cannot be taken from
//! outside: a child forked while another thread is inside one of those can still hang there.

use std::io::{StderrLock, StdoutLock, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::process::StartMethod;
use crate::{child, context, live, spawn};

/// One `start` at a time, fork or spawn. Besides ordering the locks below, it keeps a forked
/// child from inheriting the pipe `std::process::Command::spawn` opens to hear about a failed
/// `exec` (close-on-exec, but a forked child does not exec): the spawning thread would read
/// that pipe until the forked child ends.
static START: Mutex<()> = Mutex::new(());

/// Every lock a child may need, held by the forking thread from just before `fork` until
/// just after, in the parent and in the child alike.
pub(crate) struct Held {
    live: MutexGuard<'static, Vec<live::Live>>,
    name: MutexGuard<'static, Option<String>>,
    _executable: MutexGuard<'static, Option<PathBuf>>,
    _default: MutexGuard<'static, Option<StartMethod>>,
    // Rust's stdout and stderr locks are re-entrant, so the forking thread (the child's only
    // thread) can still print while holding them; dropping them in the child releases them.
    _stdout: StdoutLock<'static>,
    _stderr: StderrLock<'static>,
    _start: MutexGuard<'static, ()>,
}

/// Takes the locks (waiting for any other thread to let go of them) and flushes stdout, so
/// the child does not inherit unwritten text and print it a second time.
pub(crate) fn prepare() -> Held {
    let start = START.lock().unwrap_or_else(PoisonError::into_inner);
    let live = live::LIVE.lock().unwrap_or_else(PoisonError::into_inner);
    let name = child::CHILD_NAME
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let executable = spawn::EXECUTABLE
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let default = context::DEFAULT
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    // A `OnceLock` is a lock while it is being filled: fill it here, before the fork (waiting
    // for a thread that is filling it), so a child never finds it half-done.
    let _ = spawn::bootstrapping();
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.flush();
    Held {
        live,
        name,
        _executable: executable,
        _default: default,
        _stdout: stdout,
        _stderr: std::io::stderr().lock(),
        _start: start,
    }
}

/// Like [`prepare`], for `spawn`: only the start lock (the child runs a fresh program).
pub(crate) fn prepare_spawn() -> MutexGuard<'static, ()> {
    START.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Held {
    /// In the parent after `fork`: release everything.
    pub(crate) fn parent(self) {}

    /// In the child after `fork`: the child has no children yet (Python resets its
    /// `_children` too) and it is the process called `name`; then release everything.
    pub(crate) fn child(mut self, name: String) {
        self.live.clear();
        *self.name = Some(name);
    }
}
