//! The fork-with-threads cell: its real trace keeps every property, and each property has a
//! trace that breaks it.

use std::process::Command;

use interleaving::{Trace, check};
use multiprocessing::cells::FORK_WITH_THREADS;
use multiprocessing::cells::fork_with_threads::{HELD_AT_FORK, STDOUT_FREE};
use multiprocessing::properties::properties;

const BIN: &str = env!("CARGO_BIN_EXE_multiprocessing");

/// The steps of a run as it should go.
fn good() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("lesson", "cell", FORK_WITH_THREADS),
        ("logger", "acquire", "log"),
        ("pitfall-child", "print", HELD_AT_FORK),
        ("main", "start", "pitfall-child"),
        ("logger", "release", "log"),
        ("main", "print", "pitfall-child: exitcode=0"),
        ("holder", "acquire", "stdout"),
        ("main", "start", "fix-child"),
        ("holder", "release", "stdout"),
        ("fix-child", "print", STDOUT_FREE),
        ("main", "print", "fix-child: exitcode=0"),
    ]
}

fn violated(steps: Vec<(&str, &str, &str)>) -> Vec<String> {
    check(&Trace::from_steps(steps), &properties())
        .violations()
        .map(|v| v.property.clone())
        .collect()
}

#[test]
fn the_real_trace_keeps_every_property_run_after_run() {
    for run in 0..20 {
        let out = Command::new(BIN)
            .args(["--trace", "--cell", FORK_WITH_THREADS])
            .output()
            .unwrap();
        assert!(out.status.success(), "run {run}");
        let trace = Trace::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
        let report = check(&trace, &properties());
        assert!(report.is_ok(), "run {run}:\n{report}");
    }
}

#[test]
fn the_hand_made_good_run_holds() {
    assert_eq!(violated(good()), Vec::<String>::new());
}

#[test]
fn a_child_that_found_the_lock_free_is_caught() {
    let mut steps = good();
    steps[2] = ("pitfall-child", "print", "the log lock was free");
    assert!(violated(steps).contains(&"child-finds-the-lock-held-at-fork".to_string()));
}

#[test]
fn a_start_before_the_lock_was_taken_is_caught() {
    let mut steps = good();
    steps.swap(1, 3); // main starts the child before the logger holds the lock
    assert!(violated(steps).contains(&"lock-held-before-the-fork".to_string()));
}

#[test]
fn a_release_before_the_child_reported_is_caught() {
    let mut steps = good();
    let release = steps.remove(4);
    steps.insert(2, release);
    assert!(violated(steps).contains(&"lock-released-after-the-child-reported".to_string()));
}

#[test]
fn a_child_running_while_another_thread_held_stdout_is_caught() {
    let mut steps = good();
    steps.swap(8, 9); // the child printed before the holder let go of stdout
    assert!(violated(steps).contains(&"fork-waits-for-the-lock-the-child-needs".to_string()));
}

#[test]
fn a_fixed_child_that_printed_twice_is_caught() {
    let mut steps = good();
    steps.insert(10, ("fix-child", "print", STDOUT_FREE));
    assert!(violated(steps).contains(&"fixed-child-takes-stdout-once".to_string()));
}

#[test]
fn a_child_that_did_not_exit_0_is_caught() {
    let mut steps = good();
    steps[10] = ("main", "print", "fix-child: exitcode=-9");
    assert!(violated(steps).contains(&"both-children-exit-0".to_string()));
}
