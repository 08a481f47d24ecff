//! The bad-pattern monitor: O(n log n) for a queue history with unique values.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use super::cover::{Union, chain};
use super::{History, Model, Op};

/// The kind of bad pattern found (see the [module docs](super)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A value got that was never put, or got before its put began.
    Fresh,
    /// A value got twice.
    Repeated,
    /// FIFO: `put(a)` returned before `put(b)` began, yet `b` came out before `a`.
    Order,
    /// A get answered `Empty` (or an item) while, at every instant of it, the queue surely
    /// held a value (one that had to come out first).
    Covered,
    /// The same value put twice: the monitor needs unique values.
    NotUnique,
    /// No pattern, but the general search ([`decide`](super::decide)) proved that no order
    /// explains the operations (a stack's "pushed above" chains, a pending get).
    Unexplained,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pattern::Fresh => "fresh",
            Pattern::Repeated => "repeated",
            Pattern::Order => "order",
            Pattern::Covered => "covered",
            Pattern::NotUnique => "not-unique",
            Pattern::Unexplained => "unexplained",
        })
    }
}

/// A bad pattern: the 2-4 operations (a few more for a long cover) that form it, and why no
/// sequential order explains them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which pattern.
    pub pattern: Pattern,
    /// The operations, with their intervals.
    pub ops: Vec<Op>,
    /// Why no sequential queue explains them.
    pub why: String,
}

impl Finding {
    /// The trace lines of the operations' calls and returns, in order.
    pub fn lines(&self) -> Vec<usize> {
        let mut l: Vec<usize> = self
            .ops
            .iter()
            .flat_map(|o| [o.call, o.ret])
            .filter(|&n| n != usize::MAX)
            .collect();
        l.sort_unstable();
        l.dedup();
        l
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Lines to find the events, the clock because it decides.
        let ops: Vec<String> = self
            .ops
            .iter()
            .map(|o| format!("{o} ({})", o.clock()))
            .collect();
        write!(
            f,
            "{} pattern: {}: {}",
            self.pattern,
            self.why,
            ops.join("; ")
        )
    }
}

/// Decides whether `history` is linearizable against `model`, object by object (a history
/// is linearizable iff each object's is). Values must be unique per object.
pub fn check(history: &History, model: Model) -> Result<(), Finding> {
    // Most traces have one queue: no grouping needed.
    if let Some(first) = history.ops.first()
        && history.ops.iter().all(|o| o.obj == first.obj)
    {
        let ops: Vec<&Op> = history.ops.iter().collect();
        return check_object(&ops, model);
    }
    let mut objects: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
    for op in &history.ops {
        objects.entry(&*op.obj).or_default().push(op);
    }
    objects
        .values()
        .try_for_each(|ops| check_object(ops, model))
}

/// One value's put and (if any) get.
struct Entry<'a> {
    value: &'a str,
    put: &'a Op,
    get: Option<&'a Op>,
}

impl Entry<'_> {
    /// From the return of its put to the call of its get, the value is surely in the queue
    /// (clock keys, [`Op::start`] and [`Op::end`]).
    fn surely_in(&self) -> (u64, u64) {
        (self.put.end(), self.get.map_or(u64::MAX, Op::start))
    }
}

fn finding(pattern: Pattern, why: String, ops: &[&Op]) -> Finding {
    Finding {
        pattern,
        ops: ops.iter().map(|o| (*o).clone()).collect(),
        why,
    }
}

