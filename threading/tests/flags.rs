//! The binary's flags at their edges: bad values exit 2 with a message naming the flag and the
//! range; `--list`, `--cell` by number and name; a closed stdout ends quietly.

use interleaving::testing::{assert_quiet_when_the_reader_leaves, assert_usage_error, run_text};

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_text(env!("CARGO_BIN_EXE_threading"), args)
}

/// `args` is a usage error: exit 2, stderr names `flag` and says `range`, no panic.
fn usage_error(args: &[&str], flag: &str, range: &str) {
    assert_usage_error(env!("CARGO_BIN_EXE_threading"), args, &[flag, range]);
}

#[test]
fn number_flags_out_of_range_exit_2_naming_flag_and_range() {
    usage_error(&["--lines", "0"], "--lines", "from 1 to 10000");
    usage_error(&["--lines", "10001"], "--lines", "from 1 to 10000");
    usage_error(&["--threads", "-3"], "--threads", "from 1 to 64");
    usage_error(&["--threads", "abc"], "--threads", "from 1 to 64");
    usage_error(&["--adds", "0"], "--adds", "from 1 to 100000000");
    usage_error(&["--workers", "0"], "--workers", "from 1 to 64");
    usage_error(&["--workers", "65"], "--workers", "from 1 to 64");
    usage_error(
        &["--primes-below", "1"],
        "--primes-below",
        "from 2 to 100000000",
    );
    usage_error(
        &["--primes-below", "1e6"],
        "--primes-below",
        "from 2 to 100000000",
    );
}

#[test]
fn unknown_cell_exits_2_listing_the_cells() {
    for bad in ["0", "14", "nope"] {
        let (code, _, stderr) = run(&["--cell", bad]);
        assert_eq!(code, Some(2), "--cell {bad}: {stderr}");
        assert!(stderr.contains("--cell"), "{stderr}");
        assert!(
            stderr.contains("1 square-cube") && stderr.contains("12 python-errors"),
            "{stderr}"
        );
    }
}

#[test]
fn list_shows_every_cell_in_order() {
    let (code, stdout, _) = run(&["--list"]);
    assert_eq!(code, Some(0));
    let names: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let want: Vec<&str> = threading::cells::LESSON
        .cells
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, want);
}

#[test]
fn cell_by_number_and_by_name_run_the_same_cell() {
    for pick in ["6", "lock"] {
        let (code, stdout, stderr) = run(&["--cell", pick]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.contains("6/13 lock"), "{stdout}");
        assert!(stdout.contains("lock-b: turn 3"), "{stdout}");
        assert!(!stdout.contains("square-cube"), "only one cell: {stdout}");
    }
}

#[test]
fn smallest_knobs_still_run() {
    let (code, stdout, stderr) = run(&[
        "--lines",
        "1",
        "--threads",
        "1",
        "--adds",
        "1",
        "--workers",
        "1",
        "--primes-below",
        "2",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    // One thread alone cannot race: nothing lost.
    assert!(
        stdout.contains("expected         1, got         1, lost 0"),
        "{stdout}"
    );
    assert!(stdout.contains("0 primes below 2"), "{stdout}");
}

#[test]
fn text_mode_narrates_and_the_panic_is_reported_like_python_on_stderr() {
    let (code, stdout, stderr) = run(&["--cell", "scope-name-panic"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("│ "), "narration is marked: {stdout}");
    assert!(stdout.contains("join returned Err: attempt to divide by zero"));
    assert!(stdout.contains("main goes on"));
    // Python's threading.excepthook: header, traceback (one frame: where it panicked), error.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert_eq!(lines[0], "Exception in thread doomed:");
    assert_eq!(lines[1], "Traceback (most recent call last):");
    assert!(lines[2].starts_with("  File \"threading/src/cells/scope_name_panic.rs:"));
    assert_eq!(lines[3], "panic: attempt to divide by zero");
}

#[test]
fn closed_stdout_ends_quietly() {
    // Like `threading | head -1`: read one line, then close the pipe.
    assert_quiet_when_the_reader_leaves(&mut std::process::Command::new(env!(
        "CARGO_BIN_EXE_threading"
    )));
}

#[test]
fn knobs_default_matches_the_flags_defaults() {
    use clap::Parser;
    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        knobs: threading::cells::Knobs,
    }
    let parsed = Args::parse_from(["threading"]).knobs;
    let default = threading::cells::Knobs::default();
    assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
}
