//! The properties of the cells built on this crate's structured-concurrency items: gather,
//! wait_for, the queues and the task groups. Each states one of Python's guarantees in terms
//! of the trace, one line each; `tests/structured_properties.rs` breaks each in a real run.

use interleaving::declare::{cell, events, lines};
use interleaving::kinds::EXIT;
use interleaving::{Property, Rule, Select};

use crate::cells::{GATHER, QUEUE, QUEUE_JOIN, TASK_GROUP, TASK_GROUP_FAILURE, WAIT_FOR};
use crate::kinds::*;
use crate::rules::*;

/// Every property of the gather, wait-for, queue, queue-join, task-group and
/// task-group-failure cells.
pub fn properties() -> Vec<Property> {
    [
        gather(),
        wait_for(),
        queue(),
        queue_join(),
        task_group(),
        task_group_failure(),
    ]
    .concat()
}

/// Main prints `text` once.
fn main_says(text: &str) -> Rule {
    lines().by("main").value(text).count(1)
}

/// The cleanups of `by` are `how`, in any order.
fn cleanups(by: &str, how: &[&str]) -> Rule {
    events(CLEANUP).by(by).exactly(how.iter().copied())
}

/// Main's event of `kind`.
fn main(kind: &str) -> Select {
    events(kind).by("main")
}

/// Any event of `actor`.
fn any(actor: &str) -> Select {
    Select::any().by(actor)
}

fn gather() -> Vec<Property> {
    let arg = |v: &str| main(ARG).value(v);
    let result = |v: &str| main(RESULT).value(v);
    let set = || result("set-*");
    cell(
        GATHER,
        [
            (
                "gather-keeps-argument-order",
                arg("task-*").fifo(result("task-*")),
            ),
            (
                "gather-with-exceptions-keeps-argument-order",
                arg("try-*").fifo(result("try-*")),
            ),
            (
                "each-result-comes-after-its-task-ended",
                actor_acted_before(Select::any(), main(RESULT)),
            ),
            (
                "gather-returns-the-squares-in-order",
                main_says("gather(square(0..5)) -> [0, 1, 4, 9, 16]"),
            ),
            (
                "exception-returned-in-its-place",
                main_says(
                    "gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]",
                ),
            ),
            (
                "gather-raises-before-the-slow-child-ends",
                main(RAISE).before(events(DONE).by("slow")),
            ),
            (
                "gather-error-leaves-the-others-running",
                events(DONE).by("slow").count(1),
            ),
            (
                "cancelled-awaiter-cancels-the-children",
                cleanups("child-*", &["cancelled", "cancelled"]),
            ),
            (
                "children-cancelled-before-the-awaiter-is-seen-cancelled",
                events(CLEANUP)
                    .by("child-*")
                    .before(main(CANCEL).value("awaiter")),
            ),
            (
                "as-completed-hands-back-every-argument-once",
                arg("set-*").no_loss_no_dup(set()),
            ),
            ("as-completed-order", set().order()),
            ("completion-order", completion_order()),
        ],
    )
}

fn wait_for() -> Vec<Property> {
    let cleanup = |who: &str| events(CLEANUP).by(who);
    let timeout = |who: &str| main(TIMEOUT).value(who);
    cell(
        WAIT_FOR,
        [
            (
                "timed-out-future-cleaned-up-before-timeout-returns",
                cleanup("slow").before(timeout("slow")),
            ),
            (
                "timeout-zero-never-starts-the-coroutine",
                any("zero").count(0),
            ),
            (
                "timed-out-task-ended-before-timeout-returns",
                cleanup("task").before(timeout("task")),
            ),
            (
                "aborted-task-cleaned-up-before-cancelled-error",
                cleanup("detached").before(main(CANCEL).value("detached")),
            ),
            (
                "timed-out-work-is-cancelled-never-finished",
                cleanups(
                    "slow|task|detached",
                    &["cancelled", "cancelled", "cancelled"],
                ),
            ),
            (
                "tokio-timeout-on-a-handle-leaves-the-task-running",
                main_says(
                    "tokio::time::timeout on the task's handle: Elapsed; the task is still running: true",
                ),
            ),
            (
                "future-dropped-after-taking-loses-the-item",
                main_says(
                    "take-then-wait dropped by wait_for: the queue holds [2, 3], and nobody got 1",
                ),
            ),
            (
                "cancelled-queue-get-loses-nothing",
                main_says(
                    "q.get() dropped by wait_for while waiting, then: got [1, 2, 3], nothing lost",
                ),
            ),
        ],
    )
}

