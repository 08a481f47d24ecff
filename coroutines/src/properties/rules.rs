//! The custom rules of the lesson's properties, and their helpers: exact sequences, output
//! as whole lines however it was written, the round-robin queue replayed, the running mean.

use std::collections::VecDeque;

use interleaving::{Line, Outcome, Rule, Select, kinds as shared};

use crate::kinds;
pub(super) use interleaving::rule::violated;

/// The scheduler's queue, replayed from the trace: tasks start in the order of main's `start`
/// events; each turn (a task's `yield` or `return`) must be the task at the front; a task
/// that yields goes to the back, one that returns leaves; at the end the queue is empty.
pub(super) fn round_robin(lines: &[Line]) -> Outcome {
    let statement = "each turn goes to the task at the front of the queue; every task finishes";
    let mut queue: VecDeque<&str> = of(lines, "main", shared::START)
        .map(|l| l.event.value.as_str())
        .collect();
    if queue.is_empty() {
        return violated(
            "round-robin",
            statement,
            "at least one task started".into(),
            "none".into(),
            vec![],
        );
    }
    for l in lines {
        let e = &l.event;
        if e.kind != kinds::YIELD && e.kind != kinds::RETURN {
            continue;
        }
        match queue.pop_front() {
            Some(front) if front == e.actor => {
                if e.kind == kinds::YIELD {
                    queue.push_back(front);
                }
            }
            front => {
                return violated(
                    "round-robin",
                    statement,
                    format!("a turn of {}", front.unwrap_or("nobody (all finished)")),
                    format!("{} by {}", e.kind, e.actor),
                    vec![l.no],
                );
            }
        }
    }
    if queue.is_empty() {
        Outcome::Held
    } else {
        violated(
            "round-robin",
            statement,
            "every task returned".into(),
            format!("{queue:?} never returned"),
            vec![],
        )
    }
}

/// The averager's yields, recomputed from what main sent: None first, then the mean of the
/// numbers so far after each; its return value `(count, mean)` when main sends None.
pub(super) fn averager_rule() -> Rule {
    Rule::custom(|lines| {
        let sent: Vec<f64> = of(lines, "main", kinds::SEND)
            .filter_map(|l| l.event.value.parse().ok())
            .collect();
        let mut want = vec!["yield None".to_owned()];
        let mut total = 0.0;
        for (i, x) in sent.iter().enumerate() {
            total += x;
            want.push(format!("yield {:?}", total / (i + 1) as f64));
        }
        let mean = if sent.is_empty() {
            "None".to_owned()
        } else {
            format!("{:?}", total / sent.len() as f64)
        };
        want.push(format!("return ({}, {mean})", sent.len()));
        let got: Vec<String> = of(lines, "averager", "").map(describe).collect();
        same(
            "running-mean",
            "averager yields None, then the mean so far after each number, then returns (count, mean)",
            &want,
            &got,
            of(lines, "averager", "").map(|l| l.no).collect(),
        )
    })
}

/// The items selected, described as `kind value` (or, for lines, the line), are exactly
/// `expected`, in this order.
pub fn exact(select: Select, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::custom(move |lines| {
        let items = select.items(lines);
        let got: Vec<String> = items
            .iter()
            .map(|i| {
                if i.kind == interleaving::select::LINES {
                    i.value.clone()
                } else {
                    format!("{} {}", i.kind, i.value)
                }
            })
            .collect();
        same(
            "exact-sequence",
            &format!("`{select}` is exactly {expected:?}, in this order"),
            &expected,
            &got,
            items.iter().map(|i| i.line).collect(),
        )
    })
}

pub(super) fn same(
    rule: &str,
    statement: &str,
    want: &[String],
    got: &[String],
    at: Vec<usize>,
) -> Outcome {
    if want == got {
        return Outcome::Held;
    }
    let k = want.iter().zip(got).take_while(|(a, b)| a == b).count();
    violated(
        rule,
        statement,
        format!("{want:?}"),
        format!("{got:?}: first difference at position {k}"),
        at.get(k).copied().into_iter().collect(),
    )
}

/// The events by `actor` of `kind` (any kind if empty).
pub(super) fn of<'a>(
    lines: &'a [Line],
    actor: &'a str,
    kind: &'a str,
) -> impl Iterator<Item = &'a Line> {
    lines
        .iter()
        .filter(move |l| l.event.actor == actor && (kind.is_empty() || l.event.kind == kind))
}

pub(super) fn describe(l: &Line) -> String {
    format!("{} {}", l.event.kind, l.event.value)
}

/// What `actor` did, in order, as `kind value`, with its output as whole lines
/// (`print <line>`) however it was written: one `print` event, or `write` fragments as
/// Python's `print` makes them ("Cool:Utkarsh", then a newline).
pub(super) fn story(lines: &[Line], actor: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut partial = String::new();
    for l in of(lines, actor, "") {
        match l.event.kind.as_str() {
            shared::PRINT => out.push((format!("print {}", l.event.value), l.no)),
            shared::WRITE => {
                partial.push_str(&l.event.value);
                while let Some(end) = partial.find('\n') {
                    out.push((format!("print {}", &partial[..end]), l.no));
                    partial.drain(..=end);
                }
            }
            _ => out.push((describe(l), l.no)),
        }
    }
    out
}

/// `actor`'s [`story`] is exactly `expected`, in this order.
pub(super) fn story_is(actor: &'static str, expected: &[&str]) -> Rule {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    Rule::custom(move |lines| {
        let (got, at): (Vec<String>, Vec<usize>) = story(lines, actor).into_iter().unzip();
        same(
            "exact-sequence",
            &format!("what {actor} did is exactly {expected:?}, in this order"),
            &expected,
            &got,
            at,
        )
    })
}

/// `'it\'s'` -> `it's`: undoes [`Repr`](crate::Repr) for a string.
pub(super) fn unquote(repr: &str) -> String {
    let inner = repr
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(repr);
    inner.replace("\\'", "'").replace("\\\\", "\\")
}
