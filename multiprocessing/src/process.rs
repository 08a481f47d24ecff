//! `Process`: one real OS child with the life cycle of Python's `multiprocessing.Process`.

use std::fmt;
use std::os::fd::OwnedFd;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::Pid;
use serde::Serialize;

use crate::error::{ProcessError, Refused};
use crate::spawn::{self, Task};
use crate::{child, launch, live};

mod sentinel;

/// How a child process begins (Python's `multiprocessing.get_context("fork" | "spawn")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartMethod {
    /// `fork()`: the child is a copy of the parent, memory and all, and runs a closure.
    /// Cheap (tens of microseconds); the Unix default in Python before 3.14.
    Fork,
    /// Re-execute this binary and run a registered [`Task`] by name: a fresh process that
    /// shares nothing with the parent but its arguments. Python's default on macOS and Windows.
    Spawn,
}

enum Target {
    Fork(Box<dyn FnOnce() + Send + 'static>),
    Spawn { task: String, args: String },
}

enum State {
    Created(Target),
    /// start() was called and failed: the process never ran.
    Failed,
    /// Started; the exit code lands in the slot if [`active_children`](crate::active_children)
    /// reaps the child.
    Running(Pid, Arc<OnceLock<i32>>),
    Stopped(Pid, i32),
    /// `close()` was called: only the pid and exit code it had are kept.
    Closed(Option<Pid>, Option<i32>),
}

/// A child process, Python-style: created, then [`start`](Process::start)ed, then
/// [`join`](Process::join)ed.
///
/// ```
/// use multiprocessing::Process;
/// let mut p = Process::new("child-1", || { let _ = 2 * 2; });
/// assert!(!p.is_alive().unwrap() && p.pid().is_none() && p.exitcode().is_none());
/// assert_eq!(p.join().unwrap_err().to_string(), "can only join a started process");
/// p.start().unwrap();
/// p.join().unwrap();
/// assert_eq!(p.exitcode(), Some(0));
/// assert_eq!(p.start().unwrap_err().to_string(), "cannot start a process twice");
/// ```
///
/// Dropping a started `Process` never leaves a zombie: it is joined (Python joins
/// non-daemon children at exit) or, if [`daemon`](Process::daemon), terminated and reaped.
///
/// Every child is set to die with its parent (`PR_SET_PDEATHSIG`, Linux): if the parent is
/// killed outright, its children are killed too. The kernel ties this to the *thread* that
/// started the child, so start processes from a thread that outlives them (the main thread,
/// or the one that joins them).
///
/// Processes can be started and joined from any number of threads at once: `start` takes
/// every lock a child of ours needs (this crate's: the list of live children, the spawn
/// executable, the default start method...; std's stdout and stderr) before it forks, as CPython's `register_at_fork` handlers do, so no child inherits one held by another
/// thread. Locks of your own are yours: a lock another thread holds at the fork stays held in
/// the child for ever (the `fork-with-threads` cell shows it).
pub struct Process {
    name: String,
    method: StartMethod,
    daemon: bool,
    /// We sent it a signal (terminate, kill): its death by signal is no interrupt.
    signalled: bool,
    state: State,
    /// Made on the first call to [`sentinel`](Process::sentinel), so a start costs nothing more.
    sentinel: Option<OwnedFd>,
}

impl Process {
    /// A process that will run `target` in a forked child (start method [`StartMethod::Fork`]).
    ///
    /// Python: `Process(target=show_square, args=(3,))`; Rust: `Process::new("child-3",
    /// move || show_square(3))`. The closure's captures are the arguments.
    pub fn new(name: impl Into<String>, target: impl FnOnce() + Send + 'static) -> Self {
        Process {
            name: name.into(),
            method: StartMethod::Fork,
            daemon: child::current_process_is_daemon(),
            signalled: false,
            state: State::Created(Target::Fork(Box::new(target))),
            sentinel: None,
        }
    }

    /// A process that will run the registered `task` with `args` in a fresh copy of this
    /// binary (start method [`StartMethod::Spawn`]). The arguments are serialized now.
    ///
    /// ```
    /// use multiprocessing::Process;
    /// use multiprocessing::tasks::{SHOW_SQUARE, SquareArgs};
    /// let p = Process::spawn("child-3", &SHOW_SQUARE, &SquareArgs { n: 3, work_ms: 0 }).unwrap();
    /// assert_eq!(p.start_method(), multiprocessing::StartMethod::Spawn);
    /// ```
    ///
    /// Python finds out in the child, at run time, that `showSquare("three")` cannot square a
    /// string (`TypeError`). Here the task's argument type is part of its type, so the wrong
    /// argument does not compile:
    ///
    /// ```compile_fail
    /// use multiprocessing::Process;
    /// use multiprocessing::tasks::SHOW_SQUARE;
    /// let p = Process::spawn("child-3", &SHOW_SQUARE, &"three");
    /// ```
    pub fn spawn<A: Serialize>(
        name: impl Into<String>,
        task: &Task<A>,
        args: &A,
    ) -> Result<Self, ProcessError> {
        Ok(Process {
            name: name.into(),
            method: StartMethod::Spawn,
            daemon: child::current_process_is_daemon(),
            signalled: false,
            state: State::Created(Target::Spawn {
                task: task.name().to_owned(),
                args: spawn::pickle(task.name(), args)?,
            }),
            sentinel: None,
        })
    }