fn queue() -> Vec<Property> {
    cell(
        QUEUE,
        [
            (
                "every-item-got-exactly-once",
                events(PUT)
                    .by("producer-*")
                    .no_loss_no_dup(events(GET).by("consumer-*")),
            ),
            (
                "every-get-after-its-put",
                value_seen_before(events(PUT), events(GET).by("consumer-*")),
            ),
            (
                "shutdown-after-every-producer-ended",
                events(EXIT).by("producer-*").before(main(SHUTDOWN)),
            ),
            (
                "consumers-end-only-after-the-shutdown",
                main(SHUTDOWN).before(events(EXIT).by("consumer-*")),
            ),
            ("backpressure-bounds-items-in-flight", backpressure()),
        ],
    )
}

fn queue_join() -> Vec<Property> {
    let put = || events(PUT).by("producer");
    let done = || events(TASK_DONE).by("worker-*");
    cell(
        QUEUE_JOIN,
        [
            (
                "every-item-got-exactly-once-by-the-workers",
                put().no_loss_no_dup(events(GET).by("worker-*")),
            ),
            ("every-item-done-exactly-once", put().no_loss_no_dup(done())),
            (
                "every-worker-get-after-its-put",
                value_seen_before(events(PUT), events(GET).by("worker-*")),
            ),
            (
                "join-returns-after-every-task-done",
                done().before(main(JOINED)),
            ),
            ("shutdown-after-join", main(JOINED).before(main(SHUTDOWN))),
            (
                "workers-end-only-after-the-shutdown",
                main(SHUTDOWN).before(events(EXIT).by("worker-*")),
            ),
        ],
    )
}

fn task_group() -> Vec<Property> {
    cell(
        TASK_GROUP,
        [
            (
                "no-child-event-after-the-group-ends",
                any("tg-*").before(main(GROUP_END)),
            ),
            (
                "child-cancelled-on-purpose-does-not-fail-the-group",
                main_says(
                    "TaskGroup ended: tg-0 -> 0, tg-2 -> 20, tg-1 cancelled on purpose: true",
                ),
            ),
            (
                "only-the-child-cancelled-on-purpose-is-cancelled",
                cleanups("tg-*", &["finished", "cancelled", "finished"]),
            ),
            (
                "cancelled-owner-cancels-its-children",
                cleanups("owned-*", &["cancelled", "cancelled"]),
            ),
            (
                "children-end-before-the-owner-is-seen-cancelled",
                any("owned-*").before(main(CANCEL).value("owner")),
            ),
        ],
    )
}

fn task_group_failure() -> Vec<Property> {
    let end = || main(GROUP_END);
    cell(
        TASK_GROUP_FAILURE,
        [
            (
                "no-child-or-body-event-after-the-failed-group-ends",
                any("sibling|fail-*|body").before(end()),
            ),
            (
                "sibling-and-body-cancelled-never-finished",
                cleanups("sibling|body", &["cancelled", "cancelled"]),
            ),
            (
                "sibling-cancelled-before-the-group-returns",
                events(CLEANUP).by("sibling").before(end()),
            ),
            (
                "body-cancelled-before-the-group-returns",
                events(CLEANUP).by("body").before(end()),
            ),
            (
                "error-lists-every-failure",
                events(ERROR).by("fail-*").no_loss_no_dup(main(RAISE)),
            ),
        ],
    )
}
