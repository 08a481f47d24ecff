//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p multiprocessing --test cli_snapshots`), then read the diff.

use interleaving::testing::{assert_refused, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

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
fn list_with_cell_and_an_unknown_cell_are_refused() {
    refused(&["--list", "--cell", "1"], "cannot be used with");
    refused(&["--cell", "0"], "cells 1 to 10");
}
