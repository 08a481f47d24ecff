//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p producer-consumer --test cli_snapshots`), then read the diff.

use interleaving::testing::assert_refused;

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

interleaving::help_and_list_snapshots!(BIN);

#[test]
fn forever_with_a_knob_it_ignores_is_refused() {
    for knob in [
        "--messages",
        "--items",
        "--producers",
        "--consumers",
        "--slow-ms",
    ] {
        assert_refused(BIN, &["--forever", knob, "5"], "cannot be used with");
    }
    assert_refused(BIN, &["--pace-ms", "5"], "--forever");
}
