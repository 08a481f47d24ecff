//! Running one demo once: its own process group (so a hung demo is killed with all its
//! children), stdout captured, a deadline.

use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use wait_timeout::ChildExt;

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
    /// It was still running at the deadline and was killed, with its whole process group.
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
    /// Wall time from spawn to exit (or to the kill).
    pub elapsed: Duration,
}

/// The process groups of the demos running now, so that Ctrl-C can end them: each demo runs
/// in its own group (a hung one is killed with its children), which also keeps the terminal's
/// Ctrl-C from reaching it.
static RUNNING: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// Kills every running demo's process group (on Ctrl-C, before xtask exits).
pub fn kill_running() {
    let groups = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    for pgid in groups.iter() {
        let _ = killpg(Pid::from_raw(*pgid), Signal::SIGKILL);
    }
}

/// On SIGINT or SIGTERM: end the running demos, then exit (130, as a shell reports Ctrl-C).
pub fn end_demos_on_ctrl_c() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            kill_running();
            exercises::run_once::kill_running();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Runs `cmd` to its end or until `timeout`, whichever comes first.
pub fn run_once(cmd: &mut Command, timeout: Duration) -> std::io::Result<Run> {
    use std::os::unix::process::CommandExt;
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let pgid = Pid::from_raw(child.id() as i32);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(pgid.as_raw());
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    // Sleeps until the child exits (SIGCHLD) or the deadline: no polling, no 2 ms of lag.
    let status = child.wait_timeout(timeout.saturating_sub(start.elapsed()))?;
    let elapsed = start.elapsed();
    // Whatever is left in the group (a hung demo, or a child that outlived its parent) goes,
    // so that the pipes close and nothing outlives the run.
    let _ = killpg(pgid, Signal::SIGKILL);
    if status.is_none() {
        let _ = child.wait();
    }
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&pgid.as_raw());
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

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
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
        let run = run_once(&mut cmd, Duration::from_millis(300)).unwrap();
        assert!(
            matches!(&run.ended, Ended::Hung { stdout } if stdout == "started\n"),
            "{run:?}"
        );
        assert!(run.elapsed < Duration::from_secs(10), "{run:?}");
    }

    #[test]
    fn kill_running_ends_every_running_group() {
        let _alone = alone();
        let started = Instant::now();
        let run = thread::spawn(|| {
            let mut cmd = Command::new("sh");
            cmd.args(["-c", "echo started; sleep 30 & wait"]);
            run_once(&mut cmd, Duration::from_secs(60)).unwrap()
        });
        // Until the run is registered (and has printed), then as on Ctrl-C.
        while RUNNING.lock().unwrap().is_empty() {
            thread::sleep(Duration::from_millis(5));
        }
        kill_running();
        let run = run.join().unwrap();
        assert!(
            matches!(run.ended, Ended::Exited { code: None, .. }),
            "{run:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        assert!(RUNNING.lock().unwrap().is_empty());
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
