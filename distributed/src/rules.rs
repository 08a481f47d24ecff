//! The lesson's own rules, over the trace lines of one cell. Each reads its bounds from the
//! cell's `knob` event, so it holds for any flag values in range.

use std::collections::{BTreeMap, BTreeSet};

use interleaving::knob::Knobs;
use interleaving::rule::violated;
use interleaving::{Line, Outcome, Rule, kinds as k};

use crate::kinds;

/// The item and the stream id of an entry tag `"ITEM ID"`.
pub fn split_tag(value: &str) -> (&str, &str) {
    value.split_once(' ').unwrap_or((value, ""))
}

/// A stream id `MS-SEQ` as a pair that sorts the way the stream does.
pub fn parse_id(id: &str) -> Option<(u64, u64)> {
    let (ms, seq) = id.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// Knob `name` of the cell (from its `knob` event), or the violation that says it is missing.
fn knob(lines: &[Line], name: &str) -> Result<u64, Outcome> {
    let k = Knobs::of(lines);
    k.u64(name).map_err(|want| {
        violated(
            "knob",
            "the cell starts with its knobs",
            want,
            "no such knob".into(),
            vec![k.line],
        )
    })
}

fn of<'a>(lines: &'a [Line], kind: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    lines.iter().filter(move |l| l.event.kind == kind)
}

/// The producer's `adding` values are 0, 1, ... n-1 (n the `items` knob), then `end` if
/// `with_end`.
pub fn added_0_to_n(with_end: bool) -> Rule {
    Rule::custom(move |lines| {
        const S: &str = "the producer adds 0, 1, ... items-1 in order";
        let n = match knob(lines, "items") {
            Ok(n) => n,
            Err(o) => return o,
        };
        let mut want: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        if with_end {
            want.push("end".into());
        }
        let got: Vec<&Line> = of(lines, kinds::ADDING)
            .filter(|l| l.event.actor == "producer")
            .collect();
        let values: Vec<&str> = got.iter().map(|l| l.event.value.as_str()).collect();
        if values != want {
            return violated(
                "added-0-to-n",
                S,
                want.join(", "),
                values.join(", "),
                got.iter().map(|l| l.no).collect(),
            );
        }
        Outcome::Held
    })
}

/// Every `read` or `claim` of an item comes after the producer began adding it (`adding`):
/// an entry cannot be delivered before it was sent. Happens-before, per item.
pub fn delivered_after_adding() -> Rule {
    Rule::custom(|lines| {
        let mut began = BTreeSet::new();
        for l in lines {
            match l.event.kind.as_str() {
                kinds::ADDING => {
                    began.insert(l.event.value.as_str());
                }
                kinds::READ | kinds::CLAIM => {
                    let (item, _) = split_tag(&l.event.value);
                    if !began.contains(item) {
                        return violated(
                            "delivered-after-adding",
                            "every read or claim of an item comes after its adding",
                            format!("adding {item} before this {}", l.event.kind),
                            format!("{} of {item} first", l.event.kind),
                            vec![l.no],
                        );
                    }
                }
                _ => {}
            }
        }
        Outcome::Held
    })
}

/// Stream ids give the order: the producer's `add` ids strictly increase, and so do the ids
/// each consumer `read`s (a group delivers new entries in stream order).
pub fn stream_ids_increase() -> Rule {
    Rule::custom(|lines| {
        // (actor, kind) -> (the last stream id seen, its line)
        type Last<'a> = BTreeMap<(&'a str, &'a str), ((u64, u64), usize)>;
        let mut last: Last = BTreeMap::new();
        for l in lines {
            let kind = l.event.kind.as_str();
            if kind != kinds::ADD && kind != kinds::READ {
                continue;
            }
            let (_, id) = split_tag(&l.event.value);
            let Some(id) = parse_id(id) else {
                return violated(
                    "stream-ids-increase",
                    "every add and read carries a stream id MS-SEQ",
                    "ITEM MS-SEQ".into(),
                    l.event.value.clone(),
                    vec![l.no],
                );
            };
            let key = (l.event.actor.as_str(), kind);
            if let Some((prev, no)) = last.get(&key)
                && *prev >= id
            {
                return violated(
                    "stream-ids-increase",
                    "each actor's adds (and reads) carry increasing stream ids",
                    format!("an id above {}-{}", prev.0, prev.1),
                    l.event.value.clone(),
                    vec![*no, l.no],
                );
            }
            last.insert(key, (id, l.no));
        }
        Outcome::Held
    })
}

