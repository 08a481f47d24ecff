//! The properties of the gather, wait-for, queue, queue-join, task-group and
//! task-group-failure cells (`asyncio::properties`, module `structured`) on a real recorded
//! run, through the shared harness (`interleaving::testing`): each holds, and is caught by a
//! mutation of the run that breaks it the way it guards against.

use std::sync::OnceLock;

use asyncio::properties::{properties, spec};
use interleaving::testing::{Mutation, assert_caught, assert_holds, find, find_all, record};
use interleaving::{Event, Trace};

/// One recorded run of the structured cells, shared by the tests.
fn run() -> &'static Trace {
    static RUN: OnceLock<Trace> = OnceLock::new();
    RUN.get_or_init(|| record(env!("CARGO_BIN_EXE_asyncio"), &["--clients", "2"]))
}

/// Property `name` is violated once `m` is applied to the run.
fn caught(name: &str, m: Mutation) {
    assert_caught(&m.apply(run()), &spec(), &properties(), name);
}

/// The first line of `cell` by `actor` of `kind` with `value` ("" = any of each).
fn at(cell: &str, (actor, kind, value): (&str, &str, &str)) -> usize {
    find(run(), cell, |e: &Event| {
        (actor.is_empty() || e.actor == actor)
            && (kind.is_empty() || e.kind == kind)
            && (value.is_empty() || e.value == value)
    })
}

/// The line `what` moved to just after the line `after`.
fn move_after(cell: &str, what: (&str, &str, &str), after: (&str, &str, &str)) -> Mutation {
    Mutation::MoveAfter(at(cell, what), at(cell, after))
}

/// The line `what` with value `to`.
fn set(cell: &str, what: (&str, &str, &str), to: &str) -> Mutation {
    Mutation::SetValue(at(cell, what), to.into())
}

#[test]
fn the_structured_properties_hold_on_a_real_run() {
    assert_holds(run(), &spec(), &properties());
}

mod gather {
    use super::*;
    const C: &str = "gather";
    const SQUARES: &str = "gather(square(0..5)) -> [0, 1, 4, 9, 16]";
    const EXCEPTIONS: &str =
        "gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]";

    #[test]
    fn gather_results_in_completion_order_are_caught() {
        caught(
            "gather-keeps-argument-order",
            move_after(
                C,
                ("main", "result", "task-0"),
                ("main", "result", "task-1"),
            ),
        );
        caught(
            "gather-with-exceptions-keeps-argument-order",
            move_after(C, ("main", "result", "try-0"), ("main", "result", "try-1")),
        );
        caught(
            "each-result-comes-after-its-task-ended",
            move_after(C, ("task-0", "done", "0"), ("main", "result", "task-0")),
        );
        caught(
            "gather-returns-the-squares-in-order",
            set(
                C,
                ("main", "print", SQUARES),
                "gather(square(0..5)) -> [16, 9, 4, 1, 0]",
            ),
        );
        caught(
            "exception-returned-in-its-place",
            set(
                C,
                ("main", "print", EXCEPTIONS),
                "gather(..., return_exceptions=True) -> [0, 1, 9, ValueError: bad input 2]",
            ),
        );
        caught(
            "as-completed-hands-back-every-argument-once",
            Mutation::Remove(at(C, ("main", "result", "set-1"))),
        );
        // as_completed handing back a result before its task ended.
        caught(
            "each-result-comes-after-its-task-ended",
            move_after(C, ("set-1", "done", ""), ("main", "result", "set-1")),
        );
    }

    #[test]
    fn a_gather_that_waited_for_the_slow_child_or_cancelled_it_is_caught() {
        caught(
            "gather-raises-before-the-slow-child-ends",
            move_after(C, ("main", "raise", ""), ("slow", "done", "slow")),
        );
        caught(
            "gather-error-leaves-the-others-running",
            Mutation::Remove(at(C, ("slow", "done", "slow"))),
        );
    }

    #[test]
    fn a_child_left_running_after_its_awaiter_was_cancelled_is_caught() {
        caught(
            "cancelled-awaiter-cancels-the-children",
            set(C, ("child-1", "cleanup", ""), "finished"),
        );
        caught(
            "children-cancelled-before-the-awaiter-is-seen-cancelled",
            move_after(C, ("child-1", "cleanup", ""), ("main", "cancel", "awaiter")),
        );
    }
}

mod wait_for {
    use super::*;
    const C: &str = "wait-for";
    const STILL: &str =
        "tokio::time::timeout on the task's handle: Elapsed; the task is still running: true";
    const LOSSY: &str =
        "take-then-wait dropped by wait_for: the queue holds [2, 3], and nobody got 1";
    const SAFE: &str =
        "q.get() dropped by wait_for while waiting, then: got [1, 2, 3], nothing lost";

    #[test]
    fn cleanup_after_the_timeout_is_caught() {
        caught(
            "timed-out-future-cleaned-up-before-timeout-returns",
            move_after(C, ("slow", "cleanup", ""), ("main", "timeout", "slow")),
        );
        caught(
            "timed-out-task-ended-before-timeout-returns",
            move_after(C, ("task", "cleanup", ""), ("main", "timeout", "task")),
        );
        caught(
            "aborted-task-cleaned-up-before-cancelled-error",
            move_after(
                C,
                ("detached", "cleanup", ""),
                ("main", "cancel", "detached"),
            ),
        );
    }

    #[test]
    fn a_started_zero_timeout_coroutine_or_finished_work_is_caught() {
        // A line by the coroutine that wait_for(coro, 0) must never start.
        let slow = at(C, ("slow", "cleanup", ""));
        caught(
            "timeout-zero-never-starts-the-coroutine",
            Mutation::SetActor(slow, "zero".into()),
        );
        caught(
            "timed-out-work-is-cancelled-never-finished",
            set(C, ("task", "cleanup", ""), "finished"),
        );
    }

