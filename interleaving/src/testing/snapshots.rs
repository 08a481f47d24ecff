//! What a learner meets first, `--help` and `--list`, kept as insta snapshots the same way
//! for every lesson's binary.

/// Defines the tests `help` and `list`: the binary's `--help` and `--list` output, each an
/// insta snapshot (`snapshots/<file>__help.snap`, `..__list.snap` beside the test file, as
/// insta names them after the test and its file), through the `insta` this module re-exports:
/// the calling crate needs no `insta` of its own.
///
/// ```no_run
/// // tests/cli_snapshots.rs of a lesson crate:
/// // (there, `env!("CARGO_BIN_EXE_threading")`; a path here, for the example to build)
/// interleaving::help_and_list_snapshots!("target/debug/threading");
/// ```
#[macro_export]
macro_rules! help_and_list_snapshots {
    ($bin:expr) => {
        #[test]
        fn help() {
            let stdout = |args: &[&str]| $crate::testing::stdout_of($bin, args);
            $crate::testing::insta::assert_snapshot!(stdout(&["--help"]));
        }

        #[test]
        fn list() {
            let stdout = |args: &[&str]| $crate::testing::stdout_of($bin, args);
            $crate::testing::insta::assert_snapshot!(stdout(&["--list"]));
        }
    };
}
