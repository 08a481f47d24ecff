//! The properties of the cells built on this crate's structured-concurrency items: gather,
//! wait_for, the queues and the task groups. Each states one of Python's guarantees in terms
//! of the trace; each has a test in `tests/properties.rs` that feeds it a breaking trace.

use interleaving::kinds::EXIT;
use interleaving::{Property, Rule, Select};

use crate::cells::{GATHER, QUEUE, QUEUE_JOIN, TASK_GROUP, TASK_GROUP_FAILURE, WAIT_FOR};
use crate::kinds::*;
use crate::rules::*;

/// Every property of the gather, wait-for, queue, queue-join, task-group and
/// task-group-failure cells.
pub fn properties() -> Vec<Property> {
    let mut all: Vec<Property> = in_cell(GATHER, gather()).collect();
    all.extend(in_cell(WAIT_FOR, wait_for()));
    all.extend(in_cell(QUEUE, queue()));
    all.extend(in_cell(QUEUE_JOIN, queue_join()));
    all.extend(in_cell(TASK_GROUP, task_group()));
    all.extend(in_cell(TASK_GROUP_FAILURE, task_group_failure()));
    all
}

fn in_cell(cell: &'static str, props: Vec<Property>) -> impl Iterator<Item = Property> {
    props.into_iter().map(move |p| p.in_cell(cell))
}

fn main_says(text: &str) -> Rule {
    Rule::Count {
        select: Select::lines().by("main").value(text),
        n: 1,
    }
}

fn cleanups(by: &str, how: &[&str]) -> Rule {
    Rule::Multiset {
        select: Select::kind(CLEANUP).by(by),
        expected: how.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn gather() -> Vec<Property> {
    vec![
        Property::new(
            "gather-keeps-argument-order",
            Rule::Fifo {
                produced: Select::kind(ARG).by("main").value("task-*"),
                consumed: Select::kind(RESULT).by("main").value("task-*"),
            },
        ),
        Property::new(
            "gather-with-exceptions-keeps-argument-order",
            Rule::Fifo {
                produced: Select::kind(ARG).by("main").value("try-*"),
                consumed: Select::kind(RESULT).by("main").value("try-*"),
            },
        ),
        Property::new(
            "each-result-comes-after-its-task-ended",
            actor_acted_before(Select::any(), Select::kind(RESULT).by("main")),
        ),
        Property::new(
            "gather-returns-the-squares-in-order",
            main_says("gather(square(0..5)) -> [0, 1, 4, 9, 16]"),
        ),
        Property::new(
            "exception-returned-in-its-place",
            main_says("gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]"),
        ),
        Property::new(
            "gather-raises-before-the-slow-child-ends",
            Rule::HappensBefore {
                before: Select::kind(RAISE).by("main"),
                after: Select::kind(DONE).by("slow"),
            },
        ),
        Property::new(
            "gather-error-leaves-the-others-running",
            Rule::Count {
                select: Select::kind(DONE).by("slow"),
                n: 1,
            },
        ),
        Property::new(
            "cancelled-awaiter-cancels-the-children",
            cleanups("child-*", &["cancelled", "cancelled"]),
        ),
        Property::new(
            "children-cancelled-before-the-awaiter-is-seen-cancelled",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("child-*"),
                after: Select::kind(CANCEL).by("main").value("awaiter"),
            },
        ),
        Property::new(
            "as-completed-hands-back-every-argument-once",
            Rule::NoLossNoDup {
                produced: Select::kind(ARG).by("main").value("set-*"),
                consumed: Select::kind(RESULT).by("main").value("set-*"),
            },
        ),
        Property::new(
            "as-completed-order",
            Rule::custom(|lines| {
                let order: Vec<String> = Select::kind(RESULT)
                    .by("main")
                    .value("set-*")
                    .items(lines)
                    .into_iter()
                    .map(|i| i.value)
                    .collect();
                interleaving::Outcome::Observed(order.join(" "))
            }),
        ),
        Property::new("completion-order", Rule::custom(completion_order)),
    ]
}

fn wait_for() -> Vec<Property> {
    vec![
        Property::new(
            "timed-out-future-cleaned-up-before-timeout-returns",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("slow"),
                after: Select::kind(TIMEOUT).by("main").value("slow"),
            },
        ),
        Property::new(
            "timeout-zero-never-starts-the-coroutine",
            Rule::Count {
                select: Select::any().by("zero"),
                n: 0,
            },
        ),
        Property::new(
            "timed-out-task-ended-before-timeout-returns",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("task"),
                after: Select::kind(TIMEOUT).by("main").value("task"),
            },
        ),
        Property::new(
            "aborted-task-cleaned-up-before-cancelled-error",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("detached"),
                after: Select::kind(CANCEL).by("main").value("detached"),
            },
        ),
        Property::new(
            "timed-out-work-is-cancelled-never-finished",
            cleanups(
                "slow|task|detached",
                &["cancelled", "cancelled", "cancelled"],
            ),
        ),
        Property::new(
            "tokio-timeout-on-a-handle-leaves-the-task-running",
            main_says(
                "tokio::time::timeout on the task's handle: Elapsed; the task is still running: true",
            ),
        ),
        Property::new(
            "future-dropped-after-taking-loses-the-item",
            main_says(
                "take-then-wait dropped by wait_for: the queue holds [2, 3], and nobody got 1",
            ),
        ),
        Property::new(
            "cancelled-queue-get-loses-nothing",
            main_says(
                "q.get() dropped by wait_for while waiting, then: got [1, 2, 3], nothing lost",
            ),
        ),
    ]
}

