//! The lesson's check judges queue operations on the clock (`t_ns`), not on where lines
//! landed: a FIFO violation only the clock proves is caught and named, and moving lines
//! (clock kept) never changes a verdict. Built from real runs of `many-to-many`.

use interleaving::linear::{History, Model, Op, check};
use interleaving::testing::{Mutation, record, ret_later, swap_gets};
use interleaving::{Trace, check_lesson};
use producer_consumer::cells::MANY;
use producer_consumer::properties::{properties, spec};

const BIN: &str = env!("CARGO_BIN_EXE_producer-consumer");

fn run() -> Trace {
    record(BIN, &["--cell", MANY, "--messages", "2000"])
}

fn verdict(t: &Trace) -> Vec<String> {
    let report = check_lesson(t, &spec(), &properties());
    report
        .violations()
        .map(|v| v.property.to_string())
        .collect()
}

/// A history with the lines as its clock: what the checker saw before it read `t_ns`.
fn on_lines(h: &History) -> History {
    let mut h = h.clone();
    for o in &mut h.ops {
        o.t_call = o.call as u64;
        o.t_ret = if o.ret == usize::MAX {
            u64::MAX
        } else {
            o.ret as u64
        };
    }
    h
}

/// A consumer's two gets g1 (of a) then g2 (of b), where put(a) returned before put(b) was
/// called on the clock, and put(a)'s `ret` line can move (before its producer's next line)
/// past put(b)'s `call` line: after that, only the clock orders the two puts.
fn clock_only_pairs(t: &Trace) -> Vec<Mutation> {
    let mut out = Vec::new();
    let Ok(h) = History::from_lines(&t.lines) else {
        return out;
    };
    let put = |v: &str| h.ops.iter().find(|o| o.is_put() && &*o.arg == v);
    let next_line_of = |o: &Op| {
        t.lines[o.ret..]
            .iter()
            .find(|l| *l.event.actor == *o.actor && l.event.pid == t.lines[o.ret - 1].event.pid)
            .map(|l| l.no)
    };
    let mut gets: Vec<&Op> = h.ops.iter().filter(|o| o.got().is_some()).collect();
    gets.sort_by_key(|o| (o.actor.clone(), o.call));
    for w in gets.windows(2) {
        let (g1, g2) = (w[0], w[1]);
        if g1.actor != g2.actor || !g1.precedes(g2) {
            continue;
        }
        let (Some(a), Some(b)) = (put(g1.got().unwrap()), put(g2.got().unwrap())) else {
            continue;
        };
        let Some(next) = next_line_of(a) else {
            continue;
        };
        if a.actor == b.actor || !a.precedes(b) || b.call >= next || b.call < a.ret {
            continue;
        }
        let value = |g: &Op, other: &Op| format!("{} {}", g.name, other.got().unwrap());
        // Values first (positions unchanged), then the move: put(a)'s ret lands late.
        out.push(Mutation::All(vec![
            Mutation::SetValue(g1.ret - 1, value(g1, g2)),
            Mutation::SetValue(g2.ret - 1, value(g2, g1)),
            Mutation::MoveBefore(a.ret - 1, next - 1),
        ]));
    }
    out
}

/// Whether the checker of old, on line intervals, passes `t`.
fn passes_on_lines(t: &Trace) -> bool {
    History::from_lines(&t.lines).is_ok_and(|h| check(&on_lines(&h), Model::Fifo).is_ok())
}

#[test]
fn a_fifo_violation_only_the_clock_proves_fails_the_check_naming_its_operations() {
    // A pair that fits is common in a 4x4 run; a few runs make it certain.
    let (run, m) = (0..20)
        .find_map(|_| {
            let t = run();
            let m = clock_only_pairs(&t)
                .into_iter()
                .find(|m| passes_on_lines(&m.apply(&t)));
            m.map(|m| (t, m))
        })
        .expect("a consumer's two gets whose puts only the clock orders");
    let bad = m.apply(&run);
    // On lines the two puts overlap (so the search above): only the clock proves it.
    assert!(passes_on_lines(&bad));
    let report = check_lesson(&bad, &spec(), &properties());
    let text = report.to_string();
    assert!(
        verdict(&bad) == ["linearizable"] && text.contains("order pattern"),
        "{text}"
    );
    let Mutation::All(steps) = &m else {
        unreachable!()
    };
    // The two gets now return each other's items, and the clock proves which put came
    // first: the violation names the put of one of the two swapped items (the monitor
    // reports the first witness it meets, which may pair it with another operation).
    let items: Vec<&str> = steps[..2]
        .iter()
        .map(|s| match s {
            Mutation::SetValue(_, got) => got.split_once(' ').unwrap().1,
            _ => unreachable!(),
        })
        .collect();
    assert!(
        items
            .iter()
            .any(|item| text.contains(&format!("put({item}) -> ok"))),
        "{items:?}: {text}"
    );
    // Only the lines moved (clock kept), the verdict is the same: every ret-later move of
    // the violating trace still fails, for the same reason.
    let moves = ret_later(&bad);
    assert!(!moves.is_empty());
    for k in [0, moves.len() / 2, moves.len() - 1] {
        assert_eq!(
            verdict(&moves[k].apply(&bad)),
            ["linearizable"],
            "{}",
            moves[k]
        );
    }
    // And the move alone, without the swap, is an interleaving like any other.
    let Mutation::All(steps) = m else {
        unreachable!()
    };
    assert!(verdict(&steps[2].apply(&run)).is_empty());
}

#[test]
fn swapped_gets_fail_and_late_ret_lines_pass() {
    let run = run();
    assert!(verdict(&run).is_empty(), "the real run passes");
    let swaps = swap_gets(&run);
    assert!(!swaps.is_empty(), "a 4x4 run has clock-ordered gets");
    for m in &swaps {
        assert_eq!(verdict(&m.apply(&run)), ["linearizable"], "{m}");
    }
    // How many rets have another actor's lines after them depends on the run (a loaded
    // machine may run the threads nearly one after another): every one tried must pass.
    let moves = ret_later(&run);
    let step = (moves.len() / 10).max(1);
    for m in moves.iter().step_by(step) {
        assert!(verdict(&m.apply(&run)).is_empty(), "{m}");
    }
}
