//! The fast queue monitor against the general Wing-Gong-Lowe search, on thousands of random
//! histories: made linearizable (from a sequential run, each instant widened into an
//! interval), then mutated, then plain random; each written as trace lines whose order
//! disagrees with the clock, and read back. For FIFO and priority queues both must always
//! agree; for LIFO (and with gets still pending) the monitor must never report a violation
//! the search can explain; and `decide` must agree with the search on every model.

use interleaving::linear::{self, Decision, EMPTY, History, Model, Op};
use interleaving::wgl::{self, Queue};
use interleaving::{Event, Trace};
use proptest::prelude::*;

/// A tiny deterministic generator: proptest picks the seed, the history follows from it.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*: plenty for shapes of histories.
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// Turns (call time, ret time) pairs, kept in `call`/`ret`, into a run: the clock (`t_call`,
/// `t_ret`) keeps their order (now and then two neighbouring reads share a `t_ns`, which
/// orders nothing), and the lines disagree with it: a return's line may land after lines
/// that happened later, as when its thread waited for the output lock. Every verdict must
/// follow the clock alone.
fn place(ops: &mut [Op], rng: &mut Rng) {
    let mut ends: Vec<(usize, bool, usize)> = Vec::new();
    for (i, o) in ops.iter_mut().enumerate() {
        ends.push((o.call, false, i));
        if o.ret == usize::MAX {
            o.t_ret = u64::MAX;
        } else {
            ends.push((o.ret, true, i));
        }
    }
    // At equal times a call sorts first: a tie widens intervals, never narrows them.
    ends.sort_unstable();
    let ties = rng.below(3) == 0;
    let n = ends.len() as u64;
    let mut lines: Vec<(u64, usize)> = Vec::new();
    for (rank, &(_, is_ret, i)) in ends.iter().enumerate() {
        let t = if ties { rank as u64 / 2 } else { rank as u64 } + 1;
        let late = if is_ret && rng.below(2) == 0 {
            rng.below(2 * n)
        } else {
            0
        };
        if is_ret {
            ops[i].t_ret = t;
        } else {
            ops[i].t_call = t;
        }
        lines.push((rank as u64 + late, rank));
    }
    lines.sort_unstable();
    for (line, (_, rank)) in lines.into_iter().enumerate() {
        let (_, is_ret, i) = ends[rank];
        if is_ret {
            ops[i].ret = line + 1;
        } else {
            ops[i].call = line + 1;
        }
    }
}

/// Puts the clock back into `call`/`ret`, as times to move around.
fn times(ops: &mut [Op]) {
    for o in ops {
        o.call = o.t_call as usize;
        o.ret = if o.t_ret == u64::MAX {
            usize::MAX
        } else {
            o.t_ret as usize
        };
    }
}

/// A sequential run of `n` operations on `model`, each op's instant widened into an
/// interval that contains it: linearizable by construction.
fn sequential(model: Model, n: usize, rng: &mut Rng) -> Vec<Op> {
    let mut state: Vec<String> = Vec::new(); // priority: kept sorted, lowest first
    let mut ops = Vec::new();
    let mut fresh: Vec<u64> = (0..n as u64 * 3).collect();
    for i in 0..n {
        let at = 20 * i + 31; // odd instants, even interval ends: never a tie with an instant
        let call = at - 1 - 2 * rng.below(12) as usize;
        let ret = at + 1 + 2 * rng.below(12) as usize;
        let actor = format!("a{i}");
        if rng.below(2) == 0 {
            let k = rng.below(fresh.len() as u64) as usize;
            let v = fresh.swap_remove(k).to_string();
            match model {
                Model::Priority => {
                    let at = state.partition_point(|x| linear::item_cmp(x, &v).is_lt());
                    state.insert(at, v.clone());
                }
                _ => state.push(v.clone()),
            }
            ops.push(Op::new(&actor, "put", &v, "ok", call, ret));
        } else {
            let got = match model {
                Model::Lifo => state.pop(),
                _ if state.is_empty() => None,
                _ => Some(state.remove(0)),
            };
            let r = got.unwrap_or_else(|| EMPTY.to_owned());
            ops.push(Op::new(&actor, "get_nowait", "", &r, call, ret));
        }
    }
    // Now and then an op never returns (it was still running when the trace ended).
    if n > 0 && rng.below(4) == 0 {
        let k = rng.below(n as u64) as usize;
        ops[k].ret = usize::MAX;
        ops[k].result = None;
    }
    place(&mut ops, rng);
    ops
}

