//! What a child does between `fork` and its exit: the part Python hides in `Popen._launch`.

use std::io::Write;
use std::os::fd::AsFd;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

use nix::sys::signal::{SigHandler, SigSet, SigmaskHow, Signal, pthread_sigmask, signal};
use nix::unistd::{Pid, getppid};

/// The signals a demo's parent handles itself (see `live.rs`). They are blocked around
/// `fork` so that none lands in the child before it has put back the default actions.
pub(crate) fn handled_signals() -> SigSet {
    let mut set = SigSet::empty();
    set.add(Signal::SIGINT);
    set.add(Signal::SIGTERM);
    set
}

/// Blocks the handled signals in this thread; returns the mask to restore.
pub(crate) fn block_handled() -> SigSet {
    let mut old = SigSet::empty();
    let _ = pthread_sigmask(
        SigmaskHow::SIG_BLOCK,
        Some(&handled_signals()),
        Some(&mut old),
    );
    old
}

/// Restores a mask saved by [`block_handled`].
pub(crate) fn restore_mask(old: &SigSet) {
    let _ = pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(old), None);
}

/// Asks the kernel to SIGKILL this process when its parent dies, so no child outlives the
/// demo even if the parent is killed with SIGKILL. Returns false if the parent is already gone.
///
/// Note: "parent" is the *thread* that forked; fork from a thread that outlives the child.
pub(crate) fn die_with_parent(parent: Pid) -> bool {
    // Safety: prctl(PR_SET_PDEATHSIG) only sets a flag on this process; it is async-signal-safe.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    getppid() == parent
}

/// Writes `text` (at most `PIPE_BUF` bytes of it) to fd 2 with one system call, without
/// taking Rust's stderr lock, and never blocks for long nor fails: stderr may be `/dev/full`,
/// a closed pipe, or a pipe nobody reads any more, and what calls this (a signal's thread, a
/// panic hook) must go on to exit whatever happens to the message.
pub(crate) fn write_stderr(text: &str) {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let stderr = std::io::stderr();
    // A pipe reports "writable" only with PIPE_BUF bytes free, so the write below cannot block.
    let mut fds = [PollFd::new(stderr.as_fd(), PollFlags::POLLOUT)];
    if !matches!(poll(&mut fds, PollTimeout::from(100u8)), Ok(1)) {
        return;
    }
    let mut end = text.len().min(libc::PIPE_BUF);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let _ = nix::unistd::write(stderr.as_fd(), &text.as_bytes()[..end]);
}

/// The panic message of a caught panic's payload.
pub(crate) use interleaving::panic_message;

/// The name of this process, if it is a forked child (for its panic message).
pub(crate) static CHILD_NAME: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Installs, once, in the parent, a panic hook that prints `Process NAME:` in a forked child
/// and defers to the previous hook everywhere else. Installing it before `fork` keeps the
/// child's work small: it only stores its name (a fork costs what its child touches).
pub(crate) fn install_child_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.load(Ordering::Relaxed) {
                return;
            }
            let name = CHILD_NAME.try_lock().ok().and_then(|n| n.clone());
            match name {
                Some(name) => write_stderr(&format!("Process {name}:\n{info}\n")),
                None => previous(info),
            }
        }));
    });
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences panic messages in this (forked) process: a pool worker reports a panic to the
/// parent, which returns it as an error. A flag, not `set_hook`: the hook's lock may have been
/// held by another thread of the parent at the fork.
pub(crate) fn quiet_panics() {
    QUIET.store(true, Ordering::Relaxed);
}

/// Python's `current_process().name`: this child's name, or `MainProcess` in the parent.
pub fn current_process_name() -> String {
    CHILD_NAME
        .lock()
        .ok()
        .and_then(|n| n.clone())
        .unwrap_or_else(|| "MainProcess".to_owned())
}

/// Makes a panic in this process print like Python's traceback header, `Process NAME:`.
pub(crate) fn set_panic_hook(name: String) {
    if let Ok(mut n) = CHILD_NAME.lock() {
        *n = Some(name.clone());
    }
    std::panic::set_hook(Box::new(move |info| {
        write_stderr(&format!("Process {name}:\n{info}\n"));
    }));
}

/// Runs `task` as the body of a child process and returns its exit code: 0 if it returned,
/// 1 if it panicked (like Python's exit code 1 after an uncaught exception).
pub(crate) fn run_task(task: impl FnOnce()) -> i32 {
    let code = match catch_unwind(AssertUnwindSafe(task)) {
        Ok(()) => 0,
        Err(_) => 1,
    };
    // Python flushes sys.stdout and sys.stderr before the child exits; so do we.
    let _ = std::io::stdout().flush();
    code
}

/// Whether this process is a daemon child (Python's `current_process().daemon`): set in the
/// child before its target runs; a process created here is a daemon too unless told otherwise.
static DAEMON: AtomicBool = AtomicBool::new(false);

/// Python's `current_process().daemon`.
pub fn current_process_is_daemon() -> bool {
    DAEMON.load(Ordering::Relaxed)
}

/// Marks this process as a daemon child (forked or spawned).
pub(crate) fn set_daemon() {
    DAEMON.store(true, Ordering::Relaxed);
}

/// The forked child's whole life: never returns.
///
/// `old_mask` is `Some` when the parent has its own SIGINT/SIGTERM handler (and blocked them
/// around `fork`): the child then puts back the default actions before unblocking them.
pub(crate) fn run_forked(
    parent: Pid,
    daemon: bool,
    old_mask: Option<SigSet>,
    task: Box<dyn FnOnce()>,
) -> ! {
    if let Some(old_mask) = old_mask {
        for sig in [Signal::SIGINT, Signal::SIGTERM] {
            // Safety: setting a signal to its default action installs no Rust code as a
            // handler. The parent's handler (signal-hook's) would only write to a pipe that
            // nobody in this process reads, so Ctrl-C would not stop the child: the default
            // action does.
            unsafe {
                let _ = signal(sig, SigHandler::SigDfl);
            }
        }
        restore_mask(&old_mask);
    }
    if daemon {
        set_daemon();
    }
    let code = if die_with_parent(parent) {
        run_task(task)
    } else {
        1
    };
    // Safety: _exit ends the process at once, without running atexit handlers or the
    // destructors of anything the parent owned (they belong to the parent, not to us).
    unsafe { libc::_exit(code) }
}
