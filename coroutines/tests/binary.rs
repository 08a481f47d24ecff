//! The real binary: its trace keeps every property, it is the same on every run, and its
//! flags fail with exit code 2 and a message naming the flag.

use coroutines::properties::properties;
use interleaving::check;
use interleaving::testing::{
    assert_quiet_when_the_reader_leaves, assert_usage_error, record, stdout_of,
};

const BIN: &str = env!("CARGO_BIN_EXE_coroutines");

#[test]
fn the_binarys_trace_keeps_every_property() {
    let report = check(&record(BIN, &[]), &properties());
    assert!(report.is_ok(), "{report}");
    let not_run: Vec<&str> = report.not_run().map(|v| v.property.as_str()).collect();
    assert!(
        not_run.is_empty(),
        "properties whose cell did not run: {not_run:?}"
    );
}

#[test]
fn every_run_shows_the_same_interleaving() {
    let first = record(BIN, &[]).fingerprint();
    for _ in 0..3 {
        assert_eq!(record(BIN, &[]).fingerprint(), first);
    }
}

#[test]
fn fancy_name_output_is_exactly_the_notebooks() {
    let text = stdout_of(BIN, &["--cell", "fancy-name"]);
    let output: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("│ ") && !l.starts_with("━━"))
        .collect();
    assert_eq!(output, ["Cool:Utkarsh", "Cool:Gupta", "Done"], "{text}");
}

#[test]
fn scheduler_knobs_change_the_run_and_the_properties_still_hold() {
    let t = record(
        BIN,
        &["--cell", "scheduler", "--tasks", "5", "--steps", "4"],
    );
    let starts = t.lines.iter().filter(|l| l.event.kind == "start").count();
    assert_eq!(starts, 5);
    let report = check(&t, &properties());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn list_names_the_six_cells() {
    let text = stdout_of(BIN, &["--list"]);
    for name in [
        "func2",
        "fancy-name",
        "priming",
        "averager",
        "pipeline",
        "scheduler",
    ] {
        assert!(text.contains(name), "{text}");
    }
}

#[test]
fn bad_flags_exit_2_naming_the_flag_and_range() {
    for (args, needle) in [
        (&["--tasks", "0"][..], "--tasks"),
        (&["--tasks", "-3"][..], "--tasks"),
        (&["--tasks", "abc"][..], "--tasks"),
        (&["--steps", "21"][..], "--steps"),
        (&["--cell", "9"][..], "--cell"),
        (&["--cell", "nope"][..], "--cell"),
    ] {
        assert_usage_error(BIN, args, &[needle]);
    }
    assert_usage_error(BIN, &["--tasks", "0"], &["from 1 to 9"]);
}

#[test]
fn output_cut_short_by_head_ends_quietly() {
    // The reader is gone after one line, as with `| head -1`.
    let out = assert_quiet_when_the_reader_leaves(&mut std::process::Command::new(BIN));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
