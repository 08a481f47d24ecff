//! Running one demo once: its own process group (so a hung demo is stopped with all its
//! children), its own temporary directory, stdout captured, a deadline.
//!
//! A demo is stopped as service managers stop a unit (systemd's `KillMode=mixed` with
//! `TimeoutStopSec`): SIGTERM first, so it can stop what it started and remove its files,
//! then, after [`GRACE`], SIGKILL to whatever is left of its group. What a killed demo could
//! not remove is in its own `TMPDIR`, which goes with it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use exercises::run_once::drain;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use wait_timeout::ChildExt;

/// How long a demo has after SIGTERM to stop by itself before it gets SIGKILL.
pub const GRACE: Duration = Duration::from_secs(5);

/// How one run ended.
#[derive(Debug)]
pub enum Ended {
    /// It exited by itself.
    Exited {
        /// Exit code, or `None` if a signal ended it.
        code: Option<i32>,
        /// Everything it printed on stdout.
        stdout: String,
        /// The last lines of its stderr.
        stderr: String,
    },
    /// It was still running at the deadline and was stopped, with its whole process group.
    Hung {
        /// What it had printed on stdout by then (a trace cut short: it fails a re-check).
        stdout: String,
    },
}

/// One run: how it ended and how long it took.
#[derive(Debug)]
pub struct Run {
    /// How it ended.
    pub ended: Ended,
    /// Wall time from spawn to exit (or to the deadline, for a run that hung).
    pub elapsed: Duration,
}

/// The process groups of the demos running now, each with its temporary directory, so that
/// Ctrl-C can end them: each demo runs in its own group (a hung one is stopped with its
/// children), which also keeps the terminal's Ctrl-C from reaching it.
static RUNNING: Mutex<BTreeMap<i32, PathBuf>> = Mutex::new(BTreeMap::new());

/// Set on Ctrl-C: no new demo starts.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Stops every running demo's process group (on Ctrl-C, before xtask exits): SIGTERM, up to
/// [`GRACE`] for them to end, SIGKILL to what is left, and their directories removed.
pub fn stop_running() {
    STOPPING.store(true, Ordering::SeqCst);
    signal_all(Signal::SIGTERM);
    let deadline = Instant::now() + GRACE;
    // Each run's own thread reaps its demo and takes it off the list; wait for them.
    while !RUNNING.lock().unwrap_or_else(|e| e.into_inner()).is_empty() && Instant::now() < deadline
    {
        thread::sleep(Duration::from_millis(20));
    }
    signal_all(Signal::SIGKILL);
    let left = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|e| e.into_inner()));
    for dir in left.values() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn signal_all(sig: Signal) {
    let groups = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    for pgid in groups.keys() {
        let _ = killpg(Pid::from_raw(*pgid), sig);
    }
}

/// On SIGINT or SIGTERM: stop the running demos, then exit (130, as a shell reports Ctrl-C).
pub fn end_demos_on_ctrl_c() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop_running();
            exercises::run_once::kill_running();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// SIGTERM to the group, up to [`GRACE`] for its leader to exit, then SIGKILL to the group;
/// the leader's status, once reaped.
fn stop_group(pgid: Pid, child: &mut Child) -> std::io::Result<ExitStatus> {
    let _ = killpg(pgid, Signal::SIGTERM);
    let status = child.wait_timeout(GRACE)?;
    let _ = killpg(pgid, Signal::SIGKILL);
    match status {
        Some(s) => Ok(s),
        None => child.wait(),
    }
}