/// Breaks a history a little: swaps two results, empties a get, moves an interval.
fn mutate(ops: &mut [Op], rng: &mut Rng) {
    let n = ops.len() as u64;
    let gets: Vec<usize> = (0..ops.len())
        .filter(|&i| ops[i].is_get() && ops[i].result.is_some())
        .collect();
    match rng.below(4) {
        0 if gets.len() >= 2 => {
            let (x, y) = (
                gets[rng.below(gets.len() as u64) as usize],
                gets[rng.below(gets.len() as u64) as usize],
            );
            let r = ops[x].result.clone();
            ops[x].result = ops[y].result.clone();
            ops[y].result = r;
        }
        1 if !gets.is_empty() => {
            let g = gets[rng.below(gets.len() as u64) as usize];
            ops[g].result = Some(EMPTY.into());
        }
        _ => {
            // Move one op's interval elsewhere on the clock; re-rank and re-place after.
            times(ops);
            let k = rng.below(n) as usize;
            let span = 2 * n as usize + 2;
            let a = rng.below(span as u64) as usize * 2 + 1;
            let b = a + 1 + rng.below(span as u64) as usize * 2;
            let mut times: Vec<Op> = ops
                .iter()
                .map(|o| {
                    let mut o = o.clone();
                    o.call *= 2;
                    if o.ret != usize::MAX {
                        o.ret *= 2;
                    }
                    o
                })
                .collect();
            times[k].call = a;
            if times[k].ret != usize::MAX {
                times[k].ret = b;
            }
            place(&mut times, rng);
            ops.clone_from_slice(&times);
        }
    }
}

/// Random intervals and random results: mostly not linearizable, sometimes so.
fn random(n: usize, rng: &mut Rng) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut next = 0;
    for i in 0..n {
        let call = rng.below(4 * n as u64) as usize * 2;
        let ret = call + 1 + 2 * rng.below(2 * n as u64) as usize;
        let actor = format!("a{i}");
        if rng.below(2) == 0 {
            next += 1;
            ops.push(Op::new(&actor, "put", &next.to_string(), "ok", call, ret));
        } else {
            let r = match rng.below(next + 2) {
                0 => EMPTY.to_owned(),
                v => v.to_string(),
            };
            ops.push(Op::new(&actor, "get", "", &r, call, ret));
        }
    }
    place(&mut ops, rng);
    ops
}

/// The ops as trace lines, in line order, each actor in its own process (one clock for all),
/// read back as a history: what `check --trace` sees.
fn through_a_trace(ops: &[Op]) -> Vec<Op> {
    let mut events: Vec<(usize, Event)> = Vec::new();
    for (i, o) in ops.iter().enumerate() {
        let pid = 100 + i as u32;
        let call = format!("{} {}", o.name, o.arg);
        events.push((
            o.call,
            Event::new(0, o.t_call, pid, &*o.actor, "call", call.trim_end()),
        ));
        if let Some(r) = &o.result {
            let ret = format!("{} {r}", o.name);
            events.push((o.ret, Event::new(1, o.t_ret, pid, &*o.actor, "ret", ret)));
        }
    }
    events.sort_by_key(|(line, _)| *line);
    let trace = Trace::from_events(events.into_iter().map(|(_, e)| e));
    History::from_lines(&trace.lines).expect("a history").ops
}

