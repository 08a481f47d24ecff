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
//! The order (start, live children, child name, stdout, stderr) is always the same, so two
//! threads starting processes at once cannot deadlock each other.

use std::io::{StderrLock, StdoutLock, Write};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::{child, live};

/// One `start` at a time, fork or spawn. Besides ordering the locks below, it keeps a forked
/// child from inheriting the pipe `std::process::Command::spawn` opens to hear about a failed
/// `exec` (close-on-exec, but a forked child does not exec): the spawning thread would read
/// that pipe until the forked child ends.
static START: Mutex<()> = Mutex::new(());

/// Every lock a child may need, held by the forking thread from just before `fork` until
/// just after, in the parent and in the child alike.
pub(crate) struct Held {
    live: MutexGuard<'static, Vec<(i32, String)>>,
    name: MutexGuard<'static, Option<String>>,
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
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.flush();
    Held {
        live,
        name,
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
