//! The real binary: its trace keeps every property, it is the same on every run, and its
//! flags fail with exit code 2 and a message naming the flag.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use coroutines::properties::properties;
use interleaving::{Trace, check};

const BIN: &str = env!("CARGO_BIN_EXE_coroutines");

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("running the coroutines binary")
}

fn trace(args: &[&str]) -> Trace {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Trace::parse(&String::from_utf8(out.stdout).unwrap()).expect("a well-formed trace")
}

#[test]
fn the_binarys_trace_keeps_every_property() {
    let report = check(&trace(&["--trace"]), &properties());
    assert!(report.is_ok(), "{report}");
    let not_run: Vec<&str> = report.not_run().map(|v| v.property.as_str()).collect();
    assert!(
        not_run.is_empty(),
        "properties whose cell did not run: {not_run:?}"
    );
}

#[test]
fn every_run_shows_the_same_interleaving() {
    let first = trace(&["--trace"]).fingerprint();
    for _ in 0..3 {
        assert_eq!(trace(&["--trace"]).fingerprint(), first);
    }
}

#[test]
fn fancy_name_output_is_exactly_the_notebooks() {
    let out = run(&["--cell", "fancy-name"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let output: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("│ ") && !l.starts_with("━━"))
        .collect();
    assert_eq!(output, ["Cool:Utkarsh", "Cool:Gupta", "Done"], "{text}");
}

#[test]
fn scheduler_knobs_change_the_run_and_the_properties_still_hold() {
    let t = trace(&[
        "--trace",
        "--cell",
        "scheduler",
        "--tasks",
        "5",
        "--steps",
        "4",
    ]);
    let starts = t.lines.iter().filter(|l| l.event.kind == "start").count();
    assert_eq!(starts, 5);
    let report = check(&t, &properties());
    assert!(report.is_ok(), "{report}");
}

#[test]
fn list_names_the_six_cells() {
    let out = run(&["--list"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
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
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let err = String::from_utf8_lossy(&run(&["--tasks", "0"]).stderr).into_owned();
    assert!(err.contains("from 1 to 9"), "{err}");
}

#[test]
fn output_cut_short_by_head_ends_quietly() {
    let mut child = Command::new(BIN)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone now, as with `| head -1`.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
