//! `Process`: one real OS child with the life cycle of Python's `multiprocessing.Process`.

use std::fmt;
use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork, getpid};
use serde::Serialize;

use crate::error::ProcessError;
use crate::spawn::{self, Task};
use crate::{child, live};

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
    Running(Pid),
    Stopped(Pid, i32),
}

/// A child process, Python-style: created, then [`start`](Process::start)ed, then
/// [`join`](Process::join)ed.
///
/// ```
/// use multiprocessing::Process;
/// let mut p = Process::new("child-1", || { let _ = 2 * 2; });
/// assert!(!p.is_alive() && p.pid().is_none() && p.exitcode().is_none());
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
/// or the one that joins them). As in C and in Python, a forked child of a multi-threaded
/// parent should not take locks that the parent's other threads may have held at the fork.
pub struct Process {
    name: String,
    method: StartMethod,
    daemon: bool,
    /// We sent it a signal (terminate, kill): its death by signal is no interrupt.
    signalled: bool,
    state: State,
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
            daemon: false,
            signalled: false,
            state: State::Created(Target::Fork(Box::new(target))),
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
            daemon: false,
            signalled: false,
            state: State::Created(Target::Spawn {
                task: task.name().to_owned(),
                args: spawn::pickle(task.name(), args)?,
            }),
        })
    }

    /// Marks the process as a daemon: when dropped, it is terminated instead of waited for.
    pub fn daemon(mut self, daemon: bool) -> Self {
        self.daemon = daemon;
        self
    }

    /// Its name (used in its panic message: `Process NAME:`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How it starts.
    pub fn start_method(&self) -> StartMethod {
        self.method
    }

    /// Starts the child. Errors if it was started before.
    pub fn start(&mut self) -> Result<(), ProcessError> {
        let target = match std::mem::replace(&mut self.state, State::Failed) {
            State::Created(t) => t,
            other => {
                self.state = other;
                return Err(ProcessError::StartedTwice);
            }
        };
        let starting = live::Starting::begin();
        let pid = match target {
            Target::Fork(f) => fork_child(&self.name, f)?,
            Target::Spawn { task, args } => spawn_child(&self.name, &task, &args)?,
        };
        live::add(pid, &self.name);
        drop(starting);
        self.state = State::Running(pid);
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
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(5));
        }
        Ok(())
    }

    /// Whether the child has started and not ended (reaps it if it has ended, like Python).
    pub fn is_alive(&mut self) -> bool {
        matches!(self.state, State::Running(_))
            && matches!(self.reap(Some(WaitPidFlag::WNOHANG)), Ok(false))
    }

    /// The child's process id, once started.
    pub fn pid(&self) -> Option<u32> {
        match self.state {
            State::Running(p) | State::Stopped(p, _) => Some(p.as_raw() as u32),
            _ => None,
        }
    }

    /// `None` while not started or still running; then 0 (returned), 1 (panicked), N (called
    /// `std::process::exit(N)`), or `-SIG` when a signal ended it (-15 for terminate).
    pub fn exitcode(&mut self) -> Option<i32> {
        if matches!(self.state, State::Running(_)) {
            let _ = self.reap(Some(WaitPidFlag::WNOHANG));
        }
        match self.state {
            State::Stopped(_, code) => Some(code),
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

    fn signal(&mut self, what: &'static str, sig: Signal) -> Result<(), ProcessError> {
        self.check_started(what)?;
        if let State::Running(pid) = self.state {
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
            _ => Ok(()),
        }
    }

    /// Collects the child's exit status if it has one. Returns whether it has ended.
    fn reap(&mut self, flags: Option<WaitPidFlag>) -> Result<bool, ProcessError> {
        let pid = match self.state {
            State::Running(pid) => pid,
            _ => return Ok(true),
        };
        let code = loop {
            let status = waitpid(pid, flags);
            live::stand_still_if_interrupted();
            match status {
                Ok(WaitStatus::Exited(_, code)) => break code,
                Ok(WaitStatus::Signaled(_, sig, _)) => {
                    if !self.signalled && matches!(sig, Signal::SIGINT | Signal::SIGTERM) {
                        live::child_died_of_interrupt();
                    }
                    break -(sig as i32);
                }
                Ok(WaitStatus::StillAlive) => return Ok(false),
                Ok(_) | Err(Errno::EINTR) => continue,
                // Reaped by someone else: the interrupt handler, on its way to exit.
                Err(Errno::ECHILD) => break -(Signal::SIGINT as i32),
                Err(e) => return Err(ProcessError::os("waitpid", e)),
            }
        };
        live::remove(pid);
        self.state = State::Stopped(pid, code);
        Ok(true)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let State::Running(pid) = self.state {
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
            State::Running(p) => write!(f, " pid={p} started")?,
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

/// Forks; the child runs `task` and exits; the parent gets the child's pid.
fn fork_child(name: &str, task: Box<dyn FnOnce() + Send>) -> Result<Pid, ProcessError> {
    // Rust's stdout is line-buffered: flush it, or the child would inherit a copy of whatever
    // is waiting there and print it a second time (the trap of the fork-buffer cell).
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let parent = getpid();
    let name = name.to_owned();
    child::install_child_panic_hook();
    // Signals need care around fork only if this process handles them itself (see live.rs).
    let old_mask = live::handler_installed().then(child::block_handled);
    // Safety: after fork, the child has one thread: this one. It must not wait on a lock that
    // another thread of the parent held at that instant. The child only sets signal actions,
    // calls prctl, allocates (glibc's malloc is made fork-safe by glibc itself), runs the
    // task, writes with raw write(2), and leaves with _exit. Tasks that take locks shared
    // with the parent's other threads are the caller's responsibility, exactly as in C or Python.
    let forked = unsafe { fork() };
    match forked {
        Ok(ForkResult::Child) => child::run_forked(name, parent, old_mask, task),
        Ok(ForkResult::Parent { child }) => {
            if let Some(m) = &old_mask {
                child::restore_mask(m);
            }
            // `task` is dropped here, in the parent: the parent's copies of what the closure
            // owns (pipe ends, for one) are closed, and only the child keeps them.
            drop(task);
            Ok(child)
        }
        Err(e) => {
            if let Some(m) = &old_mask {
                child::restore_mask(m);
            }
            Err(ProcessError::os("fork", e))
        }
    }
}

/// Re-executes this binary (or [`spawn::set_executable`]'s) as a spawned child.
fn spawn_child(name: &str, task: &str, args: &str) -> Result<Pid, ProcessError> {
    let exe = spawn::executable().map_err(|source| ProcessError::Exec {
        exe: "the current executable".into(),
        source,
    })?;
    let parent = getpid();
    let mut cmd = std::process::Command::new(&exe);
    cmd.args(spawn::child_args(name, task, args));
    // Safety: the closure runs in the forked child before exec; it only calls prctl and
    // getppid, both async-signal-safe, and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            if child::die_with_parent(parent) {
                Ok(())
            } else {
                Err(std::io::Error::other("the parent is gone"))
            }
        });
    }
    let spawned = cmd.spawn().map_err(|source| ProcessError::Exec {
        exe: exe.display().to_string(),
        source,
    })?;
    // We reap it with waitpid ourselves; dropping std's handle neither waits nor kills.
    Ok(Pid::from_raw(spawned.id() as i32))
}
