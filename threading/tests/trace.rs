//! The real binary, run with `--trace` (no other flags, as `cargo xtask demo-all` runs it):
//! its trace parses, every property holds, and every cell ran.

use interleaving::testing::run_text;
use interleaving::{Trace, check};
use threading::properties::properties;

/// Runs the binary with `args` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_text(env!("CARGO_BIN_EXE_threading"), args)
}

#[test]
fn whole_lesson_trace_holds_every_property() {
    // A few runs, since what is checked must hold under every interleaving.
    for run_no in 1..=3 {
        let (code, stdout, stderr) = run(&["--trace"]);
        assert_eq!(code, Some(0), "run {run_no}: stderr: {stderr}");
        let trace = Trace::parse(&stdout).expect("the trace parses");
        let report = check(&trace, &properties());
        assert!(report.is_ok(), "run {run_no}:\n{report}");
        let not_run: Vec<String> = report.not_run().map(|v| v.to_string()).collect();
        assert!(
            not_run.is_empty(),
            "run {run_no}: cells missing: {not_run:?}"
        );
        // Observations are recorded, and there is one per "may vary" property.
        assert!(report.observations().count() >= 5, "{report}");
    }
}

#[test]
fn one_cell_trace_holds_its_properties() {
    let (code, stdout, stderr) = run(&["--trace", "--cell", "torn-lines", "--lines", "3"]);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    let report = check(&Trace::parse(&stdout).expect("parses"), &properties());
    assert!(report.is_ok(), "{report}");
    // Only the torn-lines cell ran: the other cells' properties are "not run".
    assert!(report.not_run().count() > 0);
    assert!(
        report
            .not_run()
            .all(|v| v.cell.as_deref() != Some("torn-lines"))
    );
}

#[test]
fn knobs_change_the_trace_and_properties_follow() {
    let (code, stdout, stderr) = run(&[
        "--trace",
        "--cell",
        "shared-counter",
        "--threads",
        "2",
        "--adds",
        "1000",
    ]);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(stdout.contains("mutex expected=2000 got=2000"), "{stdout}");
    let report = check(&Trace::parse(&stdout).expect("parses"), &properties());
    assert!(report.is_ok(), "{report}");

    let (code, stdout, _) = run(&[
        "--trace",
        "--cell",
        "no-gil",
        "--workers",
        "3",
        "--primes-below",
        "1000",
    ]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("\"parallel=168\""), "{stdout}");
    let report = check(&Trace::parse(&stdout).expect("parses"), &properties());
    assert!(report.is_ok(), "{report}");
}

/// What `cargo xtask check threading --runs N` does, for when xtask is not there:
/// `THREADING_RUNS=200 cargo test --release -p threading --test trace -- --ignored`.
#[test]
#[ignore = "long: run on purpose, in release"]
fn many_runs_hold_every_property() {
    let runs: usize = std::env::var("THREADING_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let mut lost_in = 0;
    let mut torn_in = 0;
    for run_no in 1..=runs {
        let (code, stdout, stderr) = run(&["--trace"]);
        assert_eq!(code, Some(0), "run {run_no}: stderr: {stderr}");
        let report = check(&Trace::parse(&stdout).expect("parses"), &properties());
        assert!(report.is_ok(), "run {run_no}:\n{report}");
        assert_eq!(report.not_run().count(), 0, "run {run_no}:\n{report}");
        for (name, value) in report.observations() {
            if name == "racy-counter-lost-updates" && !value.starts_with("lost 0 ") {
                lost_in += 1;
            }
            if name == "lines-torn-when-printed-in-pieces" && value != "0 torn" {
                torn_in += 1;
            }
        }
    }
    eprintln!(
        "{runs} runs: every property held; racy counter lost updates in {lost_in}, pieces tore in {torn_in}"
    );
}