    /// Python's `Process(..., daemon=True)`: a daemon is terminated, not waited for, when
    /// dropped, and may not start children of its own. Errors at once when started, as
    /// Python's setter does (`AssertionError: process has already started`); the error
    /// ([`Refused`]) hands the process back, still running, since dropping it would join it.
    ///
    /// Without it, a process is a daemon if the process creating it is one (Python's default,
    /// `current_process().daemon`).
    ///
    /// ```
    /// use multiprocessing::Process;
    /// let mut p = Process::new("d", || {}).daemon(true).unwrap();
    /// assert!(p.is_daemon());
    /// p.start().unwrap();
    /// assert_eq!(p.set_daemon(false).unwrap_err().to_string(), "process has already started");
    /// let refused = p.daemon(false).unwrap_err();
    /// assert_eq!(refused.to_string(), "process has already started");
    /// let mut p = refused.process;                       // the handle, still ours
    /// p.join().unwrap();
    /// ```
    pub fn daemon(mut self, daemon: bool) -> Result<Self, Refused> {
        match self.set_daemon(daemon) {
            Ok(()) => Ok(self),
            Err(error) => Err(Refused {
                error,
                process: self,
            }),
        }
    }

    /// Python's `p.daemon = flag`; see [`daemon`](Process::daemon).
    pub fn set_daemon(&mut self, daemon: bool) -> Result<(), ProcessError> {
        match self.state {
            State::Created(_) => {
                self.daemon = daemon;
                Ok(())
            }
            State::Closed(..) => Err(ProcessError::Closed),
            _ => Err(ProcessError::AlreadyStarted),
        }
    }

    /// Python's `p.daemon`.
    pub fn is_daemon(&self) -> bool {
        self.daemon
    }

    /// Its name (used in its panic message: `Process NAME:`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How it starts.
    pub fn start_method(&self) -> StartMethod {
        self.method
    }

    /// Starts the child. Errors if it was started before, if it is closed, if this process
    /// is a daemon (Python: "daemonic processes are not allowed to have children"), or if this
    /// is a spawned child still bootstrapping (`main` has not called [`crate::dispatch`] yet).
    ///
    /// # What a fork start costs, and what it buys
    ///
    /// A fork start+join costs more than a raw `fork`, `_exit`, `waitpid` (goal: at most
    /// 1.25x), and the difference is page faults, not system calls: `fork` copies no
    /// page-table entries for the program's code, so the child faults on each stretch of code
    /// it runs, and every page either process writes after `fork` is copied. `cargo xtask
    /// bench` counts them with `getrusage` (parent and reaped child) in the same run as the raw
    /// side: rows `page faults per start+join` and `page faults, Process fork over raw
    /// fork+waitpid` (`multiprocessing/benches/start_join.rs`). Each extra fault buys one of
    /// Python's guarantees:
    /// - **the at-fork locks** (CPython takes its own locks around `fork`, and
    ///   `os.register_at_fork` handlers run): the parent takes every lock of this crate and
    ///   std's stdout and stderr locks before `fork`, and both processes release them after
    ///   it, so a child never finds a lock held by a thread it does not have. The releases
    ///   write to those locks' pages, which each process then copies;
    /// - **the flushes** (Python's `BaseProcess._bootstrap` flushes `sys.stdout` before the
    ///   child exits): stdout is flushed before `fork`, so buffered text is not printed twice,
    ///   and in the child before it exits, so a `print!` without a newline is not lost. The
    ///   child's flush runs std's stdout code, which the raw side never maps: the largest
    ///   single item;
    /// - **`PR_SET_PDEATHSIG`** and the `getppid` check after it: no child outlives its
    ///   parent, even one that is killed (the workspace's no-orphan rule; Python's `atexit`
    ///   joins or terminates children only when the parent exits normally); the child maps
    ///   libc's `prctl`;
    /// - **the child's name and the list of live children** (Python's
    ///   `current_process().name` in the child, `active_children()` in the parent): the child
    ///   writes its name into a static and clears the list; the parent adds the child to the
    ///   list and frees what the closure owned. Written pages of statics and of the heap;
    /// - **the panic hook and `catch_unwind` around the task** (Python prints the traceback of
    ///   an exception in `run()` and exits with code 1): code, and stack pages, that the raw
    ///   side never touches.
    ///
    /// The header of `benches/start_join.rs` lists what was tried to save faults and not kept.
    pub fn start(&mut self) -> Result<(), ProcessError> {
        if matches!(self.state, State::Closed(..)) {
            return Err(ProcessError::Closed);
        }
        if !matches!(self.state, State::Created(_)) {
            return Err(ProcessError::StartedTwice);
        }
        if child::current_process_is_daemon() {
            return Err(ProcessError::DaemonicChildren);
        }
        if spawn::bootstrapping() {
            return Err(ProcessError::Bootstrapping);
        }
        let State::Created(target) = std::mem::replace(&mut self.state, State::Failed) else {
            unreachable!("checked above")
        };
        let starting = live::Starting::begin();
        let pid = match target {
            Target::Fork(f) => launch::fork_child(&self.name, self.daemon, f)?,
            Target::Spawn { task, args } => {
                launch::spawn_child(&self.name, self.daemon, &task, &args)?
            }
        };
        let ended = Arc::default();
        live::add(pid, &self.name, Arc::clone(&ended));
        drop(starting);
        self.state = State::Running(pid, ended);
        Ok(())
    }