/// A fresh directory for one run's `TMPDIR`.
fn run_dir() -> std::io::Result<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("xtask-{}-run-{n}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Runs `cmd` to its end or until `timeout`, whichever comes first.
pub fn run_once(cmd: &mut Command, timeout: Duration) -> std::io::Result<Run> {
    use std::os::unix::process::CommandExt;
    let start = Instant::now();
    let dir = run_dir()?;
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    // Checked under the lock that Ctrl-C's stop takes: no demo starts after it looked.
    if STOPPING.load(Ordering::SeqCst) {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(std::io::Error::other("interrupted"));
    }
    let spawned = cmd
        .env("TMPDIR", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
    };
    let pgid = Pid::from_raw(child.id() as i32);
    running.insert(pgid.as_raw(), dir.clone());
    drop(running);
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    // Sleeps until the child exits (SIGCHLD) or the deadline: no polling, no 2 ms of lag.
    let status = child.wait_timeout(timeout.saturating_sub(start.elapsed()))?;
    let elapsed = start.elapsed();
    match status {
        // Whatever is left in the group (a child that outlived its parent) goes, so that the
        // pipes close and nothing outlives the run; its parent, gone, had nothing to clean.
        Some(_) => {
            let _ = killpg(pgid, Signal::SIGKILL);
        }
        // Hung: asked to stop first, as a service manager does, then killed.
        None => {
            stop_group(pgid, &mut child)?;
        }
    }
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&pgid.as_raw());
    // What the run left in its TMPDIR (a killed demo's files) goes with it.
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let ended = match status {
        None => Ended::Hung { stdout },
        Some(s) => Ended::Exited {
            code: s.code(),
            stdout,
            stderr: tail(&stderr, 5),
        },
    };
    Ok(Run { ended, elapsed })
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests here share `RUNNING`: one at a time, so a kill hits only its own run.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn alone() -> std::sync::MutexGuard<'static, ()> {
        ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn a_hung_command_is_killed_with_its_children_at_the_deadline() {
        let _alone = alone();
        // The shell's child sleeps too: killing only the shell would leave it holding stdout.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo started; sleep 30 & wait"]);
        let run = run_once(&mut cmd, Duration::from_millis(1_000)).unwrap();
        assert!(
            matches!(&run.ended, Ended::Hung { stdout } if stdout == "started\n"),
            "{run:?}"
        );
        assert!(run.elapsed < Duration::from_secs(10), "{run:?}");
    }

    #[test]
    fn stop_running_lets_every_running_group_clean_up() {
        let _alone = alone();
        let started = Instant::now();
        // The shell says, by a file, that its trap is set: a SIGTERM before that would end it
        // by the signal's default action, a run no demo with a handler can have.
        let dir = tempfile::tempdir().unwrap();
        let ready = dir.path().join("trap-set");
        let script = TRAPS_TERM.replace("echo started;", &format!("touch '{}';", ready.display()));
        let run = thread::spawn(move || {
            let mut cmd = Command::new("sh");
            cmd.args(["-c", &script]);
            run_once(&mut cmd, Duration::from_secs(60)).unwrap()
        });
        // Until the run is registered and its trap set, then as on Ctrl-C.
        while RUNNING.lock().unwrap().is_empty() || !ready.exists() {
            thread::sleep(Duration::from_millis(5));
        }
        stop_running();
        let run = run.join().unwrap();
        STOPPING.store(false, Ordering::SeqCst);
        // SIGTERM came first: the demo's handler ran and said so, and it exited by itself.
        assert!(
            matches!(&run.ended, Ended::Exited { code: Some(143), stdout, .. }
                if stdout.contains("cleaned up")),
            "{run:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        assert!(RUNNING.lock().unwrap().is_empty());
    }

    /// A shell that, on SIGTERM, says it cleaned up and exits 143, as a demo's handler does.
    /// It waits in short sleeps: a shell runs its trap between commands.
    const TRAPS_TERM: &str =
        "trap 'echo cleaned up; exit 143' TERM; echo started; while :; do sleep 0.05; done";

    #[test]
    fn at_the_deadline_a_demo_gets_sigterm_and_time_to_clean_up() {
        let _alone = alone();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", TRAPS_TERM]);
        let run = run_once(&mut cmd, Duration::from_millis(1_000)).unwrap();
        assert!(
            matches!(&run.ended, Ended::Hung { stdout } if stdout.contains("cleaned up")),
            "{run:?}"
        );
    }

    #[test]
    fn one_that_ignores_sigterm_is_killed_after_the_grace_and_its_files_removed() {
        let _alone = alone();
        // Ignores SIGTERM (its child inherits that), and leaves a directory in its TMPDIR as
        // a killed lesson leaves its redis-server's.
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "trap '' TERM; mkdir \"$TMPDIR/distributed-redis-x\"; echo \"$TMPDIR\"; \
             sleep 30 & wait",
        ]);
        let started = Instant::now();
        let run = run_once(&mut cmd, Duration::from_millis(1_000)).unwrap();
        let took = started.elapsed();
        let Ended::Hung { stdout } = &run.ended else {
            panic!("{run:?}");
        };
        let tmp = PathBuf::from(stdout.trim());
        assert!(tmp.starts_with(std::env::temp_dir()), "{tmp:?}");
        assert!(!tmp.exists(), "{tmp:?} was left behind");
        assert!(took >= GRACE, "{took:?}");
        assert!(took < GRACE + Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn output_and_exit_code_are_captured() {
        let _alone = alone();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2; exit 3"]);
        let run = run_once(&mut cmd, Duration::from_secs(20)).unwrap();
        match run.ended {
            Ended::Exited {
                code,
                stdout,
                stderr,
            } => {
                assert_eq!(code, Some(3));
                assert_eq!(stdout, "out\n");
                assert_eq!(stderr, "err");
            }
            Ended::Hung { .. } => panic!("did not hang"),
        }
    }
}
