//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p distributed --test cli_snapshots`), then read the diff.

use interleaving::testing::{assert_refused, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_distributed");

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
fn worker_flags_without_their_role_or_server_are_refused() {
    refused(&["--claim"], "--role");
    refused(&["--name", "w"], "--role");
    refused(&["--role", "worker"], "--redis");
}