/// Every worker that started ends with `exit` and this reason.
pub fn workers_exit(reason: &'static str) -> Rule {
    Rule::custom(move |lines| {
        let started: BTreeSet<&str> = of(lines, k::START)
            .map(|l| l.event.value.as_str())
            .collect();
        let killed: BTreeSet<&str> = of(lines, kinds::KILL)
            .map(|l| l.event.value.as_str())
            .collect();
        for w in started.difference(&killed) {
            let exits: Vec<&Line> = of(lines, k::EXIT).filter(|l| l.event.actor == *w).collect();
            if exits.len() != 1 || exits[0].event.value != reason {
                return violated(
                    "workers-exit",
                    "every worker still alive ends once, for the expected reason",
                    format!("{w} exits once: {reason}"),
                    format!(
                        "{:?}",
                        exits.iter().map(|l| &l.event.value).collect::<Vec<_>>()
                    ),
                    exits.iter().map(|l| l.no).collect(),
                );
            }
        }
        Outcome::Held
    })
}

/// How many times each item was processed, and on which lines.
fn processed(lines: &[Line]) -> BTreeMap<&str, Vec<usize>> {
    let mut m: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for l in of(lines, kinds::PROCESS) {
        m.entry(split_tag(&l.event.value).0).or_default().push(l.no);
    }
    m
}

/// What the killed workers processed (or read) and never acknowledged.
fn held_by_the_dead(lines: &[Line]) -> BTreeMap<String, usize> {
    let dead: BTreeSet<&str> = of(lines, kinds::KILL)
        .map(|l| l.event.value.as_str())
        .collect();
    let mut held = BTreeMap::new();
    for l in lines
        .iter()
        .filter(|l| dead.contains(l.event.actor.as_str()))
    {
        let (item, _) = split_tag(&l.event.value);
        match l.event.kind.as_str() {
            kinds::READ | kinds::CLAIM => {
                held.insert(item.to_owned(), l.no);
            }
            kinds::ACK => {
                held.remove(item);
            }
            _ => {}
        }
    }
    held
}

/// At-least-once: every item added is processed at least once, and every item a killed
/// worker held (read, never acknowledged) is processed again; it held at least one.
pub fn at_least_once() -> Rule {
    Rule::custom(|lines| {
        let done = processed(lines);
        for a in of(lines, kinds::ADD) {
            let (item, _) = split_tag(&a.event.value);
            if item != "end" && !done.contains_key(item) {
                return violated(
                    "at-least-once",
                    "every item added is processed at least once",
                    format!("a process of {item}"),
                    "none: the item was lost".into(),
                    vec![a.no],
                );
            }
        }
        let held = held_by_the_dead(lines);
        if held.is_empty() {
            return violated(
                "at-least-once",
                "the killed worker held an item (read, never acknowledged)",
                "at least one".into(),
                "none".into(),
                of(lines, kinds::KILL).map(|l| l.no).collect(),
            );
        }
        for (item, no) in &held {
            let times = done.get(item.as_str()).map_or(0, Vec::len);
            if times < 2 {
                return violated(
                    "at-least-once",
                    "what the killed worker held is processed again",
                    format!("{item} processed twice (by the dead worker, then again)"),
                    format!("{times} time(s)"),
                    vec![*no],
                );
            }
        }
        Outcome::Held
    })
}

