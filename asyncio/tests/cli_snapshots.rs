//! What a learner meets first, kept as insta snapshots: `--help` (the lesson's summary,
//! lesson flags and knobs apart, the cells) and `--list` (each cell's file too); and the
//! flags clap refuses together. After a deliberate change: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p asyncio --test cli_snapshots`), then read the diff.

use interleaving::testing::assert_refused;

const BIN: &str = env!("CARGO_BIN_EXE_asyncio");

interleaving::help_and_list_snapshots!(BIN);

#[test]
fn serve_with_another_cell_or_the_list_is_refused() {
    assert_refused(BIN, &["--serve", "--cell", "1"], "--cell echo-server");
    assert_refused(BIN, &["--serve", "--cell", "gather"], "--cell echo-server");
    assert_refused(BIN, &["--serve", "--list"], "cannot be used with");
}
