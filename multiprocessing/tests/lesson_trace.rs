//! Runs the real binary, the way `cargo xtask demo-all` does, and checks every property.

use std::process::Command;

use interleaving::{Trace, check};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

#[test]
fn whole_lesson_trace_keeps_every_property() {
    let out = Command::new(BIN).arg("--trace").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let report = check(&trace, &multiprocessing::properties::properties());
    println!("{report}");
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.not_run().count(), 0, "{report}");
    // The two children that fail on purpose said so on stderr, as Python's would.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("can't find task 'notebook::showSquare' in this binary"),
        "{stderr}"
    );
    assert!(stderr.contains("Process panics:"), "{stderr}");
}

#[test]
fn text_mode_shows_the_notebook_output_and_narration() {
    let out = Command::new(BIN)
        .args(["--cell", "join-waits"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('│') && !l.is_empty())
        .collect();
    assert!(lines[0].contains("join-waits"), "{text}");
    assert_eq!(lines.last(), Some(&"Hello World"), "{text}");
    let mut squares: Vec<&str> = lines[1..lines.len() - 1].to_vec();
    squares.sort();
    assert_eq!(squares, ["1", "16", "25", "4", "9"], "{text}");
}

#[test]
fn list_names_every_cell() {
    let out = Command::new(BIN).arg("--list").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for cell in multiprocessing::cells::LESSON.cells {
        assert!(text.contains(cell.name), "{text}");
    }
}

/// `cargo test -p multiprocessing --test lesson_trace -- --ignored --nocapture`, with
/// `MULTIPROCESSING_RUNS=100` for more (and `MULTIPROCESSING_BIN=target/release/multiprocessing`
/// for the release build): the same check, run after run, observations tallied.
#[test]
#[ignore]
fn many_runs_keep_every_property() {
    let runs: usize = std::env::var("MULTIPROCESSING_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let bin = std::env::var("MULTIPROCESSING_BIN").unwrap_or_else(|_| BIN.to_owned());
    let mut hello: std::collections::BTreeMap<String, usize> = Default::default();
    for run in 0..runs {
        let out = Command::new(&bin).arg("--trace").output().unwrap();
        assert!(out.status.success(), "run {run}");
        let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
        let report = check(&trace, &multiprocessing::properties::properties());
        assert!(report.is_ok(), "run {run}:\n{report}");
        assert_eq!(report.not_run().count(), 0);
        for v in &report.verdicts {
            if v.property == "where-hello-fell"
                && let interleaving::Outcome::Observed(o) = &v.outcome
            {
                let cell = v.cell.clone().unwrap_or_default();
                *hello.entry(format!("{cell}: {o}")).or_default() += 1;
            }
        }
    }
    println!("{runs} runs, every property held; where \"Hello\" fell: {hello:#?}");
}
