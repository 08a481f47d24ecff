//! What every run of the asyncio lesson must show (SPEC section 4), cell by cell, and what
//! may vary (recorded as observations, never asserted).
//!
//! Nothing here asserts a raw time. Where the claim is about time (N sleeps together take
//! about d), the program measures inside itself and emits the numbers as `elapsed` events; the
//! property asserts only a bound that scheduling noise cannot break (gathered < N*d/2, when a
//! sequential run takes at least N*d), and the numbers themselves are an observation.
//! Knob-dependent bounds (K permits, the queue's capacity) are read from the trace, so the
//! properties hold for any flags, not only the defaults.

use std::collections::BTreeSet;

use interleaving::{Outcome, Property, Rule, Select};

use crate::cells::{
    BLOCKING, DETERMINISM, GATHER, LAZY, QUEUE, SEMAPHORE, SERVER, SLEEPS, TASK_GROUP, WAIT_FOR,
};
use crate::kinds::*;
use crate::rules::*;

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
    let mut all: Vec<Property> = CELLS
        .iter()
        .map(|cell| {
            Property::new(format!("per-task-order-in-{cell}"), Rule::PerActorOrder).in_cell(*cell)
        })
        .collect();
    all.extend(lazy());
    all.extend(sleeps());
    all.extend(semaphore());
    all.extend(blocking());
    all.extend(determinism());
    all.extend(server());
    all.extend(structured::properties());
    all
}

fn main_says(text: &str) -> Select {
    Select::lines().by("main").value(text)
}

