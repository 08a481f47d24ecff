//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p coroutines --test cli_snapshots`), then read the diff.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coroutines"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `args` exit 2 (clap's usage error) with `why` in the message, before anything runs.
fn refused(args: &[&str], why: &str) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.starts_with("error: ") && err.contains(why),
        "{args:?}: {err}"
    );
    assert!(out.stdout.is_empty(), "{args:?} ran something");
}

#[test]
fn help() {
    insta::assert_snapshot!(stdout(&["--help"]));
}

#[test]
fn list() {
    insta::assert_snapshot!(stdout(&["--list"]));
}

/// One thread, one order: the whole lesson's text is the same on every run, so it is kept
/// whole.
#[test]
fn the_whole_lesson_text() {
    insta::assert_snapshot!(stdout(&[]));
}

#[test]
fn list_with_trace_is_refused() {
    refused(&["--list", "--trace"], "cannot be used with");
}