fn check_object(ops: &[&Op], model: Model) -> Result<(), Finding> {
    let mut puts: HashMap<&str, (&Op, Option<&Op>), Fx> = HashMap::default();
    puts.reserve(ops.len() / 2);
    for op in ops.iter().filter(|o| o.is_put() && !o.raised()) {
        if let Some((first, _)) = puts.insert(&*op.arg, (op, None)) {
            let why = format!(
                "{:?} was put twice; the monitor needs unique values",
                op.arg
            );
            return Err(finding(Pattern::NotUnique, why, &[first, op]));
        }
    }
    let mut empties: Vec<&Op> = Vec::new();
    // A get still pending may have taken any value, at any instant after its call.
    let mut pending_get: Option<&Op> = None;
    for op in ops.iter().filter(|o| o.is_get()) {
        let Some(v) = op.got() else {
            if op.raised() {
                empties.push(op);
            } else if op.result.is_none() && pending_get.is_none_or(|p| op.start() < p.start()) {
                pending_get = Some(op);
            }
            continue;
        };
        match puts.get_mut(v) {
            None => {
                let why = format!("{v:?} was got but never put");
                return Err(finding(Pattern::Fresh, why, &[op]));
            }
            Some((p, Some(first))) => {
                let why = format!("{v:?} was got twice");
                return Err(finding(Pattern::Repeated, why, &[p, first, op]));
            }
            Some((p, _)) if op.precedes(p) => {
                let why = format!("{v:?} was got before its put began");
                return Err(finding(Pattern::Fresh, why, &[op, p]));
            }
            Some((_, g)) => *g = Some(op),
        }
    }
    // A put still pending that nobody got may not have happened: leave it out.
    let entries: Vec<Entry> = puts
        .into_iter()
        .filter(|(_, (p, g))| p.result.is_some() || g.is_some())
        .map(|(value, (put, get))| Entry {
            value,
            put,
            get: get.or(pending_get),
        })
        .collect();
    if model == Model::Fifo {
        fifo_order(&entries)?;
    }
    // One union of every value's "surely in" interval answers every empty get: O(log n) each.
    let mut every = Union::default();
    for e in &entries {
        let (a, b) = e.surely_in();
        every.insert(a, b);
    }
    if let Some(e) = empties.iter().find(|e| every.covers(e.start(), e.end())) {
        let why = "the queue was never empty during it";
        return Err(
            covered(e, e.start(), &entries, |_| true, why).expect("covered by the same union")
        );
    }
    match model {
        Model::Fifo => Ok(()),
        Model::Lifo => lifo(&entries),
        Model::Priority => priority(&entries),
    }
}

/// `put(a)` returned before `put(b)` began, so a is ahead of b; b's get returned before a's
/// get began (or a never came out): no FIFO order explains it. One sweep: for each b, in
/// order of its put's call, the a (among puts that returned before it) whose get began last.
fn fifo_order(entries: &[Entry]) -> Result<(), Finding> {
    // Plain (key, index) pairs sort much faster than references chased for their keys.
    let mut by_put_ret: Vec<(u64, usize)> = (0..entries.len())
        .map(|i| (entries[i].put.end(), i))
        .collect();
    by_put_ret.sort_unstable();
    let mut got: Vec<(u64, usize)> = (0..entries.len())
        .filter(|&i| entries[i].get.is_some_and(|g| g.result.is_some()))
        .map(|i| (entries[i].put.start(), i))
        .collect();
    got.sort_unstable();
    let mut k = 0;
    let mut latest: Option<(u64, &Entry)> = None;
    for (put_call, i) in got {
        let (b, get_b) = (&entries[i], entries[i].get.expect("filtered on it"));
        while k < by_put_ret.len() && by_put_ret[k].0 < put_call {
            let a = &entries[by_put_ret[k].1];
            let start = a.get.map_or(u64::MAX, Op::start);
            if latest.is_none_or(|(s, _)| start > s) {
                latest = Some((start, a));
            }
            k += 1;
        }
        if let Some((start, a)) = latest
            && start > get_b.end()
        {
            let mut ops = vec![a.put, b.put, get_b];
            let why = match a.get {
                Some(g) => {
                    ops.push(g);
                    format!(
                        "put({}) returned before put({}) began, so {} was ahead, yet the get \
                             of {} returned before the get of {} began",
                        a.value, b.value, a.value, b.value, a.value
                    )
                }
                None => format!(
                    "put({}) returned before put({}) began, so {} was ahead, yet {} came out \
                         and {} never did",
                    a.value, b.value, a.value, b.value, a.value
                ),
            };
            return Err(finding(Pattern::Order, why, &ops));
        }
    }
    Ok(())
}