fn lazy() -> Vec<Property> {
    vec![
        Property::new(
            "coroutine-body-runs-only-when-awaited",
            Rule::HappensBefore {
                before: Select::kind(AWAIT).by("main"),
                after: Select::lines().by("coroutine"),
            },
        ),
        Property::new(
            "coroutine-body-runs-once",
            Rule::Multiset {
                select: Select::lines().by("coroutine"),
                expected: vec!["Hello, asyncio".into()],
            },
        ),
        Property::new(
            "unawaited-coroutine-never-runs",
            Rule::Count {
                select: Select::any().by("never-awaited"),
                n: 0,
            },
        ),
        Property::new(
            "current-thread-task-runs-on-the-calling-thread",
            Rule::Count {
                select: main_says(
                    "current_thread runtime: the spawned task ran on the main thread: true",
                ),
                n: 1,
            },
        ),
        Property::new(
            "multi-thread-task-runs-on-a-worker",
            Rule::Count {
                select: main_says(
                    "multi_thread runtime: the spawned task ran on thread \"asyncio-worker\"",
                ),
                n: 1,
            },
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(LAZY))
    .collect()
}

fn sleeps() -> Vec<Property> {
    vec![
        Property::new(
            "every-sleep-starts-before-any-wakes",
            Rule::HappensBefore {
                before: Select::kind(SLEEP).by("task-*"),
                after: Select::kind(WAKE).by("task-*"),
            },
        ),
        Property::new(
            "every-task-wakes-once",
            Rule::NoLossNoDup {
                produced: Select::kind(SLEEP).by("task-*"),
                consumed: Select::kind(WAKE).by("task-*"),
            },
        ),
        Property::new(
            "gathered-sleeps-take-well-under-n-times-d",
            Rule::custom(gathered_under_half),
        ),
        Property::new("sequential-vs-gathered", Rule::custom(sleep_times)),
    ]
    .into_iter()
    .map(|p| p.in_cell(SLEEPS))
    .collect()
}

fn semaphore() -> Vec<Property> {
    vec![
        Property::new("never-more-than-k-inside", Rule::custom(bounded_by_permits)),
        Property::new(
            "every-worker-enters-once",
            Rule::NoLossNoDup {
                produced: Select::kind(SPAWN).by("main"),
                consumed: Select::kind(ENTER).by("worker-*"),
            },
        ),
        Property::new(
            "every-worker-leaves-once",
            Rule::NoLossNoDup {
                produced: Select::kind(ENTER).by("worker-*"),
                consumed: Select::kind(LEAVE).by("worker-*"),
            },
        ),
        Property::new("most-inside-at-once", Rule::custom(most_inside)),
    ]
    .into_iter()
    .map(|p| p.in_cell(SEMAPHORE))
    .collect()
}

fn blocking() -> Vec<Property> {
    vec![
        Property::new(
            "blocking-call-freezes-the-ticker",
            Rule::custom(
                |lines| match ticks_while_blocked(lines, "blocker", "ticker-trap") {
                    Err(o) => o,
                    Ok((_, ticks)) if ticks.is_empty() => Outcome::Held,
                    Ok((span, ticks)) => violated(
                        "no-tick-while-blocked",
                        "no tick by ticker-trap between blocker's block and unblock",
                        "0 ticks while the only thread was blocked".into(),
                        format!(
                            "{} tick(s) between lines {} and {}",
                            ticks.len(),
                            span.0,
                            span.1
                        ),
                        ticks,
                    ),
                },
            ),
        ),
        Property::new(
            "ticks-during-spawn-blocking",
            Rule::custom(
                |lines| match ticks_while_blocked(lines, "to-thread", "ticker-fixed") {
                    Err(o) => o,
                    Ok((_, ticks)) => Outcome::Observed(format!("{} tick(s)", ticks.len())),
                },
            ),
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(BLOCKING))
    .collect()
}

fn determinism() -> Vec<Property> {
    vec![
        Property::new(
            "current-thread-interleaving-same-every-round",
            Rule::custom(|lines| {
                let rounds = rounds(lines, "current_thread");
                if rounds.len() < 2 || rounds.iter().any(|(_, r)| r.is_empty()) {
                    return violated(
                        "deterministic",
                        "every current_thread round steps in the same order",
                        "at least 2 current_thread rounds, each with steps".into(),
                        format!("{} round(s)", rounds.len()),
                        rounds.iter().map(|(l, _)| *l).collect(),
                    );
                }
                let (first_line, first) = &rounds[0];
                match rounds.iter().find(|(_, r)| r != first) {
                    None => Outcome::Held,
                    Some((line, other)) => violated(
                        "deterministic",
                        "every current_thread round steps in the same order",
                        format!("{} (round at line {first_line})", first.join(" ")),
                        format!("{} (round at line {line})", other.join(" ")),
                        vec![*first_line, *line],
                    ),
                }
            }),
        ),
        Property::new(
            "multi-thread-distinct-orders",
            Rule::custom(|lines| {
                let rounds = rounds(lines, "multi_thread");
                let distinct: BTreeSet<&Vec<String>> = rounds.iter().map(|(_, r)| r).collect();
                Outcome::Observed(format!("{} in {} rounds", distinct.len(), rounds.len()))
            }),
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(DETERMINISM))
    .collect()
}

fn server() -> Vec<Property> {
    vec![
        Property::new(
            "every-client-gets-its-own-line-back",
            Rule::custom(own_line_back),
        ),
        Property::new(
            "no-echo-lost-or-duplicated",
            Rule::NoLossNoDup {
                produced: Select::kind(SEND).by("client-*"),
                consumed: Select::kind(RECV).by("client-*"),
            },
        ),
        Property::new(
            "server-echoes-only-what-was-sent",
            value_seen_before(
                Select::kind(SEND).by("client-*"),
                Select::kind(ECHO).by("conn-*"),
            ),
        ),
        Property::new(
            "echo-before-the-client-receives",
            value_seen_before(
                Select::kind(ECHO).by("conn-*"),
                Select::kind(RECV).by("client-*"),
            ),
        ),
        Property::new(
            "garbage-and-partial-lines-rejected",
            Rule::Multiset {
                select: Select::kind(REJECT).by("conn-*"),
                expected: vec!["garbage (not UTF-8)".into(), "client left mid-line".into()],
            },
        ),
        Property::new(
            "every-connection-ends-before-the-server-stops",
            Rule::custom(connections_end),
        ),
        Property::new(
            "server-stops-after-shutdown-is-asked",
            Rule::HappensBefore {
                before: Select::kind(SHUTDOWN).by("main|ctrl-c"),
                after: Select::kind(STOPPED).by("server"),
            },
        ),
        Property::new(
            "server-stops-once",
            Rule::Count {
                select: Select::kind(STOPPED).by("server"),
                n: 1,
            },
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(SERVER))
    .collect()
}

/// The lesson as the checker sees it: its name, its cells in order, and the kinds that wait
/// for an actor to finish. `check_lesson` applies the rules every trace gets with it.
pub fn spec() -> interleaving::LessonSpec {
    crate::cells::LESSON.spec().waits_for(crate::kinds::AWAIT)
}
