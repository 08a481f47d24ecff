//! The printed lines of the lock, condition and barrier cells (`interleaving::printed`), on
//! Rust's runs and on Python's reference (`cargo xtask compare`), which print the same lines
//! but one: Rust's lock cell also shows std's `Mutex` poisoned by the same panic, and says so
//! in its knobs (`std_mutex=true`); Python's has no such knob and no such line.
//!
//! Which consumer got which item, and which index each barrier thread drew, vary by design:
//! the consumers' lines are claimed as one multiset over them all, and each index as the one
//! its thread's `index` event recorded (the distinct-index rule checks those).

use interleaving::Property;
use interleaving::declare::{cell, field};
use interleaving::printed::{
    Expected, Printed, Seen, like, printed, printed_beside, printed_seeing,
};

use crate::cells::{BARRIER, CONDITION, LOCK};
use crate::kinds as my;

/// The three cells' `printed-lines`.
pub(super) fn properties() -> Vec<Property> {
    [lock(), condition(), barrier()].concat()
}

/// Each thread's three turns; main's answers, with std's Mutex where the knob says so.
fn lock() -> Vec<Property> {
    cell(
        LOCK,
        [(
            "printed-lines",
            printed(|k| {
                let turns = |who: &str| {
                    (1..=3)
                        .map(|i| format!("{who}: turn {i}"))
                        .collect::<Vec<_>>()
                };
                let mut main = vec!["after the panic: lock.acquire(timeout=1) returned True"];
                if k.get::<bool>("std_mutex") == Some(true) {
                    main.push("std Mutex after the same panic: poisoned is True");
                }
                main.push(
                    "released by another thread: True; acquire(blocking=False) returned True",
                );
                Ok(Printed::new()
                    .by("lock-a", turns("lock-a"))
                    .by("lock-b", turns("lock-b"))
                    .by("main", main))
            }),
        )],
    )
}

/// The producer's line per batch, with how many its `notify` woke (as its `notify` event
/// recorded: Rust's producer waits until every consumer waits, so it is `batch`; Python's
/// does not, so it varies); every item got once, by whichever consumer.
fn condition() -> Vec<Property> {
    cell(
        CONDITION,
        [(
            "printed-lines",
            printed_beside(
                |k| {
                    let (consumers, items) = (k.u64("consumers")?, k.u64("items")?);
                    Ok(Printed::new().among_numbered(
                        (1..=consumers).map(|c| format!("consumer-{c}")),
                        "{actor} got {}",
                        0..items,
                    ))
                },
                Seen::new().keeping(my::NOTIFY),
                |k, seen| {
                    let (items, batch) = (k.u64("items")?, k.u64("batch")?);
                    let woke: Vec<String> = seen
                        .values(my::NOTIFY, "producer")
                        .iter()
                        .filter(|v| field(v, "n").as_deref() == Some(&batch.to_string()))
                        .filter_map(|v| field(v, "woke"))
                        .collect();
                    let said = format!("producer: put {batch}, notify({batch}) woke");
                    let producer =
                        (0..items.div_ceil(batch.max(1)) as usize).map(|b| -> Expected {
                            match woke.get(b) {
                                Some(w) => format!("{said} {w}").into(),
                                None => like(format!("{said} *")),
                            }
                        });
                    Ok(Printed::new().by("producer", producer))
                },
            ),
        )],
    )
}

/// `index` of `who` in round `r`, as its event recorded it.
fn index_of(seen: &Seen, who: &str, r: u64) -> Option<String> {
    seen.values(my::INDEX, who)
        .iter()
        .find(|v| field(v, "round") == Some(r.to_string()))
        .and_then(|v| field(v, "index"))
}

/// Each thread arrives and passes every round (with the index it drew); the action once a
/// round; the two stranded threads broken by main's `abort()`.
fn barrier() -> Vec<Property> {
    cell(
        BARRIER,
        [(
            "printed-lines",
            printed_seeing(Seen::new().keeping(my::INDEX), |k, seen| {
                let (parties, rounds) = (k.u64("parties")?, k.u64("rounds")?);
                let mut p = Printed::new();
                for t in 1..=parties {
                    let who = format!("barrier-{t}");
                    let each: Vec<Expected> = (1..=rounds)
                        .flat_map(|r| {
                            let passed = format!("{who} passed round {r}: wait() returned");
                            let passed = match index_of(seen, &who, r) {
                                Some(i) => format!("{passed} {i}").into(),
                                None => like(format!("{passed} *")),
                            };
                            [format!("{who} arrived (round {r})").into(), passed]
                        })
                        .collect();
                    p = p.by(&who, each);
                }
                for s in 1..parties {
                    p = p.by(
                        &format!("stranded-{s}"),
                        [format!("stranded-{s}: BrokenBarrierError")],
                    );
                }
                Ok(p.by(
                    "action",
                    (1..=rounds).map(|r| format!("action: round {r} complete")),
                )
                .by(
                    "main",
                    [
                        format!("{} of {parties} arrived; abort()", parties - 1),
                        "broken is True".into(),
                    ],
                ))
            }),
        )],
    )
}