/// A consumer group never hands out one entry twice by itself: each delivery of an item
/// beyond the first comes from a claim (`XAUTOCLAIM`), so by its k-th processing an item has
/// been claimed at least k - 1 times, by whichever workers. (The original reader may well
/// finish second: a worker slower than `--min-idle-ms` has its item claimed from under it.)
pub fn duplicates_are_redeliveries() -> Rule {
    Rule::custom(|lines| {
        let mut processed: BTreeMap<&str, usize> = BTreeMap::new();
        let mut claims: BTreeMap<&str, usize> = BTreeMap::new();
        for l in lines {
            let (item, _) = split_tag(&l.event.value);
            match l.event.kind.as_str() {
                kinds::CLAIM => *claims.entry(item).or_default() += 1,
                kinds::PROCESS => {
                    let n = processed.entry(item).or_default();
                    *n += 1;
                    let claimed = claims.get(item).copied().unwrap_or(0);
                    if *n > 1 + claimed {
                        return violated(
                            "duplicates-are-redeliveries",
                            "each processing of an item beyond its first follows a claim of it",
                            format!(
                                "at most {} processing(s) of {item}: 1 + its {claimed} claim(s)",
                                1 + claimed
                            ),
                            format!("processing number {n}"),
                            vec![l.no],
                        );
                    }
                }
                _ => {}
            }
        }
        Outcome::Held
    })
}

/// Observation: items processed more than once that the killed worker did not hold: a live
/// worker too slow for `min_idle_ms` looks dead and is redelivered too ("none" usually).
pub fn duplicates_beyond_the_dead() -> Rule {
    Rule::custom(|lines| {
        let held = held_by_the_dead(lines);
        let extra: Vec<&str> = processed(lines)
            .into_iter()
            .filter(|(i, v)| v.len() > 1 && !held.contains_key(*i))
            .map(|(i, _)| i)
            .collect();
        Outcome::Observed(if extra.is_empty() {
            "none".into()
        } else {
            extra.join(", ")
        })
    })
}

/// Every entry the killed worker held is claimed by another worker after the kill.
pub fn redelivered_after_kill() -> Rule {
    Rule::custom(|lines| {
        let held = held_by_the_dead(lines);
        for (item, no) in &held {
            let kill = of(lines, kinds::KILL)
                .map(|l| l.no)
                .next()
                .unwrap_or(usize::MAX);
            let claim = of(lines, kinds::CLAIM)
                .find(|l| split_tag(&l.event.value).0 == item && l.no > kill);
            if claim.is_none() {
                return violated(
                    "redelivered-after-kill",
                    "what the killed worker held is claimed by a live worker after the kill",
                    format!("a claim of {item} after line {kill}"),
                    "none".into(),
                    vec![*no],
                );
            }
        }
        Outcome::Held
    })
}

/// The idempotent sink skipped exactly the repeated processings: one `skipped` per
/// `process` beyond an item's first.
pub fn sink_skips_repeats() -> Rule {
    Rule::custom(|lines| {
        let repeats: BTreeMap<&str, usize> = processed(lines)
            .into_iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(i, v)| (i, v.len() - 1))
            .collect();
        let mut skips: BTreeMap<&str, usize> = BTreeMap::new();
        for l in of(lines, kinds::SKIPPED) {
            *skips.entry(l.event.value.as_str()).or_default() += 1;
        }
        if repeats != skips {
            return violated(
                "sink-skips-repeats",
                "the sink skipped each repeated processing, and nothing else",
                format!("{repeats:?}"),
                format!("{skips:?}"),
                of(lines, kinds::SKIPPED).map(|l| l.no).collect(),
            );
        }
        Outcome::Held
    })
}

/// `Pool.map`'s value lists the inputs' squares in input order, `err` at `fail_at`.
pub fn map_in_input_order() -> Rule {
    Rule::custom(|lines| {
        let (n, fail) = match (knob(lines, "items"), knob(lines, "fail_at")) {
            (Ok(n), Ok(f)) => (n, f),
            (Err(o), _) | (_, Err(o)) => return o,
        };
        let want: Vec<String> = (0..n)
            .map(|x| {
                if x == fail {
                    "err".into()
                } else {
                    (x * x).to_string()
                }
            })
            .collect();
        let want = want.join(", ");
        let maps: Vec<&Line> = of(lines, kinds::MAP).collect();
        match maps.as_slice() {
            [m] if m.event.value == want => Outcome::Held,
            _ => violated(
                "map-in-input-order",
                "Pool.map returns each input's result in input order, the failing one as its error",
                want,
                format!(
                    "{:?}",
                    maps.iter().map(|l| &l.event.value).collect::<Vec<_>>()
                ),
                maps.iter().map(|l| l.no).collect(),
            ),
        }
    })
}

