//! Every child this process started and has not reaped yet, so that Ctrl-C can reach them.
//!
//! Python's `multiprocessing` keeps the same list (`multiprocessing.active_children()`, which
//! reaps the children that have ended, as ours does). We also use it for this: when the parent gets SIGINT or SIGTERM (from Ctrl-C, which reaches the
//! whole process group, or from `kill -INT <pid>`, which reaches only the parent), the handler
//! passes the signal on to every child still in flight, reaps them, says who they were, and
//! exits. If the parent dies without a chance to do that (SIGKILL), each child was set up to
//! get SIGKILL too (`PR_SET_PDEATHSIG`, see `child.rs`), so none outlives the demo.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

/// A child in the list: its pid, its name, and where [`active_children`] leaves the exit code
/// of the child if it reaps it, for the child's `Process` to find.
pub(crate) struct Live {
    pid: i32,
    name: String,
    ended: Arc<OnceLock<i32>>,
}

pub(crate) static LIVE: Mutex<Vec<Live>> = Mutex::new(Vec::new());

/// The list. A panic while it was held cannot leave it half-written (each change is one
/// `push` or `retain`), so a poisoned lock is taken as it is.
fn live() -> MutexGuard<'static, Vec<Live>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The exit code of a wait status that says the child has ended: its `exit` status, or
/// `-SIG` when a signal ended it (Python's `exitcode`).
fn ended_code(status: WaitStatus) -> Option<i32> {
    match status {
        WaitStatus::Exited(_, code) => Some(code),
        WaitStatus::Signaled(_, sig, _) => Some(-(sig as i32)),
        _ => None,
    }
}
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Called by a thread whose wait just returned: if the demo is being interrupted, the
/// handler thread is reaping the children and about to exit the process. This thread must
/// not carry on as if its join had succeeded (it would print "Hello World" after children
/// that were killed, not finished), so it waits here for the end.
pub(crate) fn stand_still_if_interrupted() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

static STARTING: AtomicUsize = AtomicUsize::new(0);

/// Marks a child being started: from `fork` until it is in the list of live children, the
/// interrupt handler waits for it rather than miss it.
pub(crate) struct Starting;

impl Starting {
    pub(crate) fn begin() -> Starting {
        // An interrupted demo starts nothing new.
        stand_still_if_interrupted();
        STARTING.fetch_add(1, Ordering::SeqCst);
        Starting
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        STARTING.fetch_sub(1, Ordering::SeqCst);
        stand_still_if_interrupted();
    }
}

static HANDLER_INSTALLED: AtomicBool = AtomicBool::new(false);

/// Whether [`install_interrupt_handler`] ran in this process.
pub(crate) fn handler_installed() -> bool {
    HANDLER_INSTALLED.load(Ordering::SeqCst)
}

/// A child of ours just died of `SIGINT` or `SIGTERM` that we did not send. With Ctrl-C the
/// whole process group gets the signal at once: the child may die, and this thread's wait
/// return, before the handler thread has run. Give the handler a moment to say "interrupted"
/// (then stand still), so that a killed child is not mistaken for a finished one.
pub(crate) fn child_died_of_interrupt() {
    if !HANDLER_INSTALLED.load(Ordering::SeqCst) {
        return;
    }
    let deadline = Instant::now() + Duration::from_millis(250);
    while !INTERRUPTED.load(Ordering::SeqCst) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    stand_still_if_interrupted();
}

pub(crate) fn add(pid: Pid, name: &str, ended: Arc<OnceLock<i32>>) {
    live().push(Live {
        pid: pid.as_raw(),
        name: name.to_owned(),
        ended,
    });
}

/// Collects the exit code of the child `pid` if it has ended (`waitpid` with `WNOHANG`) into
/// `ended`; or finds the code [`active_children`] already collected there. `None` while it
/// runs.
///
/// Under the list's lock, as `active_children` reaps: of the two, exactly one collects the
/// status, and the other finds it in `ended`. The child stays listed until its `Process`
/// calls [`remove`]: an interrupt that comes meanwhile still names it as in flight.
pub(crate) fn reap(pid: Pid, ended: &OnceLock<i32>) -> Result<Option<i32>, Errno> {
    let _live = live();
    if let Some(&code) = ended.get() {
        return Ok(Some(code));
    }
    let code = match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
        Ok(status) => match ended_code(status) {
            Some(code) => code,
            None => return Ok(None),
        },
        // Reaped by someone else: the interrupt handler, on its way to exit.
        Err(Errno::ECHILD) => -(Signal::SIGINT as i32),
        Err(e) => return Err(e),
    };
    let _ = ended.set(code);
    Ok(Some(code))
}

