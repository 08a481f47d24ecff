//! One run of an exercise's binary: in its own process group (so a hung run is killed with
//! every child it forked), stdout and stderr captured, a time limit.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use wait_timeout::ChildExt;

/// How one run ended.
#[derive(Debug)]
pub struct Ran {
    /// Its exit code; `None` if it hung (and was killed) or a signal ended it.
    pub code: Option<i32>,
    /// Whether it was still running at the time limit.
    pub hung: bool,
    /// Everything it wrote on stdout (its trace).
    pub stdout: String,
    /// Everything it wrote on stderr.
    pub stderr: String,
    /// From start to exit, or to the kill.
    pub elapsed: Duration,
}

/// The process groups of the runs going on now, so that Ctrl-C can end them too: each run
/// has its own group (which also keeps the terminal's Ctrl-C from reaching it).
static RUNNING: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// Kills every run going on now, with its children (for a Ctrl-C handler, before exiting:
/// a deadlocked exercise would otherwise outlive the judge).
pub fn kill_running() {
    let groups = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    for group in groups.iter() {
        let _ = killpg(Pid::from_raw(*group), Signal::SIGKILL);
    }
}

/// Runs `bin --trace` with `env`, for at most `limit`.
pub fn run_once(bin: &Path, env: &[(&str, String)], limit: Duration) -> std::io::Result<Ran> {
    use std::os::unix::process::CommandExt;
    let start = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.arg("--trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn()?;
    let group = Pid::from_raw(child.id() as i32);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(group.as_raw());
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = child.wait_timeout(limit)?;
    // Whatever is left in the group goes, so the pipes close and nothing outlives the run.
    let _ = killpg(group, Signal::SIGKILL);
    if status.is_none() {
        let _ = child.wait();
    }
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&group.as_raw());
    Ok(Ran {
        code: status.and_then(|s| s.code()),
        hung: status.is_none(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed: start.elapsed(),
    })
}

/// Reads all of `pipe` (a child's stdout or stderr) on a thread of its own, as text: both
/// pipes must be read while the child runs, or a child that fills one blocks for ever. `None`
/// (a pipe not captured) reads as empty. xtask's runner uses it too.
pub fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// One test at a time: a script written while the other test forks could be inherited
    /// open for writing by that child, and running it would fail with "text file busy".
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn script(body: &str) -> tempfile::TempPath {
        let file = tempfile::Builder::new().suffix(".sh").tempfile().unwrap();
        std::fs::write(file.path(), format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        file.into_temp_path()
    }

    #[test]
    fn a_hung_run_is_killed_at_its_limit_with_its_children_and_what_it_printed() {
        let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        // The child sleeps too: killing only the shell would leave it holding stdout open.
        let s = script("echo started; sleep 30 & wait");
        let ran = run_once(&s, &[], Duration::from_millis(300)).unwrap();
        assert!(ran.hung && ran.code.is_none(), "{ran:?}");
        assert_eq!(ran.stdout, "started\n");
        assert!(ran.elapsed < Duration::from_secs(10), "{ran:?}");
    }

    #[test]
    fn exit_code_output_and_environment_are_kept() {
        let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let s = script("echo \"$1 $SLOW\"; echo oops >&2; exit 3");
        let ran = run_once(&s, &[("SLOW", "7".into())], Duration::from_secs(20)).unwrap();
        assert_eq!((ran.code, ran.hung), (Some(3), false));
        assert_eq!(ran.stdout, "--trace 7\n");
        assert_eq!(ran.stderr, "oops\n");
    }
}
