//! The guarantees of the lib's Python primitives, as the lock, rlock, condition, event and
//! barrier cells show them: one holder at a time, at most `n` woken per `notify(n)`, every
//! waiter woken by a `set()` even after `clear()`, a distinct index for every waiter of a
//! barrier round and its action once per round. Bounds come from each cell's `knob` event.

use std::collections::BTreeMap;

use interleaving::declare::{cell, events, field, lines as output};
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Property, Rule};

use crate::cells::{BARRIER, CONDITION, EVENT, LOCK, RLOCK};
use crate::kinds as my;

/// Every property of the five cells.
pub fn properties() -> Vec<Property> {
    let mut all = lock();
    all.extend(rlock());
    all.extend(condition());
    all.extend(event());
    all.extend(barrier());
    all
}

/// The numeric knob `key` of the cell, from its `knob` event.
fn knob(lines: &[Line], key: &str) -> Option<u64> {
    interleaving::knob::Knobs::of(lines).get(key)
}

/// A rule that needs knob `key`: fails plainly if the cell did not declare it.
fn missing_knob(rule: &str, key: &str) -> Outcome {
    violated(
        rule,
        &format!("the cell declares its `{key}` knob"),
        format!("a knob event with {key}=N"),
        "none".into(),
        vec![],
    )
}

/// "`main` printed exactly these lines" (and nothing else matching `pattern`).
fn main_says(pattern: &str, lines: &[&str]) -> Rule {
    output()
        .by("main")
        .value(pattern)
        .exactly(lines.iter().copied())
}

/// Lock cell: one thread inside at a time; free after a panic; releasable by another thread.
fn lock() -> Vec<Property> {
    let turns = ["lock-a", "lock-b"]
        .iter()
        .flat_map(|w| (1..=3).map(move |i| format!("{w}: turn {i}")));
    cell(
        LOCK,
        [
            (
                "one-thread-inside-the-lock",
                events(my::ENTER)
                    .by("lock-*")
                    .bounded(events(my::LEAVE).by("lock-*"), 1),
            ),
            ("every-turn-taken", output().by("lock-*").exactly(turns)),
            (
                "lock-free-after-a-panic-inside-it",
                main_says(
                    "after the panic:*",
                    &["after the panic: lock.acquire(timeout=1) returned True"],
                ),
            ),
            (
                "lock-released-by-another-thread",
                main_says(
                    "released by another thread:*",
                    &["released by another thread: True; acquire(blocking=False) returned True"],
                ),
            ),
        ],
    )
}

/// RLock cell: one owner at a time, however deep it re-enters; a non-owner's release fails.
fn rlock() -> Vec<Property> {
    let one_owner = Rule::custom(|lines| {
        let rule = "one-rlock-owner-at-a-time";
        let mut depth: BTreeMap<&str, i64> = BTreeMap::new();
        for l in lines.iter().filter(|l| l.event.actor.starts_with("rlock-")) {
            let d = depth.entry(&l.event.actor).or_default();
            match l.event.kind.as_str() {
                my::ENTER => *d += 1,
                my::LEAVE => *d -= 1,
                _ => continue,
            }
            let owners: Vec<&str> = depth
                .iter()
                .filter(|(_, d)| **d > 0)
                .map(|(a, _)| *a)
                .collect();
            if owners.len() > 1 {
                return violated(
                    rule,
                    "at most one thread holds the RLock (at any depth)",
                    "1 owner".into(),
                    format!("{} owners: {}", owners.len(), owners.join(", ")),
                    vec![l.no],
                );
            }
        }
        Outcome::Held
    });
    let reentered = Rule::custom(|lines| {
        let rule = "every-thread-reenters-to-the-full-depth";
        let Some(depth) = knob(lines, "depth") else {
            return missing_knob(rule, "depth");
        };
        for who in ["rlock-a", "rlock-b"] {
            let got: Vec<u64> = lines
                .iter()
                .filter(|l| l.event.actor == who && l.event.kind == my::ENTER)
                .filter_map(|l| l.event.value.parse().ok())
                .collect();
            let want: Vec<u64> = (1..=depth).collect();
            if got != want {
                return violated(
                    rule,
                    "each thread takes the RLock once per level, 1..=depth, without blocking itself",
                    format!("{who} enters {want:?}"),
                    format!("{got:?}"),
                    vec![],
                );
            }
        }
        Outcome::Held
    });
    cell(
        RLOCK,
        [
            ("one-rlock-owner-at-a-time", one_owner),
            ("every-thread-reenters-to-the-full-depth", reentered),
            (
                "release-by-a-non-owner-is-an-error",
                main_says(
                    "release()*",
                    &["release() without owning it: RuntimeError: cannot release un-acquired lock"],
                ),
            ),
        ],
    )
}