    #[test]
    fn a_lossless_take_or_a_lossy_get_is_caught() {
        caught(
            "tokio-timeout-on-a-handle-leaves-the-task-running",
            set(C, ("main", "print", STILL), &STILL.replace("true", "false")),
        );
        caught(
            "future-dropped-after-taking-loses-the-item",
            set(
                C,
                ("main", "print", LOSSY),
                &LOSSY.replace("[2, 3]", "[1, 2, 3]"),
            ),
        );
        caught(
            "cancelled-queue-get-loses-nothing",
            set(
                C,
                ("main", "print", SAFE),
                &SAFE.replace("[1, 2, 3]", "[2, 3]"),
            ),
        );
    }
}

mod queue {
    use super::*;
    const C: &str = "queue";

    #[test]
    fn a_lost_doubled_or_early_item_is_caught() {
        let get = at(C, ("", "get", "p1-0"));
        caught("every-item-got-exactly-once", Mutation::Duplicate(get));
        caught("every-item-got-exactly-once", Mutation::Remove(get));
        caught(
            "every-get-after-its-put",
            Mutation::MoveAfter(at(C, ("", "put", "p1-0")), get),
        );
    }

    #[test]
    fn a_shutdown_too_early_or_a_consumer_ending_before_it_is_caught() {
        caught(
            "shutdown-after-every-producer-ended",
            move_after(C, ("producer-1", "exit", ""), ("main", "shutdown", "")),
        );
        let exit = at(C, ("consumer-0", "exit", ""));
        let first_get = at(C, ("consumer-0", "get", ""));
        caught(
            "consumers-end-only-after-the-shutdown",
            Mutation::MoveAfter(exit, first_get),
        );
    }

    #[test]
    fn a_queue_without_backpressure_is_caught() {
        // Capacity 1 said, while the run kept up to 4 items waiting.
        caught(
            "backpressure-bounds-items-in-flight",
            set(C, ("main", "capacity", ""), "1"),
        );
    }
}

mod queue_join {
    use super::*;
    const C: &str = "queue-join";

    #[test]
    fn a_join_before_every_task_done_is_caught() {
        let get = at(C, ("", "get", "0"));
        caught(
            "every-item-got-exactly-once-by-the-workers",
            Mutation::Duplicate(get),
        );
        let done = at(C, ("", "task-done", ""));
        caught("every-item-done-exactly-once", Mutation::Remove(done));
        caught(
            "every-worker-get-after-its-put",
            Mutation::MoveAfter(at(C, ("producer", "put", "0")), get),
        );
        let joined = at(C, ("main", "joined", ""));
        let last_done = *find_all(run(), C, |e| e.kind == "task-done")
            .last()
            .unwrap();
        caught(
            "join-returns-after-every-task-done",
            Mutation::MoveAfter(last_done, joined),
        );
        caught(
            "shutdown-after-join",
            move_after(C, ("main", "joined", ""), ("main", "shutdown", "")),
        );
        let exit = at(C, ("", "exit", ""));
        let who = run().lines[exit].event.actor.clone();
        caught(
            "workers-end-only-after-the-shutdown",
            Mutation::MoveAfter(exit, at(C, (&who, "task-done", ""))),
        );
    }
}

mod task_group {
    use super::*;
    const C: &str = "task-group";
    const TG_TEXT: &str = "TaskGroup ended: tg-0 -> 0, tg-2 -> 20, tg-1 cancelled on purpose: true";

    #[test]
    fn a_child_outliving_its_group_or_its_owner_is_caught() {
        caught(
            "no-child-event-after-the-group-ends",
            move_after(C, ("tg-2", "cleanup", ""), ("main", "group-end", "")),
        );
        caught(
            "children-end-before-the-owner-is-seen-cancelled",
            move_after(C, ("owned-1", "cleanup", ""), ("main", "cancel", "owner")),
        );
        caught(
            "cancelled-owner-cancels-its-children",
            set(C, ("owned-1", "cleanup", ""), "finished"),
        );
    }

    #[test]
    fn a_group_failed_by_a_cancelled_child_is_caught() {
        caught(
            "child-cancelled-on-purpose-does-not-fail-the-group",
            Mutation::Remove(at(C, ("main", "print", TG_TEXT))),
        );
        caught(
            "only-the-child-cancelled-on-purpose-is-cancelled",
            set(C, ("tg-2", "cleanup", ""), "cancelled"),
        );
    }
}

#[test]
fn a_sibling_cancelled_late_or_a_failure_left_out_is_caught() {
    const C: &str = "task-group-failure";
    caught(
        "sibling-cancelled-before-the-group-returns",
        move_after(C, ("sibling", "cleanup", ""), ("main", "group-end", "")),
    );
    caught(
        "body-cancelled-before-the-group-returns",
        move_after(C, ("body", "cleanup", ""), ("main", "group-end", "")),
    );
    caught(
        "no-child-or-body-event-after-the-failed-group-ends",
        move_after(C, ("fail-1", "error", ""), ("main", "group-end", "")),
    );
    caught(
        "sibling-and-body-cancelled-never-finished",
        set(C, ("body", "cleanup", ""), "finished"),
    );
    // Only the first failure listed: the old TaskGroup's bug.
    caught(
        "error-lists-every-failure",
        Mutation::Remove(at(C, ("main", "raise", "fail-1"))),
    );
}

#[test]
fn the_completion_orders_are_observed() {
    for name in ["completion-order", "as-completed-order"] {
        interleaving::testing::observed(run(), &properties(), name);
    }
}
