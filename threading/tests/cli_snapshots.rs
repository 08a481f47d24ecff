//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p threading --test cli_snapshots`), then read the diff.

use interleaving::testing::assert_refused;

const BIN: &str = env!("CARGO_BIN_EXE_threading");

interleaving::help_and_list_snapshots!(BIN);

#[test]
fn list_with_cell_or_trace_and_a_negative_cell_are_refused() {
    for args in [
        &["--list", "--cell", "1"][..],
        &["--list", "--trace"],
        &["--cell", "-1"],
    ] {
        assert_refused(BIN, args, "");
    }
    assert_refused(BIN, &["--cell", "-1"], "cells 1 to 13");
}
