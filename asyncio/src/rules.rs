//! The custom rules behind the lesson's properties: what `interleaving`'s built-in rules do not
//! say directly (an item's value seen before, a bound read from the trace, rounds compared).
//! Each returns a [`interleaving::Outcome`] with expected vs got and the trace lines.

use std::collections::{BTreeMap, BTreeSet};

use interleaving::kinds::EXIT;
use interleaving::read::Line;
use interleaving::select::Item;
use interleaving::{Outcome, Rule, Select};

use crate::kinds::*;
pub(crate) use interleaving::rule::violated;

/// Every `after` item's value was the value of some `before` item on an earlier line
/// (a get after its put, an echo after its send). At least one `after` item is required.
pub fn value_seen_before(before: Select, after: Select) -> Rule {
    let statement = format!("every `{after}` value was a `{before}` value earlier");
    each_after_its_match(
        "value-before",
        statement,
        (before, after),
        |x, item| x.value == item.value,
        |before, item| {
            format!(
                "a `{before}` with value {:?} before line {}",
                item.value, item.line
            )
        },
    )
}

/// Every `after` item's value names an actor that did a `before` item on an earlier line
/// (main sees task-1 cancelled only after task-1's cleanup ran). At least one is required.
pub fn actor_acted_before(before: Select, after: Select) -> Rule {
    let statement = format!("every `{after}` comes after a `{before}` by the actor it names");
    each_after_its_match(
        "actor-before",
        statement,
        (before, after),
        |x, item| x.actor == item.value,
        |before, item| format!("a `{before}` by {} before line {}", item.value, item.line),
    )
}

/// What the two rules above share: at least one `after` item, and each one has a `before` item
/// that `matches` it on an earlier line (else `wanted` says what was missing). Unlike
/// [`Select::each_before_its_value`], which pairs the n-th `after` of a value with the n-th
/// `before`, here one `before` may answer many `after`s: not the same rule.
fn each_after_its_match(
    rule: &'static str,
    statement: String,
    (before, after): (Select, Select),
    matches: fn(&Item, &Item) -> bool,
    wanted: fn(&Select, &Item) -> String,
) -> Rule {
    Rule::custom(move |lines| {
        let b = before.items(lines);
        let a = after.items(lines);
        if a.is_empty() {
            return violated(
                rule,
                &statement,
                format!("at least one `{after}`"),
                "none in the trace".into(),
                vec![],
            );
        }
        for item in &a {
            if !b
                .iter()
                .any(|x| matches(x, item) && x.line < item.first_line)
            {
                return violated(
                    rule,
                    &statement,
                    wanted(&before, item),
                    format!("{} with none before it", item.quote()),
                    vec![item.line],
                );
            }
        }
        Outcome::Held
    })
}

/// The `name=microseconds` values of `elapsed` events by main, and their lines.
pub(crate) fn elapsed(lines: &[Line]) -> BTreeMap<String, (u64, usize)> {
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

pub(crate) fn gathered_under_half(lines: &[Line]) -> Outcome {
    let times = elapsed(lines);
    let statement = "the gathered sleeps took less than half of N*d (at least d + 25 ms)";
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
    // With few tasks or short sleeps, N*d/2 is below what one sleep costs (d, plus the
    // timer's millisecond grain): the bound is then d plus 25 ms (room for a loaded machine), still far from N*d for large N.
    let one_sleep = interleaving::knob::Knobs::of(lines)
        .get::<u64>("tasks")
        .map_or(0, |n| budget / n.max(1) + 25_000);
    let bound = (budget / 2).max(one_sleep);
    if gathered < bound {
        return Outcome::Held;
    }
    violated(
        "concurrent-sleeps",
        statement,
        format!("gathered < {bound} us (N*d/2, or d + 25 ms when that is more)"),
        format!("gathered = {gathered} us: the sleeps did not overlap"),
        vec![at, at_budget],
    )
}

pub(crate) fn sleep_times(lines: &[Line]) -> Outcome {
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

pub(crate) fn completion_order(lines: &[Line]) -> Outcome {
    let done: Vec<String> = Select::kind(DONE)
        .by("task-*")
        .items(lines)
        .into_iter()
        .map(|i| i.actor)
        .collect();
    Outcome::Observed(done.join(" "))
}

/// The value of the first `kind` event by main, as a number.
pub(crate) fn announced(lines: &[Line], kind: &str) -> Result<(usize, usize), Outcome> {
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

pub(crate) fn bounded_by_permits(lines: &[Line]) -> Outcome {
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

pub(crate) fn most_inside(lines: &[Line]) -> Outcome {
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

pub(crate) fn backpressure(lines: &[Line]) -> Outcome {
    let (cap, _) = match announced(lines, CAPACITY) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let producers: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.event.kind == PUT)
        .map(|l| l.event.actor.as_str())
        .collect();
    let consumers: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.event.kind == GET)
        .map(|l| l.event.actor.as_str())
        .collect();
    // Put but not yet got: in the queue (at most cap), in a producer's pending send (one
    // each), or taken by a consumer and not yet reported (one each).
    let bound = cap + producers.len() + consumers.len().max(1);
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
                "items put but not yet got never exceed capacity + producers + consumers",
                format!("at most {bound} in flight (capacity {cap})"),
                format!("{in_flight} in flight at line {}", l.no),
                vec![l.no],
            );
        }
    }
    Outcome::Held
}

/// The span between `who`'s block and unblock, and the lines of `ticker`'s ticks inside it.
pub(crate) fn ticks_while_blocked(
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
pub(crate) fn rounds(lines: &[Line], flavour: &str) -> Vec<(usize, Vec<String>)> {
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
        } else if e.kind == STEP
            && let Some(i) = current
        {
            out[i].1.push(format!("{}:{}", e.actor, e.value));
        }
    }
    out
}

pub(crate) fn own_line_back(lines: &[Line]) -> Outcome {
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

pub(crate) fn connections_end(lines: &[Line]) -> Outcome {
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
