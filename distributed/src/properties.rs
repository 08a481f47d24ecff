//! What every run of the distributed lesson must show (SPEC section 4), and what may vary.
//! Ready-made rules from `interleaving` where they fit; the lesson's own in [`crate::rules`]
//! (re-exported here), each reading its bounds from the cell's `knob` event.

use interleaving::Property;
use interleaving::declare::{cell, events};

use crate::cells::{BACKPRESSURE, COMPETING_WORKERS, LESSON, POOL_MAP, STREAM_QUEUE, WORKER_DIES};
use crate::kinds;
pub use crate::rules::*;

mod consumer_group;
mod printed_lines;

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
    let add = || events(kinds::ADD).by("producer");
    let drained = || workers_exit("drained");
    let per_worker = || events(kinds::PROCESS).per_actor();
    let every_cell = [
        STREAM_QUEUE,
        COMPETING_WORKERS,
        WORKER_DIES,
        POOL_MAP,
        BACKPRESSURE,
    ]
    .into_iter()
    .flat_map(|c| {
        cell(
            c,
            [
                (
                    "every-entry-acked-once",
                    add().no_loss_no_dup(events(kinds::ACK)),
                ),
                ("delivered-after-adding", delivered_after_adding()),
                ("stream-ids-increase", stream_ids_increase()),
            ],
        )
    });
    [
        every_cell.collect(),
        consumer_group::properties(),
        // Cell 1: the notebook's queue, on a stream.
        cell(
            STREAM_QUEUE,
            [
                ("added-0-to-n-then-end", added_0_to_n(true)),
                (
                    "consumed-equals-published",
                    add().fifo(events(kinds::READ).by("consumer")),
                ),
                ("consumer-ends-at-end-marker", workers_exit("end-marker")),
            ],
        ),
        // Cell 2: competing workers.
        cell(
            COMPETING_WORKERS,
            [
                ("added-0-to-n", added_0_to_n(false)),
                (
                    "every-item-processed-once",
                    add().no_loss_no_dup(events(kinds::PROCESS)),
                ),
                ("workers-end-drained", drained()),
                ("items-per-worker", per_worker()),
            ],
        ),
        // Cell 3: a worker dies mid-item.
        cell(
            WORKER_DIES,
            [
                ("added-0-to-n", added_0_to_n(false)),
                ("at-least-once", at_least_once()),
                ("duplicates-are-redeliveries", duplicates_are_redeliveries()),
                ("redelivered-after-kill", redelivered_after_kill()),
                (
                    "effect-exactly-once",
                    events(kinds::ADDING)
                        .by("producer")
                        .no_loss_no_dup(events(kinds::STORED)),
                ),
                ("sink-skips-repeats", sink_skips_repeats()),
                ("one-worker-killed", events(kinds::KILL).by("main").count(1)),
                ("survivors-end-drained", drained()),
                ("items-per-worker", per_worker()),
                (
                    "duplicates-beyond-the-dead-worker",
                    duplicates_beyond_the_dead(),
                ),
            ],
        ),
        // Cell 4: Pool.map over the broker.
        cell(
            POOL_MAP,
            [
                ("map-in-input-order", map_in_input_order()),
                ("one-reply-per-input", one_reply_per_input()),
                (
                    "map-after-every-reply",
                    events(kinds::RESULT).before(events(kinds::MAP)),
                ),
                ("pool-workers-end-drained", drained()),
                ("reply-arrival-order", reply_order()),
            ],
        ),
        // Cell 5: backpressure.
        cell(
            BACKPRESSURE,
            [
                ("added-0-to-n", added_0_to_n(false)),
                ("backlog-within-bound", backlog_within_bound()),
                ("every-wait-resumes-before-adding", wait_then_resume()),
                ("times-the-producer-waited", waits()),
                ("backpressure-workers-end-drained", drained()),
            ],
        ),
        // Cell 6: a partition (its own file).
        crate::partition_rules::properties(),
        // Cell 7: the broker restarts (its own file).
        crate::restart_rules::properties(),
        // Every cell: the lines each actor prints.
        printed_lines::properties(),
    ]
    .concat()
}
