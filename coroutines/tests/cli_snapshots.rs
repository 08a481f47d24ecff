//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p coroutines --test cli_snapshots`), then read the diff.

use interleaving::testing::{assert_refused, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_coroutines");

fn stdout(args: &[&str]) -> String {
    stdout_of(BIN, args)
}

fn refused(args: &[&str], why: &str) {
    assert_refused(BIN, args, why)
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
