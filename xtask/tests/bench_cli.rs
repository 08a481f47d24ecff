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

#[test]
fn bench_help_names_publish() {
    let out = xtask(&["bench", "--help"]);
    assert!(
        text(&out).contains("--publish") && text(&out).contains("docs/bench/"),
        "{}",
        text(&out)
    );
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Issue 28's third item: `bench` writes under the target directory only; the tracked
/// `docs/bench/` changes only with `--publish`. Run with a stand-in for cargo that builds no
/// benchmark and no python3 on PATH, so nothing is measured and the run takes no time; the
/// report is still written, where it belongs.
#[test]
fn bench_without_publish_leaves_docs_bench_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/bench");
    let before = snapshot(&docs);
    let target = tmp.path().join("target");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bench", "--quick"])
        .env("CARGO", &cargo)
        .env("CARGO_TARGET_DIR", &target)
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("not copied to docs/bench/ (--publish does)"),
        "{}",
        text(&out)
    );
    assert!(target.join("bench/report.md").is_file());
    assert!(
        snapshot(&docs) == before,
        "docs/bench/ changed without --publish"
    );
}
