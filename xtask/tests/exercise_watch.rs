//! `cargo xtask exercise NAME --watch`: a learner edits a copy of an exercise's file and
//! sees the verdict change, from the bug to a pass, without running anything again.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Reads lines until one starts with `prefix`, for at most `limit`; every line read so far.
fn until(lines: &Receiver<String>, prefix: &str, limit: Duration, seen: &mut Vec<String>) -> bool {
    let end = Instant::now() + limit;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let hit = line.starts_with(prefix);
                seen.push(line);
                if hit {
                    return true;
                }
            }
            Err(_) => return false,
        }
    }
    false
}

#[test]
fn watch_judges_again_when_the_learners_file_is_saved() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("never_primed.rs");
    std::fs::copy(root.join("exercises/exercises/never_primed.rs"), &copy).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["exercise", "never-primed", "--watch", "--file"])
        .arg(&copy)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let group = Pid::from_raw(child.id() as i32);
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    // The first build may compile the exercises crate: minutes on a busy 2-core machine.
    let first = until(
        &lines,
        "✗ never-primed",
        Duration::from_secs(600),
        &mut seen,
    ) && until(&lines, "Watching", Duration::from_secs(60), &mut seen);
    if first {
        // The learner's fix: prime the generator before sending.
        let text = std::fs::read_to_string(&copy).unwrap();
        let fixed = text.replace(
            "let mut co = fancy_name(&repl, \"Cool\");",
            "let mut co = fancy_name(&repl, \"Cool\");\n    co.advance().context(\"next(co)\")?;",
        );
        assert_ne!(
            text, fixed,
            "the exercise's file changed: update this test's edit"
        );
        std::fs::write(&copy, fixed).unwrap();
    }
    let second = first
        && until(
            &lines,
            "✓ never-primed",
            Duration::from_secs(300),
            &mut seen,
        );
    let _ = killpg(group, Signal::SIGKILL);
    let _ = child.wait();
    assert!(
        first,
        "no failing verdict for the file as shipped:\n{}",
        seen.join("\n")
    );
    assert!(
        second,
        "no passing verdict after the fix was saved:\n{}",
        seen.join("\n")
    );
}