fn agree(model: Model, ops: Vec<Op>) -> Result<bool, TestCaseError> {
    let ops = through_a_trace(&ops);
    let fast = linear::check(&History { ops: ops.clone() }, model);
    let slow = wgl::linearizable(&Queue(model), &ops);
    let exact = linear::decide(&History { ops: ops.clone() }, model);
    prop_assert_eq!(
        matches!(exact, Decision::Linearizable),
        slow.is_ok(),
        "{} decide disagrees with the search: {:?}",
        model,
        exact
    );
    let dump: Vec<String> = ops.iter().map(Op::to_string).collect();
    if model == Model::Lifo || ops.iter().any(|o| o.is_get() && o.result.is_none()) {
        // A pending get may have taken any one value; the monitor lets it take each of them,
        // which is sound (never a false finding) but may miss a violation. Likewise the LIFO
        // patterns: a stack needs chains of "pushed above" that the monitor does not follow.
        prop_assert!(
            fast.is_ok() || slow.is_err(),
            "{} monitor reports a violation the search explains: {:?}\n{}",
            model,
            fast.as_ref().err().map(ToString::to_string),
            dump.join("\n")
        );
        return Ok(slow.is_ok());
    }
    prop_assert_eq!(
        fast.is_ok(),
        slow.is_ok(),
        "{} disagree: monitor {:?}, search {:?}\n{}",
        model,
        fast.as_ref().err().map(ToString::to_string),
        slow.is_ok(),
        dump.join("\n")
    );
    Ok(fast.is_ok())
}

fn model(k: u8) -> Model {
    [Model::Fifo, Model::Lifo, Model::Priority][k as usize % 3]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn sequential_runs_widened_are_linearizable_for_both(seed: u64, n in 0usize..14, m: u8) {
        let mut rng = Rng(seed | 1);
        let ops = sequential(model(m), n, &mut rng);
        prop_assert!(agree(model(m), ops)?, "a widened sequential run must be linearizable");
    }

    #[test]
    fn mutated_runs_get_the_same_verdict_from_both(seed: u64, n in 1usize..14, m: u8, k in 1u8..3) {
        let mut rng = Rng(seed | 1);
        let mut ops = sequential(model(m), n, &mut rng);
        for _ in 0..k {
            mutate(&mut ops, &mut rng);
        }
        agree(model(m), ops)?;
    }

    #[test]
    fn random_histories_get_the_same_verdict_from_both(seed: u64, n in 1usize..11, m: u8) {
        let mut rng = Rng(seed | 1);
        agree(model(m), random(n, &mut rng))?;
    }
}

/// The cross-check means something only if both verdicts come up often.
#[test]
fn the_generators_make_both_kinds_of_history() {
    for m in [Model::Fifo, Model::Lifo, Model::Priority] {
        let (mut yes, mut no) = (0, 0);
        for seed in 1..2000u64 {
            let mut rng = Rng(seed * 2 + 1);
            let mut ops = sequential(m, 8, &mut rng);
            mutate(&mut ops, &mut rng);
            let ops = if seed % 2 == 0 {
                ops
            } else {
                random(8, &mut rng)
            };
            match wgl::linearizable(&Queue(m), &ops) {
                Ok(()) => yes += 1,
                Err(_) => no += 1,
            }
        }
        assert!(yes > 200 && no > 200, "{m}: {yes} linearizable, {no} not");
    }
}

/// The cross-check shows verdicts follow the clock only if lines and clock often disagree:
/// an op whose return line lands after the call line of an op the clock says came later.
#[test]
fn the_generators_make_lines_that_disagree_with_the_clock() {
    let mut disagree = 0;
    for seed in 1..500u64 {
        let mut rng = Rng(seed * 2 + 1);
        let ops = sequential(Model::Fifo, 8, &mut rng);
        let late = ops
            .iter()
            .any(|a| ops.iter().any(|b| a.precedes(b) && a.ret > b.call));
        disagree += usize::from(late);
    }
    assert!(disagree > 100, "{disagree} of 499 histories");
}