/// Condition cell: never more wake-ups than notify handed out, and no `notify(n)` woke more
/// than `n`; every item taken exactly once, after it was put.
fn condition() -> Vec<Property> {
    let at_most_n = Rule::custom(|lines| {
        let rule = "at-most-n-woken-per-notify";
        let statement = "each notify(n) wakes at most n waiters, and no waiter wakes unnotified";
        let mut handed_out = 0u64;
        let mut woken = 0u64;
        for l in lines {
            match l.event.kind.as_str() {
                my::NOTIFY => {
                    let woke: u64 = field(&l.event.value, "woke")
                        .and_then(|w| w.parse().ok())
                        .unwrap_or(0);
                    let n = field(&l.event.value, "n").unwrap_or_default();
                    if let Ok(n) = n.parse::<u64>()
                        && woke > n
                    {
                        return violated(
                            rule,
                            statement,
                            format!("woke <= {n}"),
                            format!("woke={woke}"),
                            vec![l.no],
                        );
                    }
                    handed_out += woke;
                }
                my::WOKE => {
                    woken += 1;
                    if woken > handed_out {
                        return violated(
                            rule,
                            statement,
                            format!("at most {handed_out} woken so far"),
                            format!("{woken} woken"),
                            vec![l.no],
                        );
                    }
                }
                _ => {}
            }
        }
        Outcome::Held
    });
    let every_item = Rule::custom(|lines| {
        let rule = "every-item-taken-once-after-its-put";
        let Some(items) = knob(lines, "items") else {
            return missing_knob(rule, "items");
        };
        let mut put = vec![false; items as usize];
        let mut got = vec![0u32; items as usize];
        for l in lines {
            let Ok(i) = l.event.value.parse::<usize>() else {
                continue;
            };
            match l.event.kind.as_str() {
                my::PUT if i < put.len() => put[i] = true,
                my::GET if i < got.len() && put[i] => got[i] += 1,
                my::GET => {
                    return violated(
                        rule,
                        "an item is taken only after it was put",
                        format!("put({i}) first"),
                        "get first".into(),
                        vec![l.no],
                    );
                }
                _ => {}
            }
        }
        if got.iter().all(|&n| n == 1) {
            Outcome::Held
        } else {
            violated(
                rule,
                "each item is taken exactly once",
                "every count 1".into(),
                format!("{got:?}"),
                vec![],
            )
        }
    });
    cell(
        CONDITION,
        [
            ("at-most-n-woken-per-notify", at_most_n),
            ("every-item-taken-once-after-its-put", every_item),
        ],
    )
}

/// Event cell: nobody returns before `set`; every waiter returns True despite the `clear`.
fn event() -> Vec<Property> {
    let all_true = Rule::custom(|lines| {
        let rule = "set-then-clear-wakes-every-waiter";
        let Some(n) = knob(lines, "waiters") else {
            return missing_knob(rule, "waiters");
        };
        let want: Vec<String> = (1..=n)
            .map(|i| format!("event-{i}: wait() returned True"))
            .collect();
        let mut got: Vec<String> = output()
            .by("event-*")
            .items(lines)
            .into_iter()
            .map(|i| i.value)
            .collect();
        got.sort();
        if got == want {
            Outcome::Held
        } else {
            violated(
                rule,
                "every thread waiting before set(); clear() returns True (gh-57711)",
                format!("{want:?}"),
                format!("{got:?}"),
                vec![],
            )
        }
    });
    cell(
        EVENT,
        [
            (
                "event-waiters-wake-only-after-set",
                events(my::SET).by("main").before(output().by("event-*")),
            ),
            ("set-then-clear-wakes-every-waiter", all_true),
            (
                "cleared-event-wait-times-out-false",
                main_says(
                    "after clear()*",
                    &["after clear(): wait(0.01) returned False"],
                ),
            ),
        ],
    )
}

