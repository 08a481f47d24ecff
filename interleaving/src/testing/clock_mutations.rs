//! Mutations about operations and the clock (SPEC section 3): what moving a line may change
//! and what it may not.
//!
//! - `swap-gets` (must fail): two gets of one actor, the first returned before the second was
//!   called, whose items were put in an order the clock proves, swap their items. Kept only
//!   where the result is wrong for every queue model the real run's history satisfies, so it
//!   is wrong by construction whatever queue the cell declares. Judged by the polynomial
//!   monitor alone (sound: a pattern it finds is a real violation), never the exponential
//!   search, so it stays fast on a real run of thousands of operations.
//! - `ret-later` (must pass): an operation's `ret` line moved later, past other actors' lines
//!   only (never past a line of its own actor, never out of its cell), its `t_ns` kept. That
//!   is what a thread descheduled between its clock read and its write produces: the verdict
//!   must not change, or the checker depends on when a line got the output lock.
//! - `remove-last` (must fail): an actor's last line of output in a cell whose printed lines
//!   a property claims, removed.

use std::collections::HashMap;

use super::{Mutation, cell_index};
use crate::event::kinds;
use crate::linear::{History, Model, Op, RET, check};
use crate::read::{Line, Trace};
use crate::rule::LESSON_ACTOR;

/// The must-fail classes of [`swap_gets`], for `cargo xtask mutate`.
pub const SWAP_GETS: &str = "swap-gets";
/// The must-pass class of [`ret_later`].
pub const RET_LATER: &str = "ret-later";
/// The must-fail class of [`remove_last`].
pub const REMOVE_LAST: &str = "remove-last";

/// How many swaps are tried per cell (each is verified against the cell's models).
const SWAPS_PER_CELL: usize = 6;

