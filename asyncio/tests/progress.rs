//! The progress line of a long cell (`interleaving::progress`), seen from the real binary:
//! on stderr once the cell has run two seconds, never in `--trace`, never on a stderr that is
//! not a terminal unless `CONCURRENCY_LAB_PROGRESS=always`, and harmless on a full stderr.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use interleaving::progress::PROGRESS_ENV;
use interleaving::{Trace, check};
use wait_timeout::ChildExt;

/// Four sleeps of 0.6 s one after another, then four together: about three seconds.
const LONG: [&str; 6] = [
    "--cell",
    "concurrent-sleeps",
    "--tasks",
    "4",
    "--sleep-ms",
    "600",
];
const LABEL: &str = "concurrent-sleeps: running";
const FILE: &str = "(asyncio/src/cells/concurrent_sleeps.rs)";

fn asyncio(args: &[&str], progress: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_asyncio"));
    cmd.args(args).env_remove(PROGRESS_ENV);
    if let Some(v) = progress {
        cmd.env(PROGRESS_ENV, v);
    }
    cmd
}

fn output(mut cmd: Command) -> (Output, String, String) {
    let out = cmd.output().expect("the asyncio binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    (out, stdout, stderr)
}

#[test]
fn a_long_cell_shows_its_progress_on_stderr_only() {
    let (_, stdout, stderr) = output(asyncio(&LONG, Some("always")));
    assert!(
        stderr.contains(&format!("cell 2/13 {LABEL} 2 s")),
        "{stderr}"
    );
    assert!(stderr.contains(FILE), "{stderr}");
    // The cell feeds its count: 4 sleeps one after another, then 4 together.
    assert!(stderr.contains("/8 done"), "{stderr}");
    assert!(!stdout.contains("running"), "{stdout}");
    assert!(stdout.contains("gathered:   4 sleeps"), "{stdout}");
}

#[test]
fn no_progress_in_trace_mode_and_the_trace_is_whole() {
    let mut args = LONG.to_vec();
    args.push("--trace");
    let (_, stdout, stderr) = output(asyncio(&args, Some("always")));
    assert_eq!(stderr, "", "stderr stays clean in trace mode");
    let trace = Trace::parse(&stdout).expect("every line is a trace event");
    let report = check(&trace, &asyncio::properties::properties());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal_unless_asked() {
    for setting in [None, Some("never"), Some("auto")] {
        let (_, _, stderr) = output(asyncio(&LONG, setting));
        assert_eq!(stderr, "", "{setting:?}");
    }
}

#[test]
fn a_short_cell_shows_none() {
    let (_, stdout, stderr) = output(asyncio(&["--cell", "concurrent-sleeps"], Some("always")));
    assert_eq!(stderr, "");
    assert!(stdout.contains("gathered:"), "{stdout}");
}

#[test]
fn a_full_stderr_changes_nothing() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system: nothing to show
    };
    let mut cmd = asyncio(&LONG, Some("always"));
    cmd.stderr(full);
    let (_, stdout, _) = output(cmd);
    assert!(stdout.contains("gathered:   4 sleeps"), "{stdout}");
}

#[test]
fn ctrl_c_while_the_line_shows_ends_the_run() {
    let mut child = asyncio(&LONG, Some("always"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the asyncio binary starts");
    let mut lines = BufReader::new(child.stderr.take().expect("piped")).lines();
    let first = lines.next().expect("a progress line").expect("UTF-8");
    assert!(first.contains(LABEL), "{first}");
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child
        .wait_timeout(Duration::from_secs(10))
        .expect("waiting")
        .expect("SIGINT ends the run at once, not after the cell");
    assert_eq!(status.signal(), Some(2), "{status:?}");
}

/// On a real terminal (a pty from util-linux's `script`), where the line and the output share
/// one screen: a spinner line appears, is cleared before each line of the cell's output (so no
/// output line starts after progress text), and is cleared at the end.
#[test]
fn on_a_terminal_the_line_is_taken_down_around_the_output() {
    let Ok(script) = Command::new("script").arg("--version").output() else {
        return; // no `script` here: no pty to test with
    };
    assert!(script.status.success());
    let run = format!("'{}' {}", env!("CARGO_BIN_EXE_asyncio"), LONG.join(" "));
    let out = Command::new("script")
        .args(["-qec", &run, "/dev/null"])
        .env_remove(PROGRESS_ENV)
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    assert!(out.status.success(), "{out:?}");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains(&format!("{LABEL} 2 s")), "{screen:?}");
    let at = screen.find("gathered:").expect("the cell's output");
    let before = &screen[..at];
    let line_start = before.rfind(['\r', '\n']).map_or(0, |i| i + 1);
    assert!(
        !before[line_start..].contains("running"),
        "output written after progress text: {:?}",
        &screen[line_start..at + 10]
    );
    let last = screen.rfind("running").expect("a progress line");
    assert!(
        screen[last..].contains("\x1b[2K"),
        "the line is cleared at the end: {:?}",
        &screen[last..]
    );
}
