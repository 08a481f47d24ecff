//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p distributed --test cli_snapshots`), then read the diff.

use interleaving::testing::assert_refused;

const BIN: &str = env!("CARGO_BIN_EXE_distributed");

interleaving::help_and_list_snapshots!(BIN);

#[test]
fn worker_flags_without_their_role_or_server_are_refused() {
    assert_refused(BIN, &["--claim"], "--role");
    assert_refused(BIN, &["--name", "w"], "--role");
    assert_refused(BIN, &["--role", "worker"], "--redis");
}