fn queue() -> Vec<Property> {
    vec![
        Property::new(
            "every-item-got-exactly-once",
            Rule::NoLossNoDup {
                produced: Select::kind(PUT).by("producer-*"),
                consumed: Select::kind(GET).by("consumer-*"),
            },
        ),
        Property::new(
            "every-get-after-its-put",
            value_seen_before(Select::kind(PUT), Select::kind(GET).by("consumer-*")),
        ),
        Property::new(
            "shutdown-after-every-producer-ended",
            Rule::HappensBefore {
                before: Select::kind(EXIT).by("producer-*"),
                after: Select::kind(SHUTDOWN).by("main"),
            },
        ),
        Property::new(
            "consumers-end-only-after-the-shutdown",
            Rule::HappensBefore {
                before: Select::kind(SHUTDOWN).by("main"),
                after: Select::kind(EXIT).by("consumer-*"),
            },
        ),
        Property::new(
            "backpressure-bounds-items-in-flight",
            Rule::custom(backpressure),
        ),
    ]
}

fn queue_join() -> Vec<Property> {
    vec![
        Property::new(
            "every-item-got-exactly-once-by-the-workers",
            Rule::NoLossNoDup {
                produced: Select::kind(PUT).by("producer"),
                consumed: Select::kind(GET).by("worker-*"),
            },
        ),
        Property::new(
            "every-item-done-exactly-once",
            Rule::NoLossNoDup {
                produced: Select::kind(PUT).by("producer"),
                consumed: Select::kind(TASK_DONE).by("worker-*"),
            },
        ),
        Property::new(
            "every-worker-get-after-its-put",
            value_seen_before(Select::kind(PUT), Select::kind(GET).by("worker-*")),
        ),
        Property::new(
            "join-returns-after-every-task-done",
            Rule::HappensBefore {
                before: Select::kind(TASK_DONE).by("worker-*"),
                after: Select::kind(JOINED).by("main"),
            },
        ),
        Property::new(
            "shutdown-after-join",
            Rule::HappensBefore {
                before: Select::kind(JOINED).by("main"),
                after: Select::kind(SHUTDOWN).by("main"),
            },
        ),
        Property::new(
            "workers-end-only-after-the-shutdown",
            Rule::HappensBefore {
                before: Select::kind(SHUTDOWN).by("main"),
                after: Select::kind(EXIT).by("worker-*"),
            },
        ),
    ]
}

fn task_group() -> Vec<Property> {
    vec![
        Property::new(
            "no-child-event-after-the-group-ends",
            Rule::HappensBefore {
                before: Select::any().by("tg-*"),
                after: Select::kind(GROUP_END).by("main"),
            },
        ),
        Property::new(
            "child-cancelled-on-purpose-does-not-fail-the-group",
            main_says("TaskGroup ended: tg-0 -> 0, tg-2 -> 20, tg-1 cancelled on purpose: true"),
        ),
        Property::new(
            "only-the-child-cancelled-on-purpose-is-cancelled",
            cleanups("tg-*", &["finished", "cancelled", "finished"]),
        ),
        Property::new(
            "cancelled-owner-cancels-its-children",
            cleanups("owned-*", &["cancelled", "cancelled"]),
        ),
        Property::new(
            "children-end-before-the-owner-is-seen-cancelled",
            Rule::HappensBefore {
                before: Select::any().by("owned-*"),
                after: Select::kind(CANCEL).by("main").value("owner"),
            },
        ),
    ]
}

fn task_group_failure() -> Vec<Property> {
    vec![
        Property::new(
            "no-child-or-body-event-after-the-failed-group-ends",
            Rule::HappensBefore {
                before: Select::any().by("sibling|fail-*|body"),
                after: Select::kind(GROUP_END).by("main"),
            },
        ),
        Property::new(
            "sibling-and-body-cancelled-never-finished",
            cleanups("sibling|body", &["cancelled", "cancelled"]),
        ),
        Property::new(
            "sibling-cancelled-before-the-group-returns",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("sibling"),
                after: Select::kind(GROUP_END).by("main"),
            },
        ),
        Property::new(
            "body-cancelled-before-the-group-returns",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("body"),
                after: Select::kind(GROUP_END).by("main"),
            },
        ),
        Property::new(
            "error-lists-every-failure",
            Rule::NoLossNoDup {
                produced: Select::kind(ERROR).by("fail-*"),
                consumed: Select::kind(RAISE).by("main"),
            },
        ),
    ]
}
