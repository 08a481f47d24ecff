//! A test that must fail in a way no `catch_unwind` can see (loom aborts the process when it
//! finds a deadlock: it panics again while unwinding), run in a child process: the test binary
//! runs itself again, on that one `#[ignore]`d test.

use std::time::Duration;

use super::binary::{command, run_command};

/// Runs the `#[ignore]`d test `test` of the current test binary in a child process and
/// asserts that it failed (`why` says what should have failed) with `needle` in its stderr
/// (what the failure must be, e.g. loom's "deadlock"). Returns that stderr.
///
/// ```no_run
/// // In a test file: `model` is an #[ignore]d test that must abort on loom's deadlock.
/// interleaving::testing::assert_fails_in_child("model", "deadlock", "loom finds the deadlock");
/// ```
pub fn assert_fails_in_child(test: &str, needle: &str, why: &str) -> String {
    let me = std::env::current_exe().expect("the test binary's path");
    let args = [
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads",
        "1",
    ];
    let out = run_command(
        command(me, &args).env("RUST_BACKTRACE", "0"),
        Duration::from_secs(600),
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{why}: the child passed");
    assert!(
        stderr.contains(needle),
        "{test} failed, but not with {needle:?}: {stderr}"
    );
    stderr
}