/// The lines of each cell of `run`, as position ranges (the `cell` event first).
fn cells(run: &Trace) -> Vec<std::ops::Range<usize>> {
    let index = cell_index(&run.lines);
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, &c) in index.iter().enumerate() {
        match out.last_mut() {
            Some(r) if index[r.start] == c => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    // Before the first cell there are no operations; the lesson's `end` closes the last.
    out.retain(|r| index[r.start] > 0);
    out
}

/// The models (FIFO, LIFO, priority) under which the monitor finds no bad pattern in these
/// lines' history: every model the cell could be checked against.
fn models_ok(lines: &[Line]) -> Vec<Model> {
    let Ok(h) = History::from_lines(lines) else {
        return Vec::new();
    };
    if h.ops.is_empty() {
        return Vec::new();
    }
    [Model::Fifo, Model::Lifo, Model::Priority]
        .into_iter()
        .filter(|&m| check(&h, m).is_ok())
        .collect()
}

/// `swap-gets` mutations of `run` (see the module docs), verified one by one.
///
/// ```
/// use interleaving::testing::{Run, swap_gets};
/// let run = Run::new("demo").cell("q", "")
///     .step("p", "call", "put a").step("p", "ret", "put ok")
///     .step("p", "call", "put b").step("p", "ret", "put ok")
///     .step("c", "call", "get").step("c", "ret", "get a")
///     .step("c", "call", "get").step("c", "ret", "get b")
///     .end();
/// let m = swap_gets(&run);
/// assert_eq!(m.len(), 1);
/// assert!(m[0].to_string().contains("\"get b\""));
/// ```
pub fn swap_gets(run: &Trace) -> Vec<Mutation> {
    let mut out = Vec::new();
    for range in cells(run) {
        let lines = &run.lines[range.clone()];
        let models = models_ok(lines);
        if models.is_empty() {
            continue;
        }
        let Ok(h) = History::from_lines(lines) else {
            continue;
        };
        let candidates = swaps(&h);
        for (g1, g2) in spread(&candidates, SWAPS_PER_CELL) {
            let m = Mutation::All(vec![
                Mutation::SetValue(g1.ret - 1, with_result(run, g1.ret, g2)),
                Mutation::SetValue(g2.ret - 1, with_result(run, g2.ret, g1)),
            ]);
            let mutated = m.apply(run);
            let wrong = History::from_lines(&mutated.lines[range.clone()])
                .is_ok_and(|h| models.iter().all(|&model| check(&h, model).is_err()));
            if wrong {
                out.push(m);
            }
        }
    }
    out
}

/// Pairs of consecutive gets of one actor, clock-ordered, whose items' puts are too.
fn swaps(h: &History) -> Vec<(&Op, &Op)> {
    let mut puts: HashMap<(&str, &str), &Op> = HashMap::new();
    for op in h.ops.iter().filter(|o| o.is_put() && !o.raised()) {
        puts.insert((op.obj.as_ref(), op.arg.as_ref()), op);
    }
    let mut last_get: HashMap<&str, &Op> = HashMap::new();
    let mut out = Vec::new();
    for g in h.ops.iter().filter(|o| o.is_get()) {
        let Some(item) = g.got() else { continue };
        if let Some(g1) = last_get.insert(g.actor.as_ref(), g)
            && g1.obj == g.obj
            && g1.precedes(g)
            && let (Some(a), Some(b)) = (
                g1.got().and_then(|v| puts.get(&(g1.obj.as_ref(), v))),
                puts.get(&(g.obj.as_ref(), item)),
            )
            && a.precedes(b)
        {
            out.push((g1, g));
        }
    }
    out
}

/// The `ret` value at 1-based line `no`, with `other`'s result in place of its own.
fn with_result(run: &Trace, no: usize, other: &Op) -> String {
    let value = &run.lines[no - 1].event.value;
    let op = value.split_once(' ').map_or(value.as_str(), |(op, _)| op);
    format!("{op} {}", other.result.as_deref().unwrap_or_default())
}

/// Up to `per` of `items`, spread evenly.
fn spread<T: Copy>(items: &[T], per: usize) -> Vec<T> {
    if items.len() <= per {
        return items.to_vec();
    }
    (0..per)
        .map(|k| items[k * (items.len() - 1) / (per - 1)])
        .collect()
}

/// `ret-later` mutations of `run` (see the module docs): each `ret` line that has other
/// actors' lines before its actor's next line in the cell, moved right before that line.
///
/// ```
/// use interleaving::testing::{Run, ret_later};
/// let run = Run::new("demo").cell("q", "")
///     .step("p", "call", "put a").step("p", "ret", "put ok")
///     .step("c", "call", "get").step("p", "print", "done")
///     .step("c", "ret", "get a")
///     .end();
/// let m = ret_later(&run);
/// assert_eq!(m.len(), 1);
/// assert_eq!(m[0].to_string(), "move line 5 before line 7");
/// ```
pub fn ret_later(run: &Trace) -> Vec<Mutation> {
    let lines = &run.lines;
    let mut out = Vec::new();
    for range in cells(run) {
        // The next line of each actor, found from the end of the cell.
        let mut next_of: HashMap<(&str, u32), usize> = HashMap::new();
        let mut next = vec![None; range.len()];
        for i in range.clone().rev() {
            let e = &lines[i].event;
            next[i - range.start] = next_of.insert((e.actor.as_ref(), e.pid), i);
        }
        for i in range.clone() {
            let e = &lines[i].event;
            if e.kind != RET {
                continue;
            }
            let Some(j) = next[i - range.start] else {
                continue;
            };
            // Only other actors' lines in between, and no line of the lesson actor.
            let between = &lines[i + 1..j];
            if !between.is_empty() && between.iter().all(|l| l.event.actor != LESSON_ACTOR) {
                out.push(Mutation::MoveBefore(i, j));
            }
        }
    }
    out
}

/// `remove-last` mutations of `run` (must fail): in each of `cells` (those whose printed lines
/// a property claims, see [`crate::printed`]), each actor's last line of output removed.
/// Removing an actor's last line leaves no gap in its `seq`, so only such a property sees it.
///
/// ```
/// use interleaving::testing::{Run, remove_last};
/// let run = Run::new("demo").cell("q", "")
///     .step("main", "print", "a").step("w", "print", "b").step("main", "print", "c")
///     .end();
/// let m: Vec<String> = remove_last(&run, &["q"]).iter().map(|m| m.to_string()).collect();
/// assert_eq!(m, ["remove line 5", "remove line 6"]);
/// assert!(remove_last(&run, &["other"]).is_empty());
/// ```
pub fn remove_last(run: &Trace, cells_claimed: &[&str]) -> Vec<Mutation> {
    let lines = &run.lines;
    let mut out = Vec::new();
    for range in cells(run) {
        let name = &lines[range.start].event.value;
        if !cells_claimed.contains(&name.as_str()) {
            continue;
        }
        let mut last: HashMap<(&str, u32), usize> = HashMap::new();
        for i in range {
            let e = &lines[i].event;
            if e.actor != LESSON_ACTOR && (e.kind == kinds::PRINT || e.kind == kinds::WRITE) {
                last.insert((e.actor.as_ref(), e.pid), i);
            }
        }
        let mut at: Vec<usize> = last.into_values().collect();
        at.sort_unstable();
        out.extend(at.into_iter().map(Mutation::Remove));
    }
    out
}
