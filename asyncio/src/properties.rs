//! What every run of the asyncio lesson must show (SPEC section 4), cell by cell, and what
//! may vary (recorded as observations, never asserted).
//!
//! Nothing here asserts a raw time. Where the claim is about time (N sleeps together take
//! about d), the program measures inside itself and emits the numbers as `elapsed` events; the
//! property asserts only a bound that scheduling noise cannot break (gathered < N*d/2, when a
//! sequential run takes at least N*d), and the numbers themselves are an observation.
//! Knob-dependent bounds (K permits, the queue's capacity) are read from the trace, so the
//! properties hold for any flags, not only the defaults.

use std::collections::{BTreeMap, BTreeSet};

use interleaving::kinds::EXIT;
use interleaving::read::Line;
use interleaving::select::Item;
use interleaving::{Outcome, Property, Rule, Select, Violation};

use crate::cells::{
    BLOCKING, DETERMINISM, GATHER, LAZY, QUEUE, SEMAPHORE, SERVER, SLEEPS, TASK_GROUP, WAIT_FOR,
};
use crate::kinds::*;

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
    all.extend(gather());
    all.extend(wait_for());
    all.extend(semaphore());
    all.extend(queue());
    all.extend(blocking());
    all.extend(task_group());
    all.extend(determinism());
    all.extend(server());
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
            Rule::Count {
                select: main_says("gather(square(0..5)) -> [0, 1, 4, 9, 16]"),
                n: 1,
            },
        ),
        Property::new(
            "exception-returned-in-its-place",
            Rule::Count {
                select: main_says(
                    "gather(..., return_exceptions=True) -> [0, 1, ValueError: bad input 2, 9]",
                ),
                n: 1,
            },
        ),
        Property::new("completion-order", Rule::custom(completion_order)),
    ]
    .into_iter()
    .map(|p| p.in_cell(GATHER))
    .collect()
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
            "aborted-task-cleaned-up-before-cancelled-error",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by("detached"),
                after: Select::kind(CANCEL).by("main").value("detached"),
            },
        ),
        Property::new(
            "timed-out-work-is-cancelled-never-finished",
            Rule::Multiset {
                select: Select::kind(CLEANUP).by("slow|detached"),
                expected: vec!["cancelled".into(), "cancelled".into()],
            },
        ),
        Property::new(
            "timeout-on-a-handle-leaves-the-task-running",
            Rule::Count {
                select: main_says(
                    "timeout on the task's handle: TimeoutError; the task is still running: true",
                ),
                n: 1,
            },
        ),
        Property::new(
            "future-dropped-after-taking-loses-the-item",
            Rule::Count {
                select: main_says(
                    "take-then-wait dropped by timeout: the queue holds [2, 3], and nobody got 1",
                ),
                n: 1,
            },
        ),
        Property::new(
            "cancellation-safe-recv-loses-nothing",
            Rule::Count {
                select: main_says(
                    "rx.recv() dropped by timeout while waiting, then: got [1, 2, 3], nothing lost",
                ),
                n: 1,
            },
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(WAIT_FOR))
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

