//! The xtask binary as a user meets it: recorded traces judged, bad input refused with exit 2,
//! and a closed stdout met quietly.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use interleaving::testing::run_bin_with_stdin;

const GOOD: &str = include_str!("data/threading.jsonl");

fn xtask(args: &[&str], stdin: &str) -> Output {
    run_bin_with_stdin(env!("CARGO_BIN_EXE_xtask"), args, stdin.as_bytes())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn check_stdin(trace: &str) -> Output {
    xtask(&["check", "threading", "--trace", "-"], trace)
}

/// The recorded run with its lines edited: `f` gets them as a Vec to change.
fn edited(f: impl FnOnce(&mut Vec<&str>)) -> String {
    let mut lines: Vec<&str> = GOOD.lines().collect();
    f(&mut lines);
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn position(lines: &[&str], needle: &str) -> usize {
    lines.iter().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn a_recorded_good_run_passes() {
    let out = check_stdin(GOOD);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("13 of 13 properties held, 0 violated"),
        "{}",
        text(&out)
    );
}

/// `check threading` on `trace` exits 1 and says `why`.
fn refused(trace: &str, why: &str) {
    let out = check_stdin(trace);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains(why), "expected {why:?} in:\n{t}");
}

#[test]
fn an_empty_trace_fails_saying_so() {
    let out = xtask(&["check", "threading", "--trace", "/dev/null"], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("the trace is empty"), "{}", text(&out));
    refused("", "the trace is empty");
    refused("\n\n  \n", "the trace is empty");
}

#[test]
fn another_lessons_trace_fails_saying_whose_it_is() {
    refused(
        include_str!("data/multiprocessing.jsonl"),
        "a trace of the multiprocessing lesson",
    );
}

#[test]
fn two_runs_glued_together_fail() {
    refused(&format!("{GOOD}{GOOD}"), "a second run begins");
}

#[test]
fn a_thread_writing_after_its_join_fails() {
    let trace = edited(|l| {
        let last_write = l
            .iter()
            .rposition(|x| x.contains("\"actor\":\"square\""))
            .unwrap();
        let w = l.remove(last_write);
        let join = position(l, "\"join\",\"value\":\"square\"");
        l.insert(join + 1, w);
    });
    refused(&trace, "VIOLATED  joined-actors-are-finished");
}

#[test]
fn a_run_cut_short_fails() {
    let trace = edited(|l| {
        l.pop();
    });
    refused(&trace, "cut short");
}

#[test]
fn hello_moved_after_a_join_is_caught() {
    let trace = edited(|l| {
        let hello = l.remove(position(l, "\"Hello\""));
        let join = position(l, "\"kind\":\"join\"");
        l.insert(join + 1, hello);
    });
    let out = check_stdin(&trace);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("VIOLATED  first-hello-before-the-joins"), "{t}");
    assert!(t.contains("happens-before violated"), "{t}");
}

#[test]
fn a_duplicated_line_is_caught() {
    let trace = edited(|l| {
        let i = position(l, "\"Cube:\"");
        let dup = l[i];
        l.insert(i + 1, dup);
    });
    let out = check_stdin(&trace);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("per-actor-order violated"), "{t}");
    assert!(t.contains("VIOLATED  cube-printed-once"), "{t}");
}

#[test]
fn a_missing_child_line_is_caught() {
    let trace = edited(|l| {
        l.remove(position(l, "\"27\""));
    });
    let out = check_stdin(&trace);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("exactly-once violated"), "{t}");
    assert!(t.contains("missing [\"Cube: 27\"]"), "{t}");
}

