//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p multiprocessing --test cli_snapshots`), then read the diff.

use interleaving::testing::assert_refused;

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

interleaving::help_and_list_snapshots!(BIN);

#[test]
fn list_with_cell_and_an_unknown_cell_are_refused() {
    assert_refused(BIN, &["--list", "--cell", "1"], "cannot be used with");
    assert_refused(BIN, &["--cell", "0"], "cells 1 to 10");
}
