//! Every line each cell prints, per actor (`interleaving::printed`): a line deleted, added or
//! changed fails, naming the line. Which worker squares which item varies from run to run,
//! so the workers' lines are stated as a group ([`Printed::among`]): their union exactly,
//! each worker naming itself. Where a worker comes to print a line more than once (a claim
//! delivers an item again), the lines follow the claims the trace records: one `claimed`
//! line and one `(already stored: skipped)` line per claim. The same lines as Python's
//! (`cargo xtask compare`), but for `map returned [...]`, which each language renders as its
//! own list (the `map` event checks the values).

mod with_claims;

use std::collections::BTreeMap;

use interleaving::declare::cell;
use interleaving::knob::Knobs;
use interleaving::printed::{Printed, like, printed};
use interleaving::{Property, Rule};

use crate::cells::broker_restart::{CLOSING, SETTINGS};
use crate::cells::{
    BACKPRESSURE, BROKER_RESTART, COMPETING_WORKERS, PARTITION, POOL_MAP, STREAM_QUEUE, WORKER_DIES,
};
use crate::partition_rules::unless_skipped;
use with_claims::printed_with;

/// `worker-FIRST` .. `worker-LAST`.
fn workers(first: u64, last: u64) -> Vec<String> {
    (first..=last).map(|i| format!("worker-{i}")).collect()
}

/// What a square worker prints for `item`: its square, stored (`again` false) or found
/// already stored.
fn square(item: u64, again: bool) -> String {
    let note = if again {
        " (already stored: skipped)"
    } else {
        ""
    };
    format!("{{actor}}: {item} squared is {}{note}", item * item)
}

/// What a worker prints when it claims `item`.
fn claimed(item: u64) -> String {
    format!("{{actor}}: claimed {item} (read by another, never acknowledged)")
}

/// The lines of square workers for `items`, each stored once, and for each claim of an item
/// the claim's line and the repeat's.
fn squares(items: impl Iterator<Item = u64>, claims: &BTreeMap<u64, usize>) -> Vec<String> {
    let mut out = Vec::new();
    for i in items {
        out.push(square(i, false));
        for _ in 0..claims.get(&i).copied().unwrap_or(0) {
            out.push(claimed(i));
            out.push(square(i, true));
        }
    }
    out
}

/// No lines known from the knobs alone: a cell whose lines all follow its claims.
fn none(_: &Knobs) -> Result<Printed, String> {
    Ok(Printed::new())
}

/// The worker-dies cell's knobs, read in the order its lines need them (so that a missing
/// one is named the same way by both halves of its lines).
fn dies_knobs(k: &Knobs) -> Result<(u64, u64, u64), String> {
    let kill = k.u64("kill_after")?;
    // worker-1 dies holding its `kill_after`-th item: there is no 0th (the lesson refuses 0;
    // a trace that says 0 is not one of its runs).
    if kill == 0 {
        return Err("a `knob` event with `kill_after=N`, N at least 1 (got 0)".into());
    }
    Ok((k.u64("items")?, k.u64("workers")?, kill))
}