#[test]
fn a_malformed_trace_is_an_error_with_its_line_number() {
    let trace = edited(|l| l.insert(3, "Square:Cube: 4"));
    let out = check_stdin(&trace);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4: not a trace event"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_missing_trace_file_is_one_clear_line() {
    let out = xtask(
        &["check", "threading", "--trace", "/nonexistent/run.jsonl"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: reading /nonexistent/run.jsonl: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_unknown_demo_is_refused_with_the_known_ones() {
    let out = xtask(&["check", "threads", "--runs", "1"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no demo called 'threads'"), "{err}");
    for name in [
        "multiprocessing",
        "threading",
        "producer-consumer",
        "coroutines",
        "asyncio",
    ] {
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn out_of_range_runs_are_refused_naming_the_flag_and_range() {
    for bad in ["0", "-3", "abc", "100001"] {
        for verb in [&["demo-all"][..], &["check", "threading"][..]] {
            let mut args = verb.to_vec();
            args.extend(["--runs", bad]);
            let out = xtask(&args, "");
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("--runs"), "{err}");
            assert!(err.contains("from 1 to 100000"), "{err}");
        }
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    let out = xtask(&["demo-all", "--fast"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'--fast'"));
}

#[test]
fn bare_xtask_lists_the_verbs() {
    let out = xtask(&[], "");
    assert!(out.status.success());
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("demo-all") && t.contains("check"), "{t}");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // The reading end is closed before xtask writes a byte: every write gets EPIPE.
    let (read, write) = nix::unistd::pipe().unwrap();
    drop(read);
    for args in [&[][..], &["check", "threading", "--trace", "-"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::from(write.try_clone().unwrap()))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Bare xtask does not read stdin: a broken pipe here is fine.
        let _ = child.stdin.take().unwrap().write_all(GOOD.as_bytes());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{err}"
        );
    }
}

#[test]
fn an_unknown_cell_is_refused_with_the_valid_ones() {
    for verb in ["explore", "timeline"] {
        let out = xtask(&[verb, "threading", "--cell", "no-such-cell"], "");
        assert_eq!(out.status.code(), Some(2), "{verb}: {}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("no-such-cell") && err.contains("square-cube"),
            "{err}"
        );
    }
}

#[test]
fn a_non_utf8_line_is_an_error_with_its_line_number() {
    let mut bytes = edited(|_| {}).into_bytes();
    let second_line = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
    bytes.insert(second_line + 5, 0xff);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, bytes).unwrap();
    let out = xtask(
        &["check", "threading", "--trace", path.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2: not a trace event: not UTF-8"),
        "{err}"
    );
}

#[test]
fn demo_flags_go_with_runs_not_with_a_recorded_trace() {
    // `check NAME -- FLAGS` hands FLAGS to every run of the demo; a recorded trace has no run.
    let out = xtask(
        &[
            "check",
            "asyncio",
            "--trace",
            "-",
            "--",
            "--runtime",
            "multi",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("DEMO FLAGS"), "{}", text(&out));
}

/// `timeline threading --trace -` on `trace`, written into a temporary directory.
fn timeline_stdin(trace: &str, extra: &[&str]) -> (Output, Option<u64>) {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg");
    let mut args = vec!["timeline", "threading", "--trace", "-", "-o"];
    args.push(svg.to_str().unwrap());
    args.extend_from_slice(extra);
    let out = xtask(&args, trace);
    (out, std::fs::metadata(&svg).ok().map(|m| m.len()))
}

#[test]
fn timeline_refuses_an_empty_or_another_lessons_trace_as_check_does() {
    for (trace, why) in [
        (String::new(), "the trace is empty"),
        (
            GOOD.replace("\"threading\"", "\"coroutines\""),
            "coroutines",
        ),
    ] {
        let (out, svg) = timeline_stdin(&trace, &[]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            text(&out).contains("not a run of the threading lesson") && text(&out).contains(why),
            "{}",
            text(&out)
        );
        assert_eq!(svg, None, "nothing drawn");
    }
}

#[test]
fn timeline_draws_a_window_of_a_big_trace_and_says_what_it_left_out() {
    let (out, whole) = timeline_stdin(GOOD, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("left out"), "{}", text(&out));
    let (out, window) = timeline_stdin(GOOD, &["--from", "5", "--to", "14", "--first", "2"]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("left out")
            && t.contains("before line 5")
            && t.contains("after line 14")
            && t.contains("past the first 2 of their actor"),
        "{t}"
    );
    assert!(window.unwrap() < whole.unwrap());
    let (out, _) = timeline_stdin(GOOD, &["--from", "14", "--to", "5"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