pub(crate) fn remove(pid: Pid) {
    live().retain(|l| l.pid != pid.as_raw());
}

/// The children started and not yet reaped, as `(pid, name)`: Python's `active_children()`.
///
/// As Python's (which calls `_cleanup()` first), it reaps every child that has ended: an
/// ended child that no one joined is not left a zombie, and leaves the list; its `Process`
/// still knows its exit code (`join` returns at once, `exitcode()` gives it).
pub fn active_children() -> Vec<(i32, String)> {
    let mut live = live();
    live.retain(|l| {
        if l.ended.get().is_some() {
            return false; // its `Process` collected it and is about to take it off
        }
        let status = waitpid(Pid::from_raw(l.pid), Some(WaitPidFlag::WNOHANG));
        match status.ok().and_then(ended_code) {
            Some(code) => {
                let _ = l.ended.set(code);
                false
            }
            // Running; or no longer ours to wait for (the interrupt handler reaped it): its
            // `Process` finds out when it asks.
            None => true,
        }
    });
    live.iter().map(|l| (l.pid, l.name.clone())).collect()
}

/// Installs the Ctrl-C / `kill -INT` / `kill -TERM` handler of a demo binary: on the signal,
/// pass it on to every live child, wait up to a second for each (then SIGKILL), reap them,
/// print one line on stderr saying what was in flight, and exit with 128 + the signal.
///
/// Call it once, early in `main`, before starting any child.
pub fn install_interrupt_handler() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for sig in [SIGINT, SIGTERM] {
        // Set at once, inside the signal handler itself, before any thread runs on.
        // Safety: the action only stores to an atomic, which is async-signal-safe.
        unsafe {
            signal_hook::low_level::register(sig, || INTERRUPTED.store(true, Ordering::SeqCst))
        }?;
    }
    HANDLER_INSTALLED.store(true, Ordering::SeqCst);
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let signal = Signal::try_from(sig).unwrap_or(Signal::SIGINT);
                let stopped = stop_all(signal);
                let names: Vec<String> = stopped
                    .iter()
                    .map(|(p, n)| format!("{n} (pid {p})"))
                    .collect();
                // One raw write, whose failure is ignored: stderr may be a full disk or a
                // pipe nobody reads, and this thread must still get to the exit below
                // (eprintln! would panic here, and the demo would then ignore Ctrl-C for ever).
                crate::child::write_stderr(&format!(
                    "interrupted by {signal}: stopped {} child process(es) in flight{}{}\n",
                    names.len(),
                    if names.is_empty() { "" } else { ": " },
                    names.join(", ")
                ));
                // Python's exit status for an uncaught KeyboardInterrupt or a SIGTERM, as a
                // shell shows it: 128 + the signal. _exit, not exit: another thread may hold
                // a lock that exit's cleanup (flushing stdout) would wait for.
                // Safety: _exit ends the process at once; nothing runs after it.
                unsafe { libc::_exit(128 + sig) }
            }
        })?;
    Ok(())
}

/// Sends `signal` to every live child, waits for each (SIGKILL after a second), reaps it.
/// Returns who was stopped.
pub fn stop_all(signal: Signal) -> Vec<(i32, String)> {
    // A child half-started (forked, not yet listed) is waited for, briefly, so it is not missed.
    let deadline = Instant::now() + Duration::from_secs(1);
    while STARTING.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    // The list as it is, not `active_children()`: the children a group-wide Ctrl-C has just
    // ended were in flight too, and are named, then reaped below.
    let live: Vec<(i32, String)> = live().iter().map(|l| (l.pid, l.name.clone())).collect();
    for (pid, _) in &live {
        let _ = kill(Pid::from_raw(*pid), signal);
    }
    for (pid, _) in &live {
        let pid = Pid::from_raw(*pid);
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                Ok(WaitStatus::StillAlive) => {
                    let _ = kill(pid, Signal::SIGKILL);
                    let _ = waitpid(pid, None);
                    break;
                }
                // Reaped here, or already reaped by the thread that was joining it.
                _ => break,
            }
        }
        remove(pid);
    }
    live
}
