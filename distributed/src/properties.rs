//! What every run of the distributed lesson must show (SPEC section 4), and what may vary.
//! Ready-made rules from `interleaving` where they fit; the lesson's own in [`crate::rules`]
//! (re-exported here), each reading its bounds from the cell's `knob` event.

use interleaving::{Property, Rule, Select};

use crate::cells::{BACKPRESSURE, COMPETING_WORKERS, LESSON, POOL_MAP, STREAM_QUEUE, WORKER_DIES};
use crate::kinds;
pub use crate::rules::*;

/// The lesson as the checker sees it. Besides `join`, `kill` is a wait: `main` writes it after
/// reaping the SIGKILLed worker, so none of that worker's events can come after it.
pub fn spec() -> interleaving::LessonSpec {
    LESSON.spec().waits_for(kinds::KILL)
}

/// Every property of the lesson, cell by cell (the rules every trace gets, per-actor order
/// among them, come from [`spec`]).
///
/// ```
/// use interleaving::{check, Trace};
/// // An entry acknowledged twice: the group delivered it to two consumers.
/// let trace = Trace::from_steps([
///     ("lesson", "cell", "competing-workers"),
///     ("producer", "adding", "0"),
///     ("producer", "add", "0 1-0"),
///     ("worker-1", "read", "0 1-0"),
///     ("worker-1", "ack", "0 1-0"),
///     ("worker-2", "ack", "0 1-0"),
/// ]);
/// let report = check(&trace, &distributed::properties::properties());
/// assert!(report.violations().any(|v| v.property == "every-entry-acked-once"));
/// ```
pub fn properties() -> Vec<Property> {
    let add = || Select::kind(kinds::ADD).by("producer");
    let acked_once = || Rule::NoLossNoDup {
        produced: add(),
        consumed: Select::kind(kinds::ACK),
    };
    let mut props: Vec<Property> = Vec::new();
    for cell in [
        STREAM_QUEUE,
        COMPETING_WORKERS,
        WORKER_DIES,
        POOL_MAP,
        BACKPRESSURE,
    ] {
        props.extend([
            Property::new("every-entry-acked-once", acked_once()).in_cell(cell),
            Property::new("delivered-after-adding", delivered_after_adding()).in_cell(cell),
            Property::new("stream-ids-increase", stream_ids_increase()).in_cell(cell),
        ]);
    }
    // Cell 1: the notebook's queue, on a stream.
    props.extend([
        Property::new("added-0-to-n-then-end", added_0_to_n(true)).in_cell(STREAM_QUEUE),
        Property::new(
            "consumed-equals-published",
            Rule::Fifo {
                produced: add(),
                consumed: Select::kind(kinds::READ).by("consumer"),
            },
        )
        .in_cell(STREAM_QUEUE),
        Property::new("consumer-ends-at-end-marker", workers_exit("end-marker"))
            .in_cell(STREAM_QUEUE),
    ]);
    // Cell 2: competing workers.
    props.extend([
        Property::new("added-0-to-n", added_0_to_n(false)).in_cell(COMPETING_WORKERS),
        Property::new(
            "every-item-processed-once",
            Rule::NoLossNoDup {
                produced: add(),
                consumed: Select::kind(kinds::PROCESS),
            },
        )
        .in_cell(COMPETING_WORKERS),
        Property::new("workers-end-drained", workers_exit("drained")).in_cell(COMPETING_WORKERS),
        Property::new("items-per-worker", spread()).in_cell(COMPETING_WORKERS),
    ]);
    // Cell 3: a worker dies mid-item.
    props.extend([
        Property::new("added-0-to-n", added_0_to_n(false)).in_cell(WORKER_DIES),
        Property::new("at-least-once", at_least_once()).in_cell(WORKER_DIES),
        Property::new("duplicates-are-redeliveries", duplicates_are_redeliveries())
            .in_cell(WORKER_DIES),
        Property::new("redelivered-after-kill", redelivered_after_kill()).in_cell(WORKER_DIES),
        Property::new(
            "effect-exactly-once",
            Rule::NoLossNoDup {
                produced: Select::kind(kinds::ADDING).by("producer"),
                consumed: Select::kind(kinds::STORED),
            },
        )
        .in_cell(WORKER_DIES),
        Property::new("sink-skips-repeats", sink_skips_repeats()).in_cell(WORKER_DIES),
        Property::new(
            "one-worker-killed",
            Rule::Count {
                select: Select::kind(kinds::KILL).by("main"),
                n: 1,
            },
        )
        .in_cell(WORKER_DIES),
        Property::new("survivors-end-drained", workers_exit("drained")).in_cell(WORKER_DIES),
        Property::new("items-per-worker", spread()).in_cell(WORKER_DIES),
        Property::new(
            "duplicates-beyond-the-dead-worker",
            duplicates_beyond_the_dead(),
        )
        .in_cell(WORKER_DIES),
    ]);
    // Cell 4: Pool.map over the broker.
    props.extend([
        Property::new("map-in-input-order", map_in_input_order()).in_cell(POOL_MAP),
        Property::new("one-reply-per-input", one_reply_per_input()).in_cell(POOL_MAP),
        Property::new(
            "map-after-every-reply",
            Rule::HappensBefore {
                before: Select::kind(kinds::RESULT),
                after: Select::kind(kinds::MAP),
            },
        )
        .in_cell(POOL_MAP),
        Property::new("pool-workers-end-drained", workers_exit("drained")).in_cell(POOL_MAP),
        Property::new("reply-arrival-order", reply_order()).in_cell(POOL_MAP),
    ]);
    // Cell 5: backpressure.
    props.extend([
        Property::new("added-0-to-n", added_0_to_n(false)).in_cell(BACKPRESSURE),
        Property::new("backlog-within-bound", backlog_within_bound()).in_cell(BACKPRESSURE),
        Property::new("every-wait-resumes-before-adding", wait_then_resume()).in_cell(BACKPRESSURE),
        Property::new("times-the-producer-waited", waits()).in_cell(BACKPRESSURE),
        Property::new("backpressure-workers-end-drained", workers_exit("drained"))
            .in_cell(BACKPRESSURE),
    ]);
    props
}
