//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p coroutines --test cli_snapshots`), then read the diff.

use interleaving::testing::{assert_refused, stdout_of};

const BIN: &str = env!("CARGO_BIN_EXE_coroutines");

interleaving::help_and_list_snapshots!(BIN);

/// One thread, one order: the whole lesson's text is the same on every run, so it is kept
/// whole.
#[test]
fn the_whole_lesson_text() {
    insta::assert_snapshot!(stdout_of(BIN, &[]));
}

#[test]
fn list_with_trace_is_refused() {
    assert_refused(BIN, &["--list", "--trace"], "cannot be used with");
}