/// `main` receives exactly one reply per input (by index), whatever their order.
pub fn one_reply_per_input() -> Rule {
    Rule::custom(|lines| {
        let n = match knob(lines, "items") {
            Ok(n) => n,
            Err(o) => return o,
        };
        let got: Vec<&Line> = of(lines, kinds::RESULT).collect();
        let mut idx: Vec<&str> = got.iter().map(|l| split_tag(&l.event.value).0).collect();
        idx.sort_by_key(|s| s.parse::<u64>().unwrap_or(u64::MAX));
        let want: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        if idx != want {
            return violated(
                "one-reply-per-input",
                "main receives one reply for each input, none lost or twice",
                want.join(", "),
                idx.join(", "),
                got.iter().map(|l| l.no).collect(),
            );
        }
        Outcome::Held
    })
}

/// Observation: the order replies arrived in (`"2, 1, 0, 5, 4, 3"`).
pub fn reply_order() -> Rule {
    Rule::custom(|lines| {
        let v: Vec<&str> = of(lines, kinds::RESULT)
            .map(|l| split_tag(&l.event.value).0)
            .collect();
        Outcome::Observed(v.join(", "))
    })
}

/// Backpressure: when the producer begins adding an item, fewer than `bound` items were
/// added and not yet acknowledged (counting `acking`, written before each `XACK`, so the
/// count never runs behind the server's).
pub fn backlog_within_bound() -> Rule {
    Rule::custom(|lines| {
        let bound = match knob(lines, "bound") {
            Ok(b) => b as i64,
            Err(o) => return o,
        };
        let mut in_flight: i64 = 0;
        for l in lines {
            match l.event.kind.as_str() {
                kinds::ACKING => in_flight -= 1,
                kinds::ADDING => {
                    if in_flight >= bound {
                        return violated(
                            "backlog-within-bound",
                            "the producer adds only while fewer than `bound` items are unacknowledged",
                            format!("fewer than {bound} in flight"),
                            format!("{in_flight} in flight"),
                            vec![l.no],
                        );
                    }
                    in_flight += 1;
                }
                _ => {}
            }
        }
        Outcome::Held
    })
}

/// The producer's every `wait` is followed by a `resume` (with a backlog below the bound)
/// before its next `adding`: it never adds while it says it waits.
pub fn wait_then_resume() -> Rule {
    Rule::custom(|lines| {
        let bound = match knob(lines, "bound") {
            Ok(b) => b,
            Err(o) => return o,
        };
        let mut waiting: Option<usize> = None;
        for l in lines.iter().filter(|l| l.event.actor == "producer") {
            let backlog = || {
                l.event
                    .value
                    .strip_prefix("backlog=")
                    .and_then(|n| n.parse::<u64>().ok())
            };
            let bad = |want: String| {
                violated(
                    "wait-then-resume",
                    "a wait reports a backlog at the bound; a resume, one below it, before the next adding",
                    want,
                    format!("{} {}", l.event.kind, l.event.value),
                    vec![l.no],
                )
            };
            match l.event.kind.as_str() {
                kinds::WAIT if backlog().is_some_and(|b| b >= bound) && waiting.is_none() => {
                    waiting = Some(l.no)
                }
                kinds::WAIT => return bad(format!("one wait with backlog>={bound}")),
                kinds::RESUME if backlog().is_some_and(|b| b < bound) && waiting.is_some() => {
                    waiting = None
                }
                kinds::RESUME => return bad(format!("a resume after a wait, backlog<{bound}")),
                kinds::ADDING if waiting.is_some() => return bad("a resume first".into()),
                _ => {}
            }
        }
        Outcome::Held
    })
}

/// Observation: how many times the producer waited, and for which items.
pub fn waits() -> Rule {
    Rule::custom(|lines| Outcome::Observed(format!("{} wait(s)", of(lines, kinds::WAIT).count())))
}