    /// Waits until the child ends. Errors only if it was never started: a child that
    /// panicked or was killed is not an error here, its [`exitcode`](Process::exitcode) says so.
    pub fn join(&mut self) -> Result<(), ProcessError> {
        self.check_started("join")?;
        self.reap(None).map(|_| ())
    }

    /// Waits at most `timeout`; returns with the child still alive if time runs out (as
    /// Python's `join(timeout)` does: check [`is_alive`](Process::is_alive) afterwards).
    pub fn join_timeout(&mut self, timeout: Duration) -> Result<(), ProcessError> {
        self.check_started("join")?;
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_micros(50);
        while !self.reap(Some(WaitPidFlag::WNOHANG))? {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            // With a sentinel (a pool's workers have one), wait on it: woken the moment the
            // child ends, not up to a pause later (the end of every `Pool::map` waits here).
            if let Some(fd) = self.sentinel_if_made() {
                let wait = (deadline - now).as_millis().saturating_add(1);
                let ms = PollTimeout::try_from(wait.min(i32::MAX as u128) as i32)
                    .unwrap_or(PollTimeout::MAX);
                let _ = poll(&mut [PollFd::new(fd, PollFlags::POLLIN)], ms);
                continue;
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(5));
        }
        Ok(())
    }

    /// Whether the child has started and not ended (reaps it if it has ended, like Python).
    /// Errors once [`close`](Process::close)d (Python: `ValueError: process object is closed`).
    pub fn is_alive(&mut self) -> Result<bool, ProcessError> {
        match self.state {
            State::Closed(..) => Err(ProcessError::Closed),
            State::Running(..) => Ok(!self.reap(Some(WaitPidFlag::WNOHANG))?),
            _ => Ok(false),
        }
    }

    /// Python's `p.close()`: releases what the `Process` holds. Errors while the child runs
    /// (Python's `ValueError`, same message); after it, `start`, `join`, `is_alive`,
    /// `terminate`, `kill`, `interrupt` and `sentinel` are errors ("process object is closed").
    /// Closing twice is fine. Unlike Python, [`pid`](Process::pid) and
    /// [`exitcode`](Process::exitcode) keep the values they had (plain numbers, nothing to
    /// release).
    pub fn close(&mut self) -> Result<(), ProcessError> {
        let (pid, code) = match self.state {
            State::Running(..) => {
                if !self.reap(Some(WaitPidFlag::WNOHANG))? {
                    return Err(ProcessError::StillRunning);
                }
                return self.close();
            }
            State::Stopped(pid, code) => (Some(pid), Some(code)),
            State::Closed(pid, code) => (pid, code),
            State::Created(_) | State::Failed => (None, None),
        };
        self.sentinel = None;
        self.state = State::Closed(pid, code);
        Ok(())
    }

    /// The child's process id, once started.
    pub fn pid(&self) -> Option<u32> {
        match self.state {
            State::Running(p, _) | State::Stopped(p, _) | State::Closed(Some(p), _) => {
                Some(p.as_raw() as u32)
            }
            _ => None,
        }
    }