/// Whether every instant of `op` is covered by entries that pass `class`; if so, the finding.
/// Builds its union afresh: used for empties (all entries) and for reporting.
fn covered(
    op: &Op,
    from: u64,
    entries: &[Entry],
    class: impl Fn(&Entry) -> bool,
    why: &str,
) -> Option<Finding> {
    let mut u = Union::default();
    let mut intervals = Vec::new();
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| class(e)) {
        let (a, b) = e.surely_in();
        u.insert(a, b);
        if a <= b {
            intervals.push((a, b, i));
        }
    }
    if !u.covers(from, op.end()) {
        return None;
    }
    Some(witness(op, from, entries, &intervals, why))
}

fn witness(
    op: &Op,
    from: u64,
    entries: &[Entry],
    intervals: &[(u64, u64, usize)],
    why: &str,
) -> Finding {
    let mut ops = vec![op];
    let ids = chain(intervals, from, op.end());
    for &i in &ids {
        ops.push(entries[i].put);
        ops.extend(entries[i].get);
    }
    let values: Vec<&str> = ids.iter().map(|&i| entries[i].value).collect();
    let why = format!(
        "{} got {}, but {} surely in the queue from put's return to get's call, \
         covering the whole get: {why}",
        op.actor,
        op.result.as_deref().unwrap_or("?"),
        values.join(", then "),
    );
    finding(Pattern::Covered, why, &ops)
}

/// Priority: a get of v is impossible if lower values surely waited through all of it.
/// Gets in increasing order of value; the union grows with every lower value.
fn priority(entries: &[Entry]) -> Result<(), Finding> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|x, y| item_cmp(x.value, y.value));
    let mut u = Union::default();
    let mut k = 0;
    for e in &sorted {
        let Some(g) = e.get.filter(|g| g.result.is_some()) else {
            continue;
        };
        while k < sorted.len() && item_cmp(sorted[k].value, e.value) == Ordering::Less {
            let (a, b) = sorted[k].surely_in();
            u.insert(a, b);
            k += 1;
        }
        // Its get took effect after its put did, so after the put was called.
        let from = g.start().max(e.put.start());
        if u.covers(from, g.end()) {
            let lower = |x: &Entry| item_cmp(x.value, e.value) == Ordering::Less;
            let why = "a lower item waited through all of it";
            return Err(covered(g, from, entries, lower, why).expect("covered by the same union"));
        }
    }
    Ok(())
}

/// LIFO: a get of a is impossible if values pushed after a's put returned surely sat on top
/// of it through all of it. Gets in decreasing order of their put's return; the union grows
/// with every put called after it.
fn lifo(entries: &[Entry]) -> Result<(), Finding> {
    let mut by_call: Vec<&Entry> = entries.iter().collect();
    by_call.sort_unstable_by_key(|e| std::cmp::Reverse(e.put.start()));
    let mut got: Vec<(&Entry, &Op)> = entries
        .iter()
        .filter_map(|e| e.get.filter(|g| g.result.is_some()).map(|g| (e, g)))
        .collect();
    got.sort_unstable_by_key(|(e, _)| std::cmp::Reverse(e.put.end()));
    let mut u = Union::default();
    let mut k = 0;
    for (e, g) in got {
        while k < by_call.len() && e.put.precedes(by_call[k].put) {
            let (a, b) = by_call[k].surely_in();
            u.insert(a, b);
            k += 1;
        }
        let from = g.start().max(e.put.start());
        if u.covers(from, g.end()) {
            let above = |x: &Entry| e.put.precedes(x.put);
            let why = "items pushed after it stayed on top through all of it";
            return Err(covered(g, from, entries, above, why).expect("covered by the same union"));
        }
    }
    Ok(())
}

/// How a priority queue orders two items: as integers when both are, else as strings
/// (Python compares the items themselves; ours are trace strings).
pub fn item_cmp(x: &str, y: &str) -> Ordering {
    match (x.parse::<i64>(), y.parse::<i64>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => x.cmp(y),
    }
}

/// FxHash (rustc's): a multiply and a rotate per word. The values hashed are our own trace
/// strings, not an attacker's, so SipHash's protection buys nothing here and costs half the
/// check.
#[derive(Default)]
struct FxHasher(u64);

type Fx = BuildHasherDefault<FxHasher>;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply moves entropy only upwards, and items that differ in their last
        // characters differ in the high bytes of the word: fold them down (murmur3's fmix64).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}
