//! The properties of the gather, wait-for, queue, queue-join, task-group and
//! task-group-failure cells (`asyncio::properties`, module `structured`): each holds on a
//! small good trace and is violated by a trace broken the way it guards against.

use asyncio::properties::properties;
use interleaving::{Outcome, Trace, check};

type Step = (&'static str, &'static str, &'static str);

fn outcome(steps: &[Step], property: &str) -> Outcome {
    let props: Vec<_> = properties()
        .into_iter()
        .filter(|p| p.name == property)
        .collect();
    assert_eq!(props.len(), 1, "no property named {property}");
    check(&Trace::from_steps(steps.iter().copied()), &props)
        .verdicts
        .remove(0)
        .outcome
}

fn holds(steps: &[Step], properties: &[&str]) {
    for p in properties {
        let o = outcome(steps, p);
        assert!(matches!(o, Outcome::Held), "{p} should hold: {o:?}");
    }
}

/// `good` changed by `edit` violates `property`.
fn broken_by(good: &[Step], property: &str, edit: impl FnOnce(&mut Vec<Step>)) {
    let mut steps = good.to_vec();
    edit(&mut steps);
    let o = outcome(&steps, property);
    assert!(
        matches!(o, Outcome::Violated(_)),
        "{property} should be violated: {o:?}"
    );
}

fn at(steps: &[Step], actor: &str, kind: &str, value: &str) -> usize {
    steps
        .iter()
        .position(|s| s.0 == actor && s.1 == kind && (value.is_empty() || s.2 == value))
        .unwrap_or_else(|| panic!("no step {actor} {kind} {value}"))
}

/// Moves the step found to just after the step found second.
fn move_after(steps: &mut Vec<Step>, what: (&str, &str, &str), after: (&str, &str, &str)) {
    let step = steps.remove(at(steps, what.0, what.1, what.2));
    let to = at(steps, after.0, after.1, after.2) + 1;
    steps.insert(to, step);
}

const SQUARES: &str = "gather(square(0..5)) -> [0, 1, 4, 9, 16]";
const EXCEPTIONS: &str =
    "gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]";

const GATHER: &[Step] = &[
    ("lesson", "cell", "gather"),
    ("main", "arg", "task-0"),
    ("main", "arg", "task-1"),
    ("task-1", "done", "1"),
    ("task-0", "done", "0"),
    ("main", "result", "task-0"),
    ("main", "result", "task-1"),
    ("main", "print", SQUARES),
    ("main", "arg", "try-0"),
    ("main", "arg", "try-1"),
    ("try-1", "error", "ValueError"),
    ("try-0", "done", "0"),
    ("main", "result", "try-0"),
    ("main", "result", "try-1"),
    ("main", "print", EXCEPTIONS),
    ("fails", "error", "ValueError"),
    ("main", "raise", "ValueError: fails"),
    ("slow", "done", "slow"),
    ("child-0", "cleanup", "cancelled"),
    ("child-1", "cleanup", "cancelled"),
    ("main", "cancel", "awaiter"),
    ("main", "arg", "set-0"),
    ("main", "arg", "set-1"),
    ("set-1", "done", "1"),
    ("main", "result", "set-1"),
    ("set-0", "done", "0"),
    ("main", "result", "set-0"),
];

#[test]
fn gather_properties_hold_on_a_good_trace() {
    holds(
        GATHER,
        &[
            "gather-keeps-argument-order",
            "gather-with-exceptions-keeps-argument-order",
            "each-result-comes-after-its-task-ended",
            "gather-returns-the-squares-in-order",
            "exception-returned-in-its-place",
            "gather-raises-before-the-slow-child-ends",
            "gather-error-leaves-the-others-running",
            "cancelled-awaiter-cancels-the-children",
            "children-cancelled-before-the-awaiter-is-seen-cancelled",
            "as-completed-hands-back-every-argument-once",
        ],
    );
}

#[test]
fn gather_results_in_completion_order_are_caught() {
    broken_by(GATHER, "gather-keeps-argument-order", |s| {
        move_after(
            s,
            ("main", "result", "task-0"),
            ("main", "result", "task-1"),
        );
    });
    broken_by(GATHER, "gather-with-exceptions-keeps-argument-order", |s| {
        move_after(s, ("main", "result", "try-0"), ("main", "result", "try-1"));
    });
    broken_by(GATHER, "each-result-comes-after-its-task-ended", |s| {
        move_after(s, ("task-0", "done", "0"), ("main", "result", "task-0"));
    });
    broken_by(GATHER, "gather-returns-the-squares-in-order", |s| {
        let i = at(s, "main", "print", SQUARES);
        s[i].2 = "gather(square(0..5)) -> [16, 9, 4, 1, 0]";
    });
    broken_by(GATHER, "exception-returned-in-its-place", |s| {
        let i = at(s, "main", "print", EXCEPTIONS);
        s[i].2 = "gather(..., return_exceptions=True) -> [0, 1, 9, ValueError: bad input 2]";
    });
    broken_by(GATHER, "as-completed-hands-back-every-argument-once", |s| {
        s.remove(at(s, "main", "result", "set-1"));
    });
    // as_completed handing back a result before its task ended.
    broken_by(GATHER, "each-result-comes-after-its-task-ended", |s| {
        move_after(s, ("set-1", "done", ""), ("main", "result", "set-1"));
    });
}

#[test]
fn a_gather_that_waited_for_the_slow_child_or_cancelled_it_is_caught() {
    broken_by(GATHER, "gather-raises-before-the-slow-child-ends", |s| {
        move_after(s, ("main", "raise", ""), ("slow", "done", "slow"));
    });
    broken_by(GATHER, "gather-error-leaves-the-others-running", |s| {
        s.remove(at(s, "slow", "done", "slow"));
    });
}

#[test]
fn a_child_left_running_after_its_awaiter_was_cancelled_is_caught() {
    broken_by(GATHER, "cancelled-awaiter-cancels-the-children", |s| {
        let i = at(s, "child-1", "cleanup", "");
        s[i].2 = "finished";
    });
    broken_by(
        GATHER,
        "children-cancelled-before-the-awaiter-is-seen-cancelled",
        |s| move_after(s, ("child-1", "cleanup", ""), ("main", "cancel", "awaiter")),
    );
}

const STILL: &str =
    "tokio::time::timeout on the task's handle: Elapsed; the task is still running: true";
const LOSSY: &str = "take-then-wait dropped by wait_for: the queue holds [2, 3], and nobody got 1";
const SAFE: &str = "q.get() dropped by wait_for while waiting, then: got [1, 2, 3], nothing lost";

const WAIT_FOR: &[Step] = &[
    ("lesson", "cell", "wait-for"),
    ("slow", "print", "slow: started, needs 10 s"),
    ("slow", "cleanup", "cancelled"),
    ("main", "timeout", "slow"),
    ("task", "print", "task: started, needs 10 s"),
    ("task", "cleanup", "cancelled"),
    ("main", "timeout", "task"),
    ("detached", "print", "detached: started, needs 10 s"),
    ("main", "print", STILL),
    ("detached", "cleanup", "cancelled"),
    ("main", "cancel", "detached"),
    ("main", "print", LOSSY),
    ("main", "print", SAFE),
];

#[test]
fn wait_for_properties_hold_on_a_good_trace() {
    holds(
        WAIT_FOR,
        &[
            "timed-out-future-cleaned-up-before-timeout-returns",
            "timeout-zero-never-starts-the-coroutine",
            "timed-out-task-ended-before-timeout-returns",
            "aborted-task-cleaned-up-before-cancelled-error",
            "timed-out-work-is-cancelled-never-finished",
            "tokio-timeout-on-a-handle-leaves-the-task-running",
            "future-dropped-after-taking-loses-the-item",
            "cancelled-queue-get-loses-nothing",
        ],
    );
}

#[test]
fn cleanup_after_the_timeout_is_caught() {
    broken_by(
        WAIT_FOR,
        "timed-out-future-cleaned-up-before-timeout-returns",
        |s| {
            move_after(s, ("slow", "cleanup", ""), ("main", "timeout", "slow"));
        },
    );
    broken_by(
        WAIT_FOR,
        "timed-out-task-ended-before-timeout-returns",
        |s| {
            move_after(s, ("task", "cleanup", ""), ("main", "timeout", "task"));
        },
    );
    broken_by(
        WAIT_FOR,
        "aborted-task-cleaned-up-before-cancelled-error",
        |s| {
            move_after(
                s,
                ("detached", "cleanup", ""),
                ("main", "cancel", "detached"),
            );
        },
    );
}

#[test]
fn a_started_zero_timeout_coroutine_or_finished_work_is_caught() {
    broken_by(WAIT_FOR, "timeout-zero-never-starts-the-coroutine", |s| {
        s.insert(4, ("zero", "print", "zero: started"));
    });
    broken_by(
        WAIT_FOR,
        "timed-out-work-is-cancelled-never-finished",
        |s| {
            let i = at(s, "task", "cleanup", "");
            s[i].2 = "finished";
        },
    );
}

#[test]
fn a_lossless_take_or_a_lossy_get_is_caught() {
    broken_by(
        WAIT_FOR,
        "tokio-timeout-on-a-handle-leaves-the-task-running",
        |s| {
            let i = at(s, "main", "print", STILL);
            s[i].2 = "tokio::time::timeout on the task's handle: Elapsed; the task is still running: false";
        },
    );
    broken_by(
        WAIT_FOR,
        "future-dropped-after-taking-loses-the-item",
        |s| {
            let i = at(s, "main", "print", LOSSY);
            s[i].2 =
                "take-then-wait dropped by wait_for: the queue holds [1, 2, 3], and nobody got 1";
        },
    );
    broken_by(WAIT_FOR, "cancelled-queue-get-loses-nothing", |s| {
        let i = at(s, "main", "print", SAFE);
        s[i].2 = "q.get() dropped by wait_for while waiting, then: got [2, 3], nothing lost";
    });
}

const QUEUE: &[Step] = &[
    ("lesson", "cell", "queue"),
    ("main", "capacity", "1"),
    ("producer-0", "put", "p0-0"),
    ("consumer-0", "get", "p0-0"),
    ("producer-1", "put", "p1-0"),
    ("consumer-1", "get", "p1-0"),
    ("producer-0", "exit", "done"),
    ("producer-1", "exit", "done"),
    ("main", "shutdown", "queue"),
    ("consumer-0", "exit", "1 items"),
    ("consumer-1", "exit", "1 items"),
];

#[test]
fn queue_properties_hold_on_a_good_trace() {
    holds(
        QUEUE,
        &[
            "every-item-got-exactly-once",
            "every-get-after-its-put",
            "shutdown-after-every-producer-ended",
            "consumers-end-only-after-the-shutdown",
            "backpressure-bounds-items-in-flight",
        ],
    );
}

#[test]
fn a_lost_doubled_or_early_item_is_caught() {
    broken_by(QUEUE, "every-item-got-exactly-once", |s| {
        s.insert(4, ("consumer-1", "get", "p0-0"));
    });
    broken_by(QUEUE, "every-item-got-exactly-once", |s| {
        s.remove(at(s, "consumer-1", "get", "p1-0"));
    });
    broken_by(QUEUE, "every-get-after-its-put", |s| {
        move_after(s, ("producer-1", "put", ""), ("consumer-1", "get", ""));
    });
}

#[test]
fn a_shutdown_too_early_or_a_consumer_ending_before_it_is_caught() {
    broken_by(QUEUE, "shutdown-after-every-producer-ended", |s| {
        move_after(s, ("producer-1", "exit", ""), ("main", "shutdown", ""));
    });
    broken_by(QUEUE, "consumers-end-only-after-the-shutdown", |s| {
        move_after(s, ("consumer-0", "exit", ""), ("consumer-0", "get", ""));
    });
}

const QUEUE_JOIN: &[Step] = &[
    ("lesson", "cell", "queue-join"),
    ("producer", "put", "0"),
    ("worker-0", "get", "0"),
    ("producer", "put", "1"),
    ("worker-1", "get", "1"),
    ("worker-0", "task-done", "0"),
    ("worker-1", "task-done", "1"),
    ("main", "joined", "queue"),
    ("main", "shutdown", "queue"),
    ("worker-0", "exit", "shut down"),
    ("worker-1", "exit", "shut down"),
];

#[test]
fn queue_join_properties_hold_on_a_good_trace() {
    holds(
        QUEUE_JOIN,
        &[
            "every-item-got-exactly-once-by-the-workers",
            "every-item-done-exactly-once",
            "every-worker-get-after-its-put",
            "join-returns-after-every-task-done",
            "shutdown-after-join",
            "workers-end-only-after-the-shutdown",
        ],
    );
}

#[test]
fn a_join_before_every_task_done_is_caught() {
    broken_by(
        QUEUE_JOIN,
        "every-item-got-exactly-once-by-the-workers",
        |s| {
            s.insert(3, ("worker-1", "get", "0"));
        },
    );
    broken_by(QUEUE_JOIN, "every-item-done-exactly-once", |s| {
        s.remove(at(s, "worker-1", "task-done", ""));
    });
    broken_by(QUEUE_JOIN, "every-worker-get-after-its-put", |s| {
        move_after(s, ("producer", "put", "1"), ("worker-1", "get", ""));
    });
    broken_by(QUEUE_JOIN, "join-returns-after-every-task-done", |s| {
        move_after(s, ("worker-1", "task-done", ""), ("main", "joined", ""));
    });
    broken_by(QUEUE_JOIN, "shutdown-after-join", |s| {
        move_after(s, ("main", "joined", ""), ("main", "shutdown", ""));
    });
    broken_by(QUEUE_JOIN, "workers-end-only-after-the-shutdown", |s| {
        move_after(s, ("worker-1", "exit", ""), ("worker-1", "task-done", ""));
    });
}

const TG_TEXT: &str = "TaskGroup ended: tg-0 -> 0, tg-2 -> 20, tg-1 cancelled on purpose: true";

const TASK_GROUP: &[Step] = &[
    ("lesson", "cell", "task-group"),
    ("tg-0", "done", "0"),
    ("tg-0", "cleanup", "finished"),
    ("tg-1", "cleanup", "cancelled"),
    ("tg-2", "done", "20"),
    ("tg-2", "cleanup", "finished"),
    ("main", "group-end", "ok"),
    ("main", "print", TG_TEXT),
    ("owned-0", "cleanup", "cancelled"),
    ("owned-1", "cleanup", "cancelled"),
    ("main", "cancel", "owner"),
];

#[test]
fn task_group_properties_hold_on_a_good_trace() {
    holds(
        TASK_GROUP,
        &[
            "no-child-event-after-the-group-ends",
            "child-cancelled-on-purpose-does-not-fail-the-group",
            "only-the-child-cancelled-on-purpose-is-cancelled",
            "cancelled-owner-cancels-its-children",
            "children-end-before-the-owner-is-seen-cancelled",
        ],
    );
}

#[test]
fn a_child_outliving_its_group_or_its_owner_is_caught() {
    broken_by(TASK_GROUP, "no-child-event-after-the-group-ends", |s| {
        move_after(s, ("tg-2", "cleanup", ""), ("main", "group-end", ""));
    });
    broken_by(
        TASK_GROUP,
        "children-end-before-the-owner-is-seen-cancelled",
        |s| {
            move_after(s, ("owned-1", "cleanup", ""), ("main", "cancel", "owner"));
        },
    );
    broken_by(TASK_GROUP, "cancelled-owner-cancels-its-children", |s| {
        let i = at(s, "owned-1", "cleanup", "");
        s[i].2 = "finished";
    });
}

#[test]
fn a_group_failed_by_a_cancelled_child_is_caught() {
    broken_by(
        TASK_GROUP,
        "child-cancelled-on-purpose-does-not-fail-the-group",
        |s| {
            s.remove(at(s, "main", "print", TG_TEXT));
        },
    );
    broken_by(
        TASK_GROUP,
        "only-the-child-cancelled-on-purpose-is-cancelled",
        |s| {
            let i = at(s, "tg-2", "cleanup", "");
            s[i].2 = "cancelled";
        },
    );
}

const TASK_GROUP_FAILURE: &[Step] = &[
    ("lesson", "cell", "task-group-failure"),
    ("fail-0", "error", "fail-0"),
    ("fail-1", "error", "fail-1"),
    ("sibling", "cleanup", "cancelled"),
    ("body", "cleanup", "cancelled"),
    (
        "main",
        "group-end",
        "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)",
    ),
    ("main", "raise", "fail-0"),
    ("main", "raise", "fail-1"),
];

#[test]
fn task_group_failure_properties_hold_on_a_good_trace() {
    holds(
        TASK_GROUP_FAILURE,
        &[
            "no-child-or-body-event-after-the-failed-group-ends",
            "sibling-and-body-cancelled-never-finished",
            "sibling-cancelled-before-the-group-returns",
            "body-cancelled-before-the-group-returns",
            "error-lists-every-failure",
        ],
    );
}

#[test]
fn a_sibling_cancelled_late_or_a_failure_left_out_is_caught() {
    broken_by(
        TASK_GROUP_FAILURE,
        "sibling-cancelled-before-the-group-returns",
        |s| {
            move_after(s, ("sibling", "cleanup", ""), ("main", "group-end", ""));
        },
    );
    broken_by(
        TASK_GROUP_FAILURE,
        "body-cancelled-before-the-group-returns",
        |s| {
            move_after(s, ("body", "cleanup", ""), ("main", "group-end", ""));
        },
    );
    broken_by(
        TASK_GROUP_FAILURE,
        "no-child-or-body-event-after-the-failed-group-ends",
        |s| move_after(s, ("fail-1", "error", ""), ("main", "group-end", "")),
    );
    broken_by(
        TASK_GROUP_FAILURE,
        "sibling-and-body-cancelled-never-finished",
        |s| {
            let i = at(s, "body", "cleanup", "");
            s[i].2 = "finished";
        },
    );
    // Only the first failure listed: the old TaskGroup's bug.
    broken_by(TASK_GROUP_FAILURE, "error-lists-every-failure", |s| {
        s.remove(at(s, "main", "raise", "fail-1"));
    });
}
