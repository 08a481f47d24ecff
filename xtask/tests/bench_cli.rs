//! `cargo xtask bench` as a user calls it: the modes and `--allow-flags` are flags it takes,
//! and bad combinations are usage errors (exit 2) before anything is built or measured.
//! (What the flags do to the figures is tested in the bench modules' unit tests.)

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn bench_help_names_its_modes_and_allow_flags() {
    let out = xtask(&["bench", "--help"]);
    assert!(out.status.success(), "{}", text(&out));
    for flag in ["--quick", "--precise", "--allow-flags"] {
        assert!(text(&out).contains(flag), "{flag}: {}", text(&out));
    }
}

#[test]
fn quick_and_precise_together_are_a_usage_error() {
    let out = xtask(&["bench", "--quick", "--precise"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot be used with"), "{}", text(&out));
}

#[test]
fn allow_flags_takes_no_value() {
    let out = xtask(&["bench", "--allow-flags=yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
