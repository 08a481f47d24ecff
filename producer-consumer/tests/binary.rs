//! The real binary: its default `--trace` run keeps every property, and its flags fail the
//! way SPEC section 2 says (exit 2, a message naming the flag and the range).

use std::process::{Command, Output};

use interleaving::{Trace, check};
use producer_consumer::properties::properties;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn default_trace_keeps_every_property() {
    for _ in 0..3 {
        let out = run(&["--trace"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).expect("a valid trace");
        let report = check(&trace, &properties());
        assert!(report.is_ok(), "{report}");
        let not_run: Vec<String> = report.not_run().map(|v| v.to_string()).collect();
        assert!(not_run.is_empty(), "{not_run:?}");
    }
}

#[test]
fn knobs_change_the_run_and_the_properties_still_hold() {
    let out = run(&[
        "--trace",
        "--items",
        "40",
        "--producers",
        "3",
        "--consumers",
        "5",
        "--messages",
        "1001",
        "--slow-ms",
        "0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).expect("a valid trace");
    let report = check(&trace, &properties());
    assert!(report.is_ok(), "{report}");
    let (_, many) = trace
        .cells()
        .into_iter()
        .find(|(name, _)| *name == "many-to-many")
        .expect("the P x C cell ran");
    let puts = many
        .iter()
        .filter(|l| l.event.kind == "put" && l.event.actor.starts_with("producer-"))
        .count();
    assert_eq!(puts, 1001);
}

#[test]
fn bad_counts_exit_2_naming_the_flag_and_range() {
    for (flag, bad, range) in [
        ("--items", "0", "from 1 to 100000"),
        ("--items", "-3", "from 1 to 100000"),
        ("--producers", "abc", "from 1 to 64"),
        ("--consumers", "65", "from 1 to 64"),
        ("--messages", "0", "from 1 to 10000000"),
        ("--slow-ms", "1001", "from 0 to 1000"),
        ("--pace-ms", "-1", "from 0 to 10000"),
        ("--pace-ms", "5", "--forever"),
    ] {
        let out = run(&[flag, bad]);
        assert_eq!(out.status.code(), Some(2), "{flag} {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(flag) && err.contains(range),
            "{flag} {bad}: {err}"
        );
    }
}

#[test]
fn forever_does_not_mix_with_cell_or_list() {
    for other in [&["--cell", "1"][..], &["--list"][..]] {
        let mut args = vec!["--forever"];
        args.extend_from_slice(other);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
    }
}

#[test]
fn unknown_cell_exits_2_listing_the_cells() {
    let out = run(&["--cell", "9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--cell") && err.contains("1 producer-consumer"),
        "{err}"
    );
}

#[test]
fn one_cell_by_name_runs_only_that_cell() {
    let out = run(&["--trace", "--cell", "backpressure"]);
    assert!(out.status.success());
    let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).unwrap();
    // The lines before the first cell (the `lesson` event) come as a cell named "".
    let cells: Vec<&str> = trace
        .cells()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(cells, ["backpressure"]);
    assert!(check(&trace, &properties()).is_ok());
}

#[test]
fn list_names_every_cell() {
    let out = run(&["--list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "producer-consumer",
        "task-done-join",
        "backpressure",
        "many-to-many",
        "crossbeam",
    ] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn text_mode_narrates_and_prints_the_notebook_lines() {
    let out = run(&["--cell", "1"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("│ "), "{text}");
    assert!(
        text.contains("consumer_thread.join() returned: it consumed 5 items"),
        "{text}"
    );
}

#[test]
fn piped_into_head_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(["--trace", "--messages", "200000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    std::io::Read::read(&mut stdout, &mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

/// `cargo xtask check producer-consumer --runs 100`, without xtask: run with
/// `cargo test --release -p producer-consumer --test binary -- --ignored`.
#[test]
#[ignore = "100 runs: run it on purpose"]
fn hundred_runs_keep_every_property() {
    let mut interleavings = std::collections::BTreeSet::new();
    for run_no in 0..100 {
        let out = run(&["--trace"]);
        assert!(
            out.status.success(),
            "run {run_no}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).expect("a valid trace");
        let report = check(&trace, &properties());
        assert!(report.is_ok(), "run {run_no}:\n{report}");
        assert_eq!(report.not_run().count(), 0);
        interleavings.insert(trace.fingerprint());
    }
    eprintln!(
        "100 runs, every property held, {} distinct interleavings",
        interleavings.len()
    );
}

#[test]
fn the_big_run_is_a_flag_and_still_checks() {
    let out = run(&["--trace", "--cell", "many-to-many", "--messages", "20000"]);
    assert!(out.status.success());
    let trace = Trace::parse(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert!(check(&trace, &properties()).is_ok());
    let gets = trace.lines.iter().filter(|l| l.event.kind == "get").count();
    assert_eq!(gets, 20000);
}