fn queue() -> Vec<Property> {
    let fifo_of = |p: u32| Rule::Fifo {
        produced: Select::kind(PUT).by(&format!("producer-{p}")),
        consumed: Select::kind(GET).by("consumer").value(&format!("p{p}-*")),
    };
    vec![
        Property::new(
            "no-item-lost-or-duplicated",
            Rule::NoLossNoDup {
                produced: Select::kind(PUT).by("producer-*"),
                consumed: Select::kind(GET).by("consumer"),
            },
        ),
        Property::new("producer-0-items-arrive-in-order", fifo_of(0)),
        Property::new("producer-1-items-arrive-in-order", fifo_of(1)),
        Property::new(
            "every-get-after-its-put",
            value_seen_before(Select::kind(PUT), Select::kind(GET).by("consumer")),
        ),
        Property::new(
            "consumer-ends-after-every-producer",
            Rule::HappensBefore {
                before: Select::kind(EXIT).by("producer-*"),
                after: Select::kind(EXIT).by("consumer"),
            },
        ),
        Property::new(
            "consumer-ends-after-its-last-get",
            Rule::HappensBefore {
                before: Select::kind(GET).by("consumer"),
                after: Select::kind(EXIT).by("consumer"),
            },
        ),
        Property::new(
            "backpressure-bounds-items-in-flight",
            Rule::custom(backpressure),
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(QUEUE))
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

fn task_group() -> Vec<Property> {
    let siblings = "task-1|task-2";
    vec![
        Property::new(
            "siblings-cancelled-on-first-error",
            Rule::Multiset {
                select: Select::kind(CANCEL).by("main"),
                expected: vec!["task-1".into(), "task-2".into()],
            },
        ),
        Property::new(
            "first-error-before-the-cancellations",
            Rule::HappensBefore {
                before: Select::kind(ERROR).by("main").value("task-0"),
                after: Select::kind(CANCEL).by("main"),
            },
        ),
        Property::new(
            "siblings-never-finish",
            Rule::Multiset {
                select: Select::kind(CLEANUP).by(siblings),
                expected: vec!["cancelled".into(), "cancelled".into()],
            },
        ),
        Property::new(
            "each-cancel-seen-after-that-task-cleaned-up",
            actor_acted_before(
                Select::kind(CLEANUP).by(siblings),
                Select::kind(CANCEL).by("main"),
            ),
        ),
        Property::new(
            "group-raises-after-every-sibling-ended",
            Rule::HappensBefore {
                before: Select::kind(CLEANUP).by(siblings),
                after: Select::kind(RAISE).by("main"),
            },
        ),
    ]
    .into_iter()
    .map(|p| p.in_cell(TASK_GROUP))
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

/// A violation of a custom rule.
fn violated(
    rule: &str,
    statement: &str,
    expected: String,
    got: String,
    lines: Vec<usize>,
) -> Outcome {
    Outcome::Violated(Violation {
        rule: rule.into(),
        statement: statement.into(),
        expected,
        got,
        lines,
    })
}

/// Every `after` item's value was the value of some `before` item on an earlier line
/// (a get after its put, an echo after its send). At least one `after` item is required.
pub fn value_seen_before(before: Select, after: Select) -> Rule {
    Rule::custom(move |lines| {
        let statement = format!("every `{after}` value was a `{before}` value earlier");
        let b = before.items(lines);
        let a = after.items(lines);
        if a.is_empty() {
            return violated(
                "value-before",
                &statement,
                format!("at least one `{after}`"),
                "none in the trace".into(),
                vec![],
            );
        }
        for item in &a {
            if !b
                .iter()
                .any(|x| x.value == item.value && x.line < item.first_line)
            {
                return violated(
                    "value-before",
                    &statement,
                    format!(
                        "a `{before}` with value {:?} before line {}",
                        item.value, item.line
                    ),
                    format!("{} with none before it", item.quote()),
                    vec![item.line],
                );
            }
        }
        Outcome::Held
    })
}

/// Every `after` item's value names an actor that did a `before` item on an earlier line
/// (main sees task-1 cancelled only after task-1's cleanup ran). At least one is required.
pub fn actor_acted_before(before: Select, after: Select) -> Rule {
    Rule::custom(move |lines| {
        let statement = format!("every `{after}` comes after a `{before}` by the actor it names");
        let b = before.items(lines);
        let a = after.items(lines);
        if a.is_empty() {
            return violated(
                "actor-before",
                &statement,
                format!("at least one `{after}`"),
                "none in the trace".into(),
                vec![],
            );
        }
        for item in &a {
            if !b
                .iter()
                .any(|x| x.actor == item.value && x.line < item.first_line)
            {
                return violated(
                    "actor-before",
                    &statement,
                    format!("a `{before}` by {} before line {}", item.value, item.line),
                    format!("{} with none before it", item.quote()),
                    vec![item.line],
                );
            }
        }
        Outcome::Held
    })
}

/// The `name=microseconds` values of `elapsed` events by main, and their lines.
fn elapsed(lines: &[Line]) -> BTreeMap<String, (u64, usize)> {
    Select::kind(ELAPSED)
        .by("main")
        .items(lines)
        .into_iter()
        .filter_map(|i| {
            let (name, us) = i.value.split_once('=')?;
            Some((name.to_owned(), (us.parse().ok()?, i.line)))
        })
        .collect()
}

fn gathered_under_half(lines: &[Line]) -> Outcome {
    let times = elapsed(lines);
    let statement = "the gathered sleeps took less than half of N*d";
    let (Some(&(gathered, at)), Some(&(budget, at_budget))) =
        (times.get("gathered"), times.get("n*d"))
    else {
        return violated(
            "concurrent-sleeps",
            statement,
            "elapsed events gathered=US and n*d=US by main".into(),
            format!("{:?}", times.keys().collect::<Vec<_>>()),
            vec![],
        );
    };
    if gathered * 2 < budget {
        return Outcome::Held;
    }
    violated(
        "concurrent-sleeps",
        statement,
        format!("gathered < {} us (N*d/2)", budget / 2),
        format!("gathered = {gathered} us: the sleeps did not overlap"),
        vec![at, at_budget],
    )
}

fn sleep_times(lines: &[Line]) -> Outcome {
    let t = elapsed(lines);
    match (t.get("sequential"), t.get("gathered")) {
        (Some(&(s, _)), Some(&(g, _))) => Outcome::Observed(format!(
            "sequential {:.1} ms, gathered {:.1} ms ({:.1}x)",
            s as f64 / 1000.0,
            g as f64 / 1000.0,
            s as f64 / (g.max(1)) as f64
        )),
        _ => Outcome::Observed("no times recorded".into()),
    }
}

fn completion_order(lines: &[Line]) -> Outcome {
    let done: Vec<String> = Select::kind(DONE)
        .by("task-*")
        .items(lines)
        .into_iter()
        .map(|i| i.actor)
        .collect();
    Outcome::Observed(done.join(" "))
}

/// The value of the first `kind` event by main, as a number.
fn announced(lines: &[Line], kind: &str) -> Result<(usize, usize), Outcome> {
    Select::kind(kind)
        .by("main")
        .first()
        .items(lines)
        .first()
        .and_then(|i| Some((i.value.parse().ok()?, i.line)))
        .ok_or_else(|| {
            violated(
                kind,
                &format!("main announces the {kind}"),
                format!("a `{kind}` event by main with a number"),
                "none in the trace".into(),
                vec![],
            )
        })
}

fn bounded_by_permits(lines: &[Line]) -> Outcome {
    let k = match announced(lines, PERMITS) {
        Ok((k, _)) => k,
        Err(o) => return o,
    };
    Rule::Bounded {
        enter: Select::kind(ENTER).by("worker-*"),
        leave: Select::kind(LEAVE).by("worker-*"),
        max: k,
    }
    .eval(lines)
}

fn most_inside(lines: &[Line]) -> Outcome {
    let (mut now, mut most) = (0i64, 0i64);
    for l in lines
        .iter()
        .filter(|l| l.event.actor.starts_with("worker-"))
    {
        match l.event.kind.as_str() {
            ENTER => now += 1,
            LEAVE => now -= 1,
            _ => {}
        }
        most = most.max(now);
    }
    Outcome::Observed(most.to_string())
}

fn backpressure(lines: &[Line]) -> Outcome {
    let (cap, _) = match announced(lines, CAPACITY) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let producers: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.event.kind == PUT)
        .map(|l| l.event.actor.as_str())
        .collect();
    // Put but not yet got: in the queue (at most cap), in a producer's pending send (one
    // each), or taken by the consumer and not yet reported (one).
    let bound = cap + producers.len() + 1;
    let mut in_flight = 0usize;
    let mut puts: Vec<usize> = Vec::new();
    for l in lines {
        match l.event.kind.as_str() {
            PUT => {
                in_flight += 1;
                puts.push(l.no);
            }
            GET => in_flight = in_flight.saturating_sub(1),
            _ => {}
        }
        if in_flight > bound {
            return violated(
                "backpressure",
                "items put but not yet got never exceed capacity + producers + 1",
                format!("at most {bound} in flight (capacity {cap})"),
                format!("{in_flight} in flight at line {}", l.no),
                vec![l.no],
            );
        }
    }
    Outcome::Held
}

/// The span between `who`'s block and unblock, and the lines of `ticker`'s ticks inside it.
fn ticks_while_blocked(
    lines: &[Line],
    who: &str,
    ticker: &str,
) -> Result<((usize, usize), Vec<usize>), Outcome> {
    let at = |kind: &str| {
        Select::kind(kind)
            .by(who)
            .first()
            .items(lines)
            .first()
            .map(|i| i.line)
    };
    let (Some(start), Some(end)) = (at(BLOCK), at(UNBLOCK)) else {
        return Err(violated(
            "blocking",
            &format!("{who} blocks, then unblocks"),
            format!("a block and an unblock by {who}"),
            "missing".into(),
            vec![],
        ));
    };
    let ticks = Select::kind(TICK)
        .by(ticker)
        .items(lines)
        .into_iter()
        .map(|i| i.line)
        .filter(|l| *l > start && *l < end)
        .collect();
    Ok(((start, end), ticks))
}

/// The rounds of one runtime flavour: (line of the `round` event, its steps in trace order).
fn rounds(lines: &[Line], flavour: &str) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    let mut current: Option<usize> = None;
    for l in lines {
        let e = &l.event;
        if e.kind == ROUND && e.actor == "main" {
            current = if e.value.split(' ').next() == Some(flavour) {
                out.push((l.no, Vec::new()));
                Some(out.len() - 1)
            } else {
                None
            };
        } else if e.kind == STEP {
            if let Some(i) = current {
                out[i].1.push(format!("{}:{}", e.actor, e.value));
            }
        }
    }
    out
}

fn own_line_back(lines: &[Line]) -> Outcome {
    let statement = "each client receives exactly the one line it sent";
    let sends = Select::kind(SEND).by("client-*").items(lines);
    if sends.is_empty() {
        return violated(
            "own-line-back",
            statement,
            "at least one client".into(),
            "no send by any client".into(),
            vec![],
        );
    }
    let mut by_client: BTreeMap<&str, (Vec<&Item>, Vec<&Item>)> = BTreeMap::new();
    let recvs = Select::kind(RECV).by("client-*").items(lines);
    for s in &sends {
        by_client.entry(s.actor.as_str()).or_default().0.push(s);
    }
    for r in &recvs {
        by_client.entry(r.actor.as_str()).or_default().1.push(r);
    }
    for (client, (sent, got)) in by_client {
        let ok = sent.len() == 1 && got.len() == 1 && sent[0].value == got[0].value;
        if !ok {
            let show = |v: &[&Item]| v.iter().map(|i| i.quote()).collect::<Vec<_>>().join("; ");
            return violated(
                "own-line-back",
                statement,
                format!("{client}: one send and one recv of the same line"),
                format!("sent [{}], received [{}]", show(&sent), show(&got)),
                sent.iter().chain(&got).map(|i| i.line).collect(),
            );
        }
    }
    Outcome::Held
}

fn connections_end(lines: &[Line]) -> Outcome {
    let statement = "every accepted connection exits, before the server stops";
    let accepted = Select::kind(ACCEPT).by("server").items(lines);
    let stopped = Select::kind(STOPPED).by("server").items(lines);
    let Some(stop) = stopped.first() else {
        return violated(
            "connections-end",
            statement,
            "a `stopped` by server".into(),
            "none in the trace".into(),
            vec![],
        );
    };
    let exits = Select::kind(EXIT).by("conn-*").items(lines);
    for a in &accepted {
        let exit = exits.iter().find(|e| e.actor == a.value);
        match exit {
            Some(e) if e.line < stop.line => {}
            Some(e) => {
                return violated(
                    "connections-end",
                    statement,
                    format!("{} exits before line {}", a.value, stop.line),
                    format!("{} after the server stopped", e.quote()),
                    vec![e.line, stop.line],
                );
            }
            None => {
                return violated(
                    "connections-end",
                    statement,
                    format!("an exit by {}", a.value),
                    "none: the connection was left behind".into(),
                    vec![a.line],
                );
            }
        }
    }
    Outcome::Held
}
