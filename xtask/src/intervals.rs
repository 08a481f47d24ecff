//! What a timeline draws as bars: each queue operation from its call to its return (red for
//! the operations of a linearizability violation, `interleaving::linear`, FIFO, so a learner
//! sees which overlaps were missing), and each started actor from its start to its join.

use std::collections::HashMap;

use interleaving::linear::{self, History, Model, Op};
use interleaving::{Trace, kinds};

/// What a bar stands for, and so how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An operation, from its `call` to its `ret`.
    Op,
    /// An operation in the pattern that breaks linearizability.
    BadOp,
    /// An actor's life, from the `start` that made it to the `join` that waited for it.
    Life,
}

/// One bar on an actor's lane, between two times (`t_ns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The lane.
    pub actor: String,
    /// Where it begins.
    pub from: u64,
    /// Where it ends.
    pub to: u64,
    /// What to write under it (empty for a life).
    pub label: String,
    /// What it stands for.
    pub kind: Kind,
}

/// Every bar of the trace: lives first (they go under everything), then operations. A cell
/// whose calls and returns do not pair up has no operation bars.
pub fn bars(trace: &Trace) -> Vec<Bar> {
    let mut out = lives(trace);
    for (_, lines) in trace.cells() {
        let Ok(history) = History::from_lines(lines) else {
            continue;
        };
        let bad: Vec<Op> = linear::check(&history, Model::Fifo)
            .err()
            .map(|f| f.ops)
            .unwrap_or_default();
        for op in &history.ops {
            // The operation's own interval on the clock, as the checker judges it.
            let from = op.t_call;
            let label = match op.result.as_deref() {
                Some(r) if op.is_get() => format!("get→{r}"),
                _ => format!("{} {}", op.name, op.arg),
            };
            out.push(Bar {
                actor: op.actor.to_string(),
                from,
                to: if op.t_ret == u64::MAX { from } else { op.t_ret },
                label,
                kind: if bad.contains(op) {
                    Kind::BadOp
                } else {
                    Kind::Op
                },
            });
        }
    }
    out
}

/// A bar for each `start X` that a later `join X` waited for, on X's lane. It also covers
/// X's own events: a demo writes `start` once the spawn has returned, and by then the new
/// thread may already have run.
fn lives(trace: &Trace) -> Vec<Bar> {
    let events: Vec<_> = trace.lines.iter().map(|l| &l.event).collect();
    let mut span: HashMap<&str, (u64, u64)> = HashMap::new();
    for e in &events {
        let s = span.entry(&e.actor).or_insert((e.t_ns, e.t_ns));
        *s = (s.0.min(e.t_ns), s.1.max(e.t_ns));
    }
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if e.kind != kinds::START {
            continue;
        }
        let join = events[i + 1..]
            .iter()
            .find(|j| j.kind == kinds::JOIN && j.value == e.value);
        if let Some(j) = join {
            let own = span
                .get(e.value.as_str())
                .copied()
                .unwrap_or((e.t_ns, j.t_ns));
            out.push(Bar {
                actor: e.value.clone(),
                from: e.t_ns.min(own.0),
                to: j.t_ns.max(own.1),
                label: String::new(),
                kind: Kind::Life,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_for_each_operation_and_red_for_the_violating_ones() {
        let t = Trace::from_steps([
            ("lesson", "cell", "two-lanes"),
            ("p1", "call", "put a"),
            ("p1", "ret", "put ok"),
            ("p2", "call", "put b"),
            ("p2", "ret", "put ok"),
            ("c", "call", "get"),
            ("c", "ret", "get b"),
            ("c", "call", "get"),
            ("c", "ret", "get a"),
            ("lesson", "cell", "fine"),
            ("p1", "call", "put c"),
            ("p1", "ret", "put ok"),
        ]);
        let got = bars(&t);
        assert_eq!(got.len(), 5);
        let bad = got.iter().filter(|b| b.kind == Kind::BadOp).count();
        assert_eq!(bad, 4, "the four of the order pattern");
        let get_b = got.iter().find(|b| b.label == "get→b").expect("get→b");
        assert_eq!((get_b.actor.as_str(), get_b.from < get_b.to), ("c", true));
    }

    #[test]
    fn a_life_from_start_to_join_only_when_joined() {
        let t = Trace::from_steps([
            ("lesson", "cell", "c"),
            ("main", "start", "w1"),
            ("main", "start", "w2"),
            ("w1", "print", "hi"),
            ("main", "join", "w1"),
        ]);
        let got = bars(&t);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].actor.as_str(), got[0].kind), ("w1", Kind::Life));
        assert!(got[0].from < got[0].to);
    }

    #[test]
    fn a_life_covers_events_written_before_its_start() {
        let t = Trace::from_steps([
            ("lesson", "cell", "c"),
            ("w1", "print", "early"),
            ("main", "start", "w1"),
            ("main", "join", "w1"),
        ]);
        let got = bars(&t);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].from, t.lines[1].event.t_ns, "from w1's first event");
        assert_eq!(got[0].to, t.lines[3].event.t_ns);
    }
}