/// The printed-lines property of every cell.
pub fn properties() -> Vec<Property> {
    let one = |c: &str, rule: Rule| cell(c, [("printed-lines", rule)]);
    [
        one(
            STREAM_QUEUE,
            printed(|k| {
                let n = k.u64("items")?;
                Ok(Printed::new()
                    .numbered("producer", "Published {}", 0..n)
                    .numbered("consumer", "Consumed {}", 0..n))
            }),
        ),
        one(
            COMPETING_WORKERS,
            printed_with(none, |k, c, _| {
                let (n, w) = (k.u64("items")?, k.u64("workers")?);
                Ok(Printed::new().among(workers(1, w), squares(0..n, c)))
            }),
        ),
        one(
            WORKER_DIES,
            printed_with(
                |k| {
                    let (_, _, kill) = dies_knobs(k)?;
                    // worker-1 is alone until it dies: it prints its first `kill_after` items
                    // (the last of them the one it dies holding).
                    let doomed =
                        (0..kill).map(|i| square(i, false).replace("{actor}", "worker-1"));
                    Ok(Printed::new()
                        .by(
                            "main",
                            ["worker-1 holds an item, processed, not acknowledged: SIGKILL"],
                        )
                        .by("worker-1", doomed))
                },
                |k, c, _| {
                    // The others do the rest, and the held item again, after claiming it.
                    let (n, w, kill) = dies_knobs(k)?;
                    let mut rest = squares(kill..n, c);
                    let held = kill - 1;
                    for _ in 0..c.get(&held).copied().unwrap_or(0) {
                        rest.push(claimed(held));
                        rest.push(square(held, true));
                    }
                    Ok(Printed::new().among(workers(2, w), rest))
                },
            ),
        ),
        one(
            POOL_MAP,
            printed(|k| {
                let (n, fail) = (k.u64("items")?, k.u64("fail_at")?);
                let reply = |i: u64| match i == fail {
                    true => format!("reply arrived: {i} err ValueError: item {i} is bad"),
                    false => format!("reply arrived: {i} ok {}", i * i),
                };
                Ok(Printed::new()
                    .by("main", (0..n).map(reply))
                    // Each language renders its own list; the `map` event checks the values.
                    .by("main", [like("map returned [*]")]))
            }),
        ),
        one(
            BACKPRESSURE,
            printed_with(none, |k, c, waits| {
                let (n, w) = (k.u64("items")?, k.u64("workers")?);
                // How often the producer finds the bound reached varies: one line per `wait`.
                let waiting = (0..waits).map(|_| like("backlog * at the bound: put(*) waits"));
                Ok(Printed::new()
                    .by("producer", waiting)
                    .among(workers(1, w), squares(0..n, c)))
            }),
        ),
        one(
            PARTITION,
            unless_skipped(printed_with(
                |_| {
                    // worker-1 reads item 0 and is cut off holding it.
                    Ok(Printed::new()
                        .by(
                            "main",
                            [
                                "worker-1 holds item 0, processed, not acknowledged: its link goes down",
                                "worker-2 claimed item 0 and acknowledged it: the link comes back",
                            ],
                        )
                        .by("worker-1", ["worker-1: 0 squared is 0"]))
                },
                |k, c, _| {
                    // worker-2, started after the cut, does every other item and item 0
                    // again, after claiming it.
                    let n = k.u64("items")?;
                    let mut rest = squares(1..n, c);
                    for _ in 0..c.get(&0).copied().unwrap_or(0) {
                        rest.push(claimed(0));
                        rest.push(square(0, true));
                    }
                    Ok(Printed::new().among(["worker-2"], rest))
                },
            )),
        ),
        one(
            BROKER_RESTART,
            unless_skipped(printed(|k| {
                let (n, w) = (k.u64("items")?, k.u64("workers")?);
                let (adds, acks) = (n, n / 2);
                let main = SETTINGS.iter().map(|(setting, _)| {
                    let kept = match *setting {
                        "aof-always" => Some((adds, acks)),
                        "rdb" => Some((n / 2, 0)),
                        "none" => Some((0, 0)),
                        // everysec may lose the last writes: its counts are figures.
                        _ => None,
                    };
                    let head = format!("{setting:<13} after SIGKILL: ");
                    match kept {
                        Some((a, b)) => format!(
                            "{head}{a}/{adds} acknowledged XADDs and {b}/{acks} XACKs survived"
                        )
                        .into(),
                        None => like(format!(
                            "{head}*/{adds} acknowledged XADDs and */{acks} XACKs survived"
                        )),
                    }
                });
                // Each worker lives through the four crashes, and says so once for each.
                let each = workers(1, w).into_iter().fold(Printed::new(), |p, name| {
                    let line = like(format!(
                        "{name}: the broker went away; connected again after * ms"
                    ));
                    p.by(&name, std::iter::repeat_n(line, SETTINGS.len()))
                });
                Ok(each.by("main", main).by("main", [CLOSING]))
            })),
        ),
    ]
    .concat()
}