/// The rounds of the barrier cell: `index` events by round, and the action's lines by round.
fn rounds(lines: &[Line]) -> BTreeMap<u64, (Vec<u64>, Vec<usize>)> {
    let mut by_round: BTreeMap<u64, (Vec<u64>, Vec<usize>)> = BTreeMap::new();
    for l in lines {
        let round = field(&l.event.value, "round").and_then(|r| r.parse().ok());
        match (l.event.kind.as_str(), round) {
            (my::INDEX, Some(r)) => {
                if let Some(i) = field(&l.event.value, "index").and_then(|i| i.parse().ok()) {
                    by_round.entry(r).or_default().0.push(i);
                }
            }
            (my::ACTION, Some(r)) => by_round.entry(r).or_default().1.push(l.no),
            _ => {}
        }
    }
    by_round
}

/// Barrier cell: distinct indices per round, the action once per round between the round's
/// arrivals and its passes, and `abort()` breaks every waiter.
fn barrier() -> Vec<Property> {
    let distinct = Rule::custom(|lines| {
        let rule = "every-waiter-of-a-round-gets-a-distinct-index";
        let (Some(parties), Some(n_rounds)) = (knob(lines, "parties"), knob(lines, "rounds"))
        else {
            return missing_knob(rule, "parties and rounds");
        };
        let by_round = rounds(lines);
        for r in 1..=n_rounds {
            let mut got = by_round.get(&r).map(|(i, _)| i.clone()).unwrap_or_default();
            got.sort();
            let want: Vec<u64> = (0..parties).collect();
            if got != want {
                return violated(
                    rule,
                    "the waiters of each round get the indices 0..parties, each once",
                    format!("round {r}: {want:?}"),
                    format!("{got:?}"),
                    vec![],
                );
            }
        }
        Outcome::Held
    });
    let once = Rule::custom(|lines| {
        let rule = "the-action-runs-once-per-round";
        let Some(n_rounds) = knob(lines, "rounds") else {
            return missing_knob(rule, "rounds");
        };
        let by_round = rounds(lines);
        for r in 1..=n_rounds {
            let at = by_round.get(&r).map(|(_, a)| a.clone()).unwrap_or_default();
            if at.len() != 1 {
                return violated(
                    rule,
                    "the action runs exactly once per round",
                    format!("round {r}: once"),
                    format!("{} times", at.len()),
                    at,
                );
            }
        }
        let extra: Vec<usize> = by_round
            .range(n_rounds + 1..)
            .flat_map(|(_, (_, a))| a.clone())
            .collect();
        if extra.is_empty() {
            Outcome::Held
        } else {
            violated(
                rule,
                "the action runs exactly once per round",
                format!("{n_rounds} rounds"),
                "more".into(),
                extra,
            )
        }
    });
    let between = Rule::custom(|lines| {
        let rule = "the-action-runs-after-the-rounds-arrivals-before-its-passes";
        let Some(n_rounds) = knob(lines, "rounds") else {
            return missing_knob(rule, "rounds");
        };
        let items = output().by("barrier-*").items(lines);
        for (r, (_, at)) in rounds(lines).range(1..=n_rounds) {
            let Some(&action) = at.first() else { continue }; // counted by the rule above
            let late = items.iter().find(|i| {
                (i.value.ends_with(&format!("arrived (round {r})")) && i.line > action)
                    || (i.value.contains(&format!("passed round {r}:")) && i.line < action)
            });
            if let Some(i) = late {
                return violated(
                    rule,
                    "each round's action runs after all its arrivals and before any of its passes",
                    format!("round {r}: arrivals < action (line {action}) < passes"),
                    i.quote(),
                    vec![action, i.line],
                );
            }
        }
        Outcome::Held
    });
    cell(
        BARRIER,
        [
            ("every-waiter-of-a-round-gets-a-distinct-index", distinct),
            ("the-action-runs-once-per-round", once),
            (
                "the-action-runs-after-the-rounds-arrivals-before-its-passes",
                between,
            ),
            (
                "abort-breaks-every-waiter",
                output().by("stranded-*").exactly([
                    "stranded-1: BrokenBarrierError",
                    "stranded-2: BrokenBarrierError",
                ]),
            ),
        ],
    )
}
