//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p producer-consumer --test cli_snapshots`), then read the diff.

use interleaving::testing::{assert_refused, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

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

#[test]
fn forever_with_a_knob_it_ignores_is_refused() {
    for knob in [
        "--messages",
        "--items",
        "--producers",
        "--consumers",
        "--slow-ms",
    ] {
        refused(&["--forever", knob, "5"], "cannot be used with");
    }
    refused(&["--pace-ms", "5"], "--forever");
}
