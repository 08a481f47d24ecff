//! The binary's flags and exit codes (SPEC section 2): 2 for bad usage naming the flag and the
//! range, a quiet end when stdout closes early, and the hidden spawn argument.

use interleaving::testing::{assert_quiet_when_the_reader_leaves, assert_usage_error, run_text};

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_text(BIN, args)
}

#[test]
fn out_of_range_and_malformed_numbers_exit_2_naming_the_flag_and_range() {
    for (flag, bad, range) in [
        ("--children", "0", "from 1 to 64"),
        ("--children", "-3", "from 1 to 64"),
        ("--children", "abc", "from 1 to 64"),
        ("--children", "65", "from 1 to 64"),
        ("--workers", "0", "from 1 to 64"),
        ("--job", "0", "from 1 to 100000000"),
        ("--items", "-1", "from 1 to 100000"),
        ("--work-ms", "60001", "from 0 to 60000"),
    ] {
        assert_usage_error(BIN, &[flag, bad], &[flag, range]);
    }
}

#[test]
fn an_unknown_cell_exits_2_and_lists_the_cells() {
    assert_usage_error(
        BIN,
        &["--cell", "99"],
        &["--cell", "1 start-hello", "10 queue"],
    );
}

#[test]
fn one_cell_by_number_or_name() {
    let (code, out, _) = run(&["--cell", "6"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("parent after join: data = [1, 2, 3]"), "{out}");
    let (code, out, _) = run(&["--cell", "exit-codes"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("terminated: exitcode=-15"), "{out}");
}

#[test]
fn knobs_change_the_run() {
    let (code, out, _) = run(&["--cell", "join-waits", "--children", "7"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("\n49\n"), "{out}");
    let (code, out, _) = run(&["--cell", "queue", "--items", "3"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("Consumed 2") && !out.contains("Consumed 3"),
        "{out}"
    );
}

#[test]
fn closing_stdout_early_ends_quietly() {
    // `multiprocessing | head -1`: read one line, close the pipe, the demo finishes quietly.
    assert_quiet_when_the_reader_leaves(&mut std::process::Command::new(BIN));
}

#[test]
fn a_spawn_child_with_bad_arguments_exits_2() {
    let (code, _, err) = run(&[multiprocessing::spawn::SPAWN_ARG, "only-one"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("expects"), "{err}");
}

#[test]
fn a_spawn_child_with_unparsable_task_arguments_exits_1() {
    let (code, _, err) = run(&[
        multiprocessing::spawn::SPAWN_ARG,
        "child-1",
        "exit_with",
        "text",
        "\"not a number\"",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("UnpicklingError") && err.contains("exit_with"),
        "{err}"
    );
}