    /// `None` while not started or still running; then 0 (returned), 1 (panicked), N (called
    /// `std::process::exit(N)`), or `-SIG` when a signal ended it (-15 for terminate).
    pub fn exitcode(&mut self) -> Option<i32> {
        if matches!(self.state, State::Running(..)) {
            let _ = self.reap(Some(WaitPidFlag::WNOHANG));
        }
        match self.state {
            State::Stopped(_, code) | State::Closed(_, Some(code)) => Some(code),
            _ => None,
        }
    }

    /// Sends SIGTERM (Python's `terminate()`); the exit code becomes -15. No-op once reaped.
    pub fn terminate(&mut self) -> Result<(), ProcessError> {
        self.signal("terminate", Signal::SIGTERM)
    }

    /// Sends SIGKILL (Python's `kill()`); the exit code becomes -9. No-op once reaped.
    pub fn kill(&mut self) -> Result<(), ProcessError> {
        self.signal("kill", Signal::SIGKILL)
    }

    /// Sends SIGINT (Python 3.14's `interrupt()`). No-op once reaped.
    ///
    /// A difference: Python's child turns SIGINT into `KeyboardInterrupt`, an uncaught
    /// exception, so its exit code is 1. A Rust child has no such exception: SIGINT's default
    /// action ends it and the exit code is -2 (Python's too, for a child with no handler).
    pub fn interrupt(&mut self) -> Result<(), ProcessError> {
        self.signal("interrupt", Signal::SIGINT)
    }

    fn signal(&mut self, what: &'static str, sig: Signal) -> Result<(), ProcessError> {
        self.check_started(what)?;
        if let State::Running(pid, _) = self.state {
            // A child that has exited but is not reaped yet is a zombie: kill succeeds on it
            // and does nothing, so there is no race with a pid being reused.
            self.signalled = true;
            kill(pid, sig).map_err(|e| ProcessError::os("kill", e))?;
        }
        Ok(())
    }

    fn check_started(&self, what: &'static str) -> Result<(), ProcessError> {
        match self.state {
            State::Created(_) | State::Failed => Err(ProcessError::NotStarted(what)),
            State::Closed(..) => Err(ProcessError::Closed),
            _ => Ok(()),
        }
    }

    /// Collects the child's exit status if it has one (waiting for it without `WNOHANG`).
    /// Returns whether it has ended.
    fn reap(&mut self, flags: Option<WaitPidFlag>) -> Result<bool, ProcessError> {
        let (pid, ended) = match &self.state {
            State::Running(pid, ended) => (*pid, Arc::clone(ended)),
            _ => return Ok(true),
        };
        let code = loop {
            if flags.is_none() && ended.get().is_none() {
                // Wait for its end without collecting it (WNOWAIT): `live::reap` collects it,
                // under the list's lock, so a thread calling `active_children()` meanwhile
                // never takes the status this join waits for.
                match waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT) {
                    // ECHILD: collected already; `live::reap` says by whom.
                    Ok(_) | Err(Errno::ECHILD) => {}
                    Err(Errno::EINTR) => continue,
                    Err(e) => return Err(ProcessError::os("waitid", e)),
                }
            }
            let reaped = live::reap(pid, &ended);
            live::stand_still_if_interrupted();
            match reaped {
                Ok(Some(code)) => break code,
                Ok(None) if flags.is_some() => return Ok(false),
                Ok(None) | Err(Errno::EINTR) => continue,
                Err(e) => return Err(ProcessError::os("waitpid", e)),
            }
        };
        let interrupt = [Signal::SIGINT, Signal::SIGTERM].map(|sig| -(sig as i32));
        if !self.signalled && interrupt.contains(&code) {
            live::child_died_of_interrupt();
        }
        live::remove(pid);
        self.state = State::Stopped(pid, code);
        Ok(true)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let State::Running(pid, _) = self.state {
            if self.daemon {
                self.signalled = true;
                let _ = kill(pid, Signal::SIGTERM);
            }
            let _ = self.reap(None);
        }
    }
}

/// Like Python's repr: `<Process name='child-1' pid=42 started>`, `... stopped exitcode=-SIGTERM>`.
impl fmt::Display for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<Process name='{}'", self.name)?;
        match self.state {
            State::Created(_) | State::Failed => write!(f, " initial")?,
            State::Closed(..) => write!(f, " closed")?,
            State::Running(p, _) => write!(f, " pid={p} started")?,
            State::Stopped(p, code) => {
                write!(f, " pid={p} stopped exitcode=")?;
                match Signal::try_from(-code) {
                    Ok(sig) if code < 0 => write!(f, "-{sig}")?,
                    _ => write!(f, "{code}")?,
                }
            }
        }
        if self.daemon {
            write!(f, " daemon")?;
        }
        write!(f, ">")
    }
}

impl fmt::Debug for Process {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
