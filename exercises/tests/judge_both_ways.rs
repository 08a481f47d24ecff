//! The judge, proved both ways for every exercise: the file as shipped fails, with a message
//! naming its bug; the solution passes; a plausible wrong fix is rejected.
//!
//! Cargo builds every binary of the crate before its integration tests, so the three
//! programs of each exercise sit next to this test's own executable.

use std::path::PathBuf;

use exercises::{Decision, Judged, find, judge};

/// The built binary `name` (`lost-update`, `solution-lost-update`, `wrong-lost-update`).
fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    // target/debug/deps/judge_both_ways-HASH -> target/debug/NAME
    exe.parent()
        .and_then(|deps| deps.parent())
        .expect("the test lives in target/PROFILE/deps")
        .join(name)
}

fn judged(exercise: &str, prefix: &str) -> Judged {
    let e = find(exercise).expect("a listed exercise");
    let j = judge(e, &bin(&format!("{prefix}{exercise}"))).expect("the judge ran");
    eprintln!("--- {prefix}{exercise}\n{}", j.report);
    j
}

fn redis_missing(j: &Judged) -> bool {
    if let Decision::Skipped(why) = &j.decision {
        assert!(
            std::env::var_os("CONCURRENCY_LAB_REQUIRE_REDIS").is_none_or(|v| v != "1"),
            "redis-server is required here: {why}"
        );
        return true;
    }
    false
}

/// The three verdicts of one exercise. `named` is the property (or `hang`, or `exit`)
/// whose meaning the shipped file's report must give.
fn both_ways(exercise: &str, named: &str) {
    let e = find(exercise).expect("a listed exercise");
    let shipped = judged(exercise, "");
    if redis_missing(&shipped) {
        return;
    }
    assert!(
        !shipped.passed(),
        "the shipped {exercise} passed:\n{}",
        shipped.report
    );
    let why = e.why(named).expect("the exercise explains it");
    assert!(
        shipped.report.contains(why),
        "the shipped {exercise}'s report does not say {why:?}:\n{}",
        shipped.report
    );
    let solution = judged(exercise, "solution-");
    assert!(
        solution.passed(),
        "the solution of {exercise} failed:\n{}",
        solution.report
    );
    let wrong = judged(exercise, "wrong-");
    assert!(
        !wrong.passed(),
        "a wrong fix of {exercise} passed:\n{}",
        wrong.report
    );
}

macro_rules! both_ways {
    ($($test:ident: $name:literal names $why:literal;)*) => {$(
        #[test]
        fn $test() {
            both_ways($name, $why);
        }
    )*};
}

both_ways! {
    children_never_joined_print_hello_world_before_them: "never-joined" names "hello-world-after-every-child";
    a_childs_writes_stay_in_its_own_memory: "shared-memory" names "parent-sees-the-childrens-results";
    children_never_waited_for_are_zombies: "zombies" names "no-child-left-a-zombie";
    a_spawned_child_cannot_find_an_unregistered_task: "spawn-pitfall" names "every-child-finds-its-task";
    unsynchronised_counter_loses_updates: "lost-update" names "counter-is-exact";
    a_line_written_in_pieces_tears: "torn-output" names "lines-are-whole";
    opposite_lock_orders_deadlock: "lock-order" names "hang";
    a_condition_checked_with_if_takes_from_empty: "condition-if" names "never-takes-from-empty";
    // CPython's `test_set_and_clear` (Lib/test/lock_tests.py, gh-57711), as an exercise.
    a_hand_built_event_misses_set_then_clear: "set-then-clear" names "hang";
    a_consumer_without_shutdown_never_ends: "consumer-never-ends" names "hang";
    forgotten_task_done_hangs_join: "task-done-forgotten" names "hang";
    an_unbounded_queue_has_no_backpressure: "no-backpressure" names "put-waits-for-room";
    two_lanes_are_not_a_linearizable_queue: "two-lanes" names "linearizable";
    sending_to_an_unprimed_generator_fails: "never-primed" names "prints-cool-utkarsh-cool-gupta-done";
    generator_exit_passed_through_skips_done: "generator-exit" names "prints-cool-utkarsh-cool-gupta-done";
    a_future_never_awaited_never_runs: "forgotten-await" names "every-greeting-printed";
    a_blocking_sleep_serialises_the_tasks: "blocking-in-async" names "every-sleep-began-before-any-woke";
    no_semaphore_lets_everyone_in: "too-many-at-once" names "at-most-limit-inside";
    a_child_tasks_error_is_dropped: "ignored-task-error" names "main-reports-the-childs-error";
    acking_before_the_work_loses_an_item: "ack-before-work" names "every-items-effect-exactly-once";
    an_appending_sink_doubles_a_redelivered_item: "non-idempotent-sink" names "every-items-effect-exactly-once";
}
