//! What every run of the asyncio lesson must show (SPEC section 4), cell by cell, and what
//! may vary (recorded as observations, never asserted).
//!
//! Nothing here asserts a raw time. Where the claim is about time (N sleeps together take
//! about d), the program measures inside itself and emits the numbers as `elapsed` events; the
//! property asserts only a bound that scheduling noise cannot break (gathered < N*d/2, when a
//! sequential run takes at least N*d), and the numbers themselves are an observation.
//! Knob-dependent bounds (K permits, the queue's capacity) are read from the trace, so the
//! properties hold for any flags, not only the defaults.

use interleaving::declare::{cell, events, lines};
use interleaving::{Property, Select};

use crate::cells::{
    BLOCKING, DETERMINISM, GATHER, LAZY, QUEUE, SEMAPHORE, SERVER, SLEEPS, TASK_GROUP, WAIT_FOR,
};
use crate::kinds::*;
use crate::rules::*;

mod linearizability;
mod printed_fixed;
mod printed_measured;
mod structured;

/// Every cell of the lesson, in order (for the per-cell properties).
pub const CELLS: [&str; 10] = [
    LAZY,
    SLEEPS,
    GATHER,
    WAIT_FOR,
    SEMAPHORE,
    QUEUE,
    BLOCKING,
    TASK_GROUP,
    DETERMINISM,
    SERVER,
];

/// Every property of the lesson, cell by cell.
///
/// ```
/// use interleaving::{check, Event, Trace};
/// // A gather that handed back results in completion order instead of argument order.
/// let trace = Trace::from_events([
///     Event::new(0, 0, 1, "lesson", "cell", "gather"),
///     Event::new(0, 0, 1, "main", "arg", "task-0"),
///     Event::new(1, 0, 1, "main", "arg", "task-1"),
///     Event::new(0, 0, 1, "task-1", "done", "1"),
///     Event::new(2, 0, 1, "main", "result", "task-1"),
///     Event::new(0, 0, 1, "task-0", "done", "0"),
///     Event::new(3, 0, 1, "main", "result", "task-0"),
/// ]);
/// let report = check(&trace, &asyncio::properties::properties());
/// assert!(report.to_string().contains("VIOLATED  gather-keeps-argument-order"));
/// ```
pub fn properties() -> Vec<Property> {
    // Each task's order in every cell is a rule every trace gets (`per-actor-order`).
    [
        lazy(),
        sleeps(),
        semaphore(),
        blocking(),
        determinism(),
        server(),
        structured::properties(),
        linearizability::properties(),
        printed_fixed::properties(),
        printed_measured::properties(),
    ]
    .concat()
}

fn main_says(text: &str) -> Select {
    lines().by("main").value(text)
}

fn lazy() -> Vec<Property> {
    cell(
        LAZY,
        [
            (
                "coroutine-body-runs-only-when-awaited",
                events(AWAIT).by("main").before(lines().by("coroutine")),
            ),
            (
                "coroutine-body-runs-once",
                lines().by("coroutine").exactly(["Hello, asyncio"]),
            ),
            (
                "unawaited-coroutine-never-runs",
                Select::any().by("never-awaited").count(0),
            ),
            (
                "current-thread-task-runs-on-the-calling-thread",
                main_says("current_thread runtime: the spawned task ran on the main thread: true")
                    .count(1),
            ),
            (
                "multi-thread-task-runs-on-a-worker",
                main_says(
                    "multi_thread runtime: the spawned task ran on thread \"asyncio-worker\"",
                )
                .count(1),
            ),
        ],
    )
}

fn sleeps() -> Vec<Property> {
    let sleep = || events(SLEEP).by("task-*");
    let wake = || events(WAKE).by("task-*");
    cell(
        SLEEPS,
        [
            (
                "every-sleep-starts-before-any-wakes",
                sleep().before(wake()),
            ),
            ("every-task-wakes-once", sleep().no_loss_no_dup(wake())),
            (
                "gathered-sleeps-take-well-under-n-times-d",
                gathered_under_half(),
            ),
            ("sequential-vs-gathered", sleep_times()),
        ],
    )
}

fn semaphore() -> Vec<Property> {
    let enter = || events(ENTER).by("worker-*");
    cell(
        SEMAPHORE,
        [
            ("never-more-than-k-inside", bounded_by_permits()),
            (
                "every-worker-enters-once",
                events(SPAWN).by("main").no_loss_no_dup(enter()),
            ),
            (
                "every-worker-leaves-once",
                enter().no_loss_no_dup(events(LEAVE).by("worker-*")),
            ),
            ("most-inside-at-once", most_inside()),
        ],
    )
}

fn blocking() -> Vec<Property> {
    cell(
        BLOCKING,
        [
            (
                "blocking-call-freezes-the-ticker",
                no_tick_while_blocked("blocker", "ticker-trap"),
            ),
            (
                "ticks-during-spawn-blocking",
                ticks_while_blocked("to-thread", "ticker-fixed"),
            ),
        ],
    )
}

fn determinism() -> Vec<Property> {
    cell(
        DETERMINISM,
        [
            (
                "current-thread-interleaving-same-every-round",
                same_every_round(),
            ),
            ("multi-thread-distinct-orders", distinct_orders()),
        ],
    )
}

fn server() -> Vec<Property> {
    let stopped = || events(STOPPED).by("server");
    cell(
        SERVER,
        [
            ("every-client-gets-its-own-line-back", own_line_back()),
            (
                "no-echo-lost-or-duplicated",
                events(SEND)
                    .by("client-*")
                    .no_loss_no_dup(events(RECV).by("client-*")),
            ),
            (
                "server-echoes-only-what-was-sent",
                value_seen_before(events(SEND).by("client-*"), events(ECHO).by("conn-*")),
            ),
            (
                "echo-before-the-client-receives",
                value_seen_before(events(ECHO).by("conn-*"), events(RECV).by("client-*")),
            ),
            (
                "garbage-and-partial-lines-rejected",
                events(REJECT)
                    .by("conn-*")
                    .exactly(["garbage (not UTF-8)", "client left mid-line"]),
            ),
            (
                "every-connection-ends-before-the-server-stops",
                connections_end(),
            ),
            (
                "server-stops-after-shutdown-is-asked",
                events(SHUTDOWN).by("main|ctrl-c").before(stopped()),
            ),
            ("server-stops-once", stopped().count(1)),
        ],
    )
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec().waits_for(crate::kinds::AWAIT)
}
