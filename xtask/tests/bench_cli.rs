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

/// `cargo xtask bench ARGS` with a stand-in for cargo that builds no benchmark and no python3
/// on PATH, so nothing is measured and the run takes no time (the report is still written):
/// what it printed, and the target directory (under `tmp`) it wrote to.
fn bench_measuring_nothing(tmp: &std::path::Path, args: &[&str]) -> (Output, std::path::PathBuf) {
    let bin = tmp.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&cargo, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let target = tmp.join("target");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("bench")
        .args(args)
        .env("CARGO", &cargo)
        .env("CARGO_TARGET_DIR", &target)
        .env("PATH", &bin)
        .output()
        .unwrap();
    (out, target)
}

/// Issue 28's third item: `bench` writes under the target directory only; the tracked
/// `docs/bench/` changes only with `--publish`. Measuring nothing, the report is still
/// written, where it belongs.
#[test]
fn bench_without_publish_leaves_docs_bench_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/bench");
    let before = snapshot(&docs);
    let (out, target) = bench_measuring_nothing(tmp.path(), &["--quick"]);
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

/// `--only` with a pattern no row or curve contains is a usage error (exit 2) before anything
/// is built, and the message lists every row, so the user can pick one.
#[test]
fn only_with_a_pattern_that_matches_nothing_exits_2_with_the_row_names() {
    let out = xtask(&["bench", "--only", "Lock,no such row"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    for name in [
        "no row or curve matches 'no such row'",
        "Lock over std Mutex, uncontended",
        "page faults per start+join: Process fork",
        "queue-vs-threads",
    ] {
        assert!(text(&out).contains(name), "{name}: {}", text(&out));
    }
}

#[test]
fn only_and_publish_together_are_a_usage_error() {
    // A report of a few rows must not replace the full one the README cites.
    let out = xtask(&["bench", "--only", "Lock", "--publish"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot be used with"), "{}", text(&out));
}

/// Issue 28: `--only` (repeatable, comma-separated) measures only the matching rows and
/// curves, and the report names the rest as left out. Nothing is measured, but the report's
/// rows are exactly the chosen ones.
#[test]
fn only_keeps_the_matching_rows_and_the_report_names_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, target) = bench_measuring_nothing(
        tmp.path(),
        &[
            "--quick",
            "--only",
            "over std mutex,page faults per",
            "--only",
            "queue-vs-threads",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let report = std::fs::read_to_string(target.join("bench/report.md")).unwrap();
    let table: Vec<&str> = report.lines().filter(|l| l.starts_with("| ")).collect();
    for kept in [
        "| Lock over std Mutex, uncontended |",
        "| Semaphore(1) over std Mutex, 2 threads contending |",
        "| page faults per start+join: raw fork+waitpid |",
    ] {
        assert!(
            table.iter().any(|l| l.starts_with(kept)),
            "{kept}: {report}"
        );
    }
    assert!(
        !table.iter().any(|l| l.starts_with("| thread spawn+join |")),
        "{report}"
    );
    assert!(
        report.contains("`over std mutex`, `page faults per`, `queue-vs-threads` (`--only`)"),
        "{report}"
    );
    assert!(report.contains("Left out, not measured:"), "{report}");
    assert!(!report.contains("None measured in this run"), "{report}");
    assert!(report.contains("thread spawn+join"), "{report}");
    assert!(report.contains("speedup-vs-workers"), "{report}");
    assert!(
        !target.join("bench/last-quick.json").exists(),
        "a partial run replaced the history"
    );
}
