//! The printed lines of the cells whose output follows from their knobs alone
//! (`interleaving::printed`): a line deleted, added or changed fails, naming the line. The
//! same lines on Python's reference (`cargo xtask compare`), but one: Python 3.11's
//! `asyncio.Queue` has no `shutdown()`, so its queue-join workers end on sentinels, and its
//! run says so in its knobs (`runtime=asyncio`).

use interleaving::Property;
use interleaving::declare::cell;
use interleaving::printed::{Printed, fixed_lines, printed};

use crate::cells::{
    GATHER, LAZY, QUEUE, QUEUE_FAMILY, QUEUE_JOIN, TASK_GROUP, TASK_GROUP_FAILURE, WAIT_FOR, queue,
    queue_family, queue_join,
};

/// The `runtime` knob of Python's reference run.
const PYTHON: &str = "asyncio";

/// The eight cells' `printed-lines`.
pub(super) fn properties() -> Vec<Property> {
    [
        fixed_lines(
            LAZY,
            Printed::new().by("coroutine", ["Hello, asyncio"]).by(
                "main",
                [
                    "called greet(): nothing has run yet",
                    "awaited greet(): greeted asyncio",
                    "dropped a second greet() unawaited: its body never ran",
                    "current_thread runtime: the spawned task ran on the main thread: true",
                    "multi_thread runtime: the spawned task ran on thread \"asyncio-worker\"",
                ],
            ),
        ),
        fixed_lines(
            GATHER,
            Printed::new().by(
                "main",
                [
                    "gather(square(0..5)) -> [0, 1, 4, 9, 16]",
                    "gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]",
                    "gather(slow, fails) raised ValueError: fails while slow was still waiting",
                    "...and slow ran on to its end, as in Python: nobody cancelled it",
                    "cancelling the task awaiting gather cancelled both children (cleanup ran)",
                    "as_completed -> [16, 9, 4, 1, 0]",
                ],
            ),
        ),
        fixed_lines(WAIT_FOR, wait_for()),
        fixed_lines(
            TASK_GROUP,
            Printed::new().by(
                "main",
                [
                    "TaskGroup ended: tg-0 -> 0, tg-2 -> 20, tg-1 cancelled on purpose: true",
                    "the owner was cancelled; both of its children were cancelled first",
                ],
            ),
        ),
        fixed_lines(
            TASK_GROUP_FAILURE,
            Printed::new().by(
                "main",
                [
                    "the TaskGroup raised ExceptionGroup: unhandled errors in a TaskGroup (2 \
                     sub-exceptions): [ValueError: fail-0, ValueError: fail-1]; sibling and \
                     body were cancelled first",
                ],
            ),
        ),
        queues(),
    ]
    .concat()
}

/// Main's seven answers; each task that was cancelled printed only that it started.
fn wait_for() -> Printed {
    let started = |who: &str| [format!("{who}: started, needs 10 s")];
    Printed::new()
        .by("slow", started("slow"))
        .by("task", started("task"))
        .by("detached", started("detached"))
        .by(
            "main",
            [
                "wait_for(slow_op(), 0.03) -> TimeoutError; slow_op's cleanup already ran",
                "wait_for(coro, 0) -> TimeoutError: nothing after 0ns; coro never started",
                "wait_for(task, 0.03) -> TimeoutError; the task had ended, cleanup run",
                "tokio::time::timeout on the task's handle: Elapsed; the task is still running: true",
                "after abort(): the task ended with CancelledError; its cleanup ran",
                "take-then-wait dropped by wait_for: the queue holds [2, 3], and nobody got 1",
                "q.get() dropped by wait_for while waiting, then: got [1, 2, 3], nothing lost",
            ],
        )
}

/// The three queue cells: every count follows from `items` (and `capacity`).
fn queues() -> Vec<Property> {
    let family = |k: &interleaving::knob::Knobs| {
        let items = k.u64("items")?;
        let (p, c) = (queue_family::PRODUCERS, queue_family::CONSUMERS);
        let put: Vec<u64> = queue_family::SCRAMBLED.to_vec();
        let mut lowest_first = put.clone();
        lowest_first.sort_unstable();
        let last_first: Vec<u64> = put.iter().rev().copied().collect();
        let shown = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        let lines = |class: &str, got: &[u64]| {
            [
                format!("{class}: put {}, got {}", shown(&put), shown(got)),
                format!(
                    "{class}: {p} producers put {} items, {c} consumers got {}",
                    p * items,
                    p * items
                ),
            ]
        };
        Ok(Printed::new()
            .by("main", lines("LifoQueue", &last_first))
            .by("main", lines("PriorityQueue", &lowest_first)))
    };
    [
        cell(
            QUEUE,
            [(
                "printed-lines",
                printed(|k| {
                    let all = queue::PRODUCERS * k.u64("items")?;
                    Ok(Printed::new().by(
                        "main",
                        [format!(
                            "{} producers put {all} items through a queue of {}; the \
                             consumers got {all} and ended",
                            queue::PRODUCERS,
                            k.u64("capacity")?
                        )],
                    ))
                }),
            )],
        ),
        cell(
            QUEUE_JOIN,
            [(
                "printed-lines",
                printed(|k| {
                    let w = queue_join::WORKERS;
                    let ended = match k.get::<String>("runtime").as_deref() {
                        Some(PYTHON) => {
                            format!("the {w} workers ended on their sentinels (3.11 has no q.shutdown())")
                        }
                        _ => format!("q.shutdown(): the {w} workers ended on QueueShutDown"),
                    };
                    Ok(Printed::new().by(
                        "main",
                        [
                            format!("q.join() returned: all {} items processed", k.u64("items")?),
                            ended,
                        ],
                    ))
                }),
            )],
        ),
        cell(QUEUE_FAMILY, [("printed-lines", printed(family))]),
    ]
    .concat()
}
