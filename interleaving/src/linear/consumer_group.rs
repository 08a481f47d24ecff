//! A Redis consumer group as a checker model: at-least-once delivery, stated as what a
//! history of stream operations may show, with the operations behind any violation named.
//!
//! A stream is not a queue: a read entry stays in the group's pending list until `XACK`, and
//! one that sits there long enough can be claimed by another consumer (`XAUTOCLAIM`). So an
//! entry may be delivered more than once; what the group promises instead is this model:
//!
//! - **fresh**: only entries that were added are delivered, never before their `XADD` began;
//! - **order**: new entries (`XREADGROUP >`) are delivered in id order: a read that began
//!   after another returned never gets a smaller id;
//! - **skipped**: no entry is passed over: a read that gets a later id, or nothing, while an
//!   entry was surely added and not yet delivered for the whole read, is wrong, and so is an
//!   entry never delivered at all;
//! - **repeated**: each entry is delivered as new once; it reaches a second consumer only by
//!   a claim, so each entry is with one consumer at a time;
//! - **early-claim**: an entry is claimed only after it sat `min_idle_ms` (the cell's knob; 0
//!   without one) since its last delivery: its holder died or is too slow, which to the group
//!   look alike;
//! - **acked**: an acknowledged entry is never delivered, nor acknowledged, again;
//! - **lost**: at least once: every entry added is acknowledged by the end of the trace.
//!
//! ## The events
//! Each operation is a [`CALL`](super::CALL) just before and a [`RET`](super::RET) just after
//! it, of the actor that performs it (as for queues, [`call`](super::call) and
//! [`ret`](super::ret)): `xadd ITEM` -> `xadd ID`; `xreadgroup` and `xautoclaim` -> `OP ITEM
//! ID` or `OP !Empty`; `xack ITEM ID` -> `xack 1` (acknowledged) or `xack 0`. Ids are
//! Redis's `MILLISECONDS-SEQUENCE`. Real-time order comes from `t_ns` (SPEC section 3): the
//! processes share one `CLOCK_MONOTONIC`, Python's `time.monotonic_ns()` included; the
//! messages give line numbers. A batch (N entries in one command: pipelined `XADD`s,
//! `XREADGROUP ... COUNT N`, one `XACK` of N ids) is one `call` and `ret` naming them all,
//! read as N operations sharing its interval ([`batch`]).
//!
//! ```
//! use interleaving::{Trace, linear::consumer_group::{self, Clause}};
//! let t = Trace::from_steps([
//!     ("producer", "call", "xadd 0"), ("producer", "ret", "xadd 1-0"),
//!     ("w1", "call", "xreadgroup"), ("w1", "ret", "xreadgroup 0 1-0"),
//!     ("w1", "call", "xack 0 1-0"), ("w1", "ret", "xack 1"),
//!     // Acknowledged, yet delivered again.
//!     ("w2", "call", "xautoclaim"), ("w2", "ret", "xautoclaim 0 1-0"),
//! ]);
//! let found = consumer_group::check(&consumer_group::GroupHistory::from_lines(&t.lines).unwrap(), 0);
//! assert_eq!(found.unwrap_err().clause, Clause::Acked);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::fold::Fold;
use crate::knob::FirstKnob;
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

use super::{CALL, RET};

mod batch;

/// `XADD`: value `"xadd ITEM"`, returns the new entry's id.
pub const XADD: &str = "xadd";
/// `XREADGROUP ... >`: a new entry for this consumer, or `!Empty`.
pub const XREADGROUP: &str = "xreadgroup";
/// `XAUTOCLAIM`: an entry another consumer left idle, or `!Empty`.
pub const XAUTOCLAIM: &str = "xautoclaim";
/// `XACK`: value `"xack ITEM ID"`, returns `1` if it removed the entry from the pending list.
pub const XACK: &str = "xack";

/// Redis measures idle time in whole milliseconds of its own clock, so a claim may come up to
/// a millisecond (and a rounding) before `min_idle_ms` has passed on ours.
const IDLE_SLACK_NS: u64 = 2_000_000;

/// One stream operation, with its lines and clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOp {
    /// The actor that called it.
    pub actor: String,
    /// `xadd`, `xreadgroup`, `xautoclaim` or `xack`.
    pub name: String,
    /// Its argument (`ITEM` for `xadd`, `ITEM ID` for `xack`).
    pub arg: String,
    /// What it returned; `None` if it never did.
    pub result: Option<String>,
    /// Lines of its call and return (`usize::MAX`: never returned).
    pub lines: (usize, usize),
    /// Clocks of its call and return (`u64::MAX`: never returned).
    pub t_ns: (u64, u64),
}

impl StreamOp {
    /// The entry it added, delivered or acknowledged, as `(ms, seq)`.
    fn id(&self) -> Option<(u64, u64)> {
        let text = match self.name.as_str() {
            XADD => self.result.as_deref()?,
            XACK => &self.arg,
            _ => self.result.as_deref().filter(|r| !r.starts_with('!'))?,
        };
        let (ms, seq) = text.rsplit(' ').next()?.split_once('-')?;
        Some((ms.parse().ok()?, seq.parse().ok()?))
    }

    fn delivers(&self) -> bool {
        self.name == XREADGROUP || self.name == XAUTOCLAIM
    }

    fn acked(&self) -> bool {
        self.name == XACK && self.result.as_deref() == Some("1")
    }
}

impl fmt::Display for StreamOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}({})", self.actor, self.name, self.arg)?;
        match &self.result {
            Some(r) => write!(f, " -> {r} [lines {}-{}]", self.lines.0, self.lines.1),
            None => write!(f, " pending [line {}-]", self.lines.0),
        }
    }
}

/// The stream operations of a trace, in the order of their calls' lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupHistory {
    /// Every operation, pending ones included.
    pub ops: Vec<StreamOp>,
}

impl GroupHistory {
    /// Pairs each `ret` with its actor's open `call` (per process), and reads a batch as one
    /// operation per entry (see [`batch`]); other events are skipped. Errors name the line
    /// that does not pair up. ([`GroupHistoryBuilder`] reads the lines one at a time.)
    pub fn from_lines(lines: &[Line]) -> Result<GroupHistory, String> {
        let mut b = GroupHistoryBuilder::default();
        for l in lines {
            b.line(l);
        }
        b.finish()
    }
}

/// A [`GroupHistory`] built from lines given one at a time, keeping one [`StreamOp`] per
/// call and never a line: what [`at_least_once`] keeps of a trace. The first line that does
/// not pair up is kept as the error.
///
/// ```
/// use interleaving::{Trace, linear::consumer_group::GroupHistoryBuilder};
/// let t = Trace::from_steps([("producer", "call", "xadd 0"), ("producer", "ret", "xadd 1-0")]);
/// let mut b = GroupHistoryBuilder::default();
/// for l in &t.lines {
///     b.line(l);
/// }
/// assert_eq!(b.finish().unwrap().ops.len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct GroupHistoryBuilder {
    ops: Vec<StreamOp>,
    open: HashMap<(String, u32), usize>,
    error: Option<String>,
}

impl GroupHistoryBuilder {
    /// Reads one line: a `call` opens an operation of its actor, a `ret` closes it.
    pub fn line(&mut self, l: &Line) {
        let e = &l.event;
        if self.error.is_some() || (e.kind != CALL && e.kind != RET) {
            return;
        }
        let ops = &mut self.ops;
        let key = (e.actor.clone(), e.pid);
        let (op, rest) = e.value.split_once(' ').unwrap_or((&e.value, ""));
        if e.kind == CALL {
            if let Some(&i) = self.open.get(&key) {
                let o: &StreamOp = &ops[i];
                self.error = Some(format!(
                    "line {}: {} calls {op} while its {} of line {} has not returned",
                    l.no, e.actor, o.name, o.lines.0
                ));
                return;
            }
            self.open.insert(key, ops.len());
            ops.push(StreamOp {
                actor: e.actor.clone(),
                name: op.into(),
                arg: rest.into(),
                result: None,
                lines: (l.no, usize::MAX),
                t_ns: (e.t_ns, u64::MAX),
            });
            return;
        }
        let Some(i) = self.open.remove(&key).filter(|&i| ops[i].name == op) else {
            self.error = Some(format!(
                "line {}: {} returns from {op} it did not call",
                l.no, e.actor
            ));
            return;
        };
        ops[i].result = Some(rest.into());
        ops[i].lines.1 = l.no;
        ops[i].t_ns.1 = e.t_ns;
    }

    /// The history, or the first line that did not pair up.
    pub fn finish(self) -> Result<GroupHistory, String> {
        if let Some(e) = self.error {
            return Err(e);
        }
        Ok(GroupHistory {
            ops: batch::unbatch(self.ops)?,
        })
    }
}

/// Which clause of the model a history breaks (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clause {
    /// Delivered, yet never added, or delivered before its `XADD` began.
    Fresh,
    /// New entries delivered out of id order.
    Order,
    /// An entry passed over by a read, or never delivered.
    Skipped,
    /// An entry delivered as new twice.
    Repeated,
    /// Claimed before it sat `min_idle_ms`, or claimed though never delivered.
    EarlyClaim,
    /// Delivered or acknowledged again after it was acknowledged.
    Acked,
    /// Added and never acknowledged.
    Lost,
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Clause::Fresh => "fresh",
            Clause::Order => "order",
            Clause::Skipped => "skipped",
            Clause::Repeated => "repeated",
            Clause::EarlyClaim => "early-claim",
            Clause::Acked => "acked",
            Clause::Lost => "lost",
        })
    }
}

/// A broken clause, the operations behind it, and why the group could not have done it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFinding {
    /// Which clause.
    pub clause: Clause,
    /// The operations, with their lines.
    pub ops: Vec<StreamOp>,
    /// Why no consumer group explains them.
    pub why: String,
}

impl GroupFinding {
    /// The trace lines of the operations' calls and returns, in order.
    pub fn lines(&self) -> Vec<usize> {
        let mut l: Vec<usize> = self
            .ops
            .iter()
            .flat_map(|o| [o.lines.0, o.lines.1])
            .filter(|&n| n != usize::MAX)
            .collect();
        l.sort_unstable();
        l.dedup();
        l
    }
}

impl fmt::Display for GroupFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ops: Vec<String> = self.ops.iter().map(StreamOp::to_string).collect();
        write!(f, "{}: {}: {}", self.clause, self.why, ops.join("; "))
    }
}

fn found(clause: Clause, why: String, ops: &[&StreamOp]) -> Result<(), GroupFinding> {
    Err(GroupFinding {
        clause,
        ops: ops.iter().map(|o| (*o).clone()).collect(),
        why,
    })
}

/// Decides whether `history` is one a consumer group can produce, claims allowed after
/// `min_idle_ms`. In O(n log n) on n operations.
pub fn check(history: &GroupHistory, min_idle_ms: u64) -> Result<(), GroupFinding> {
    let ops = &history.ops;
    let done = |o: &&StreamOp| o.result.is_some();
    let mut adds: HashMap<(u64, u64), &StreamOp> = HashMap::new();
    for a in ops.iter().filter(|o| o.name == XADD).filter(done) {
        adds.extend(a.id().map(|id| (id, a)));
    }
    let mut deliveries: BTreeMap<(u64, u64), Vec<&StreamOp>> = BTreeMap::new();
    for d in ops.iter().filter(|o| o.delivers()) {
        if let Some(id) = d.id() {
            deliveries.entry(id).or_default().push(d);
        }
    }
    fresh(&adds, &deliveries)?;
    let mut reads: Vec<&StreamOp> = ops
        .iter()
        .filter(|o| o.name == XREADGROUP)
        .filter(done)
        .collect();
    order(&mut reads)?;
    let any_read_pending = ops.iter().any(|o| o.name == XREADGROUP && !done(&o));
    skipped(&adds, &deliveries, &reads, any_read_pending)?;
    // An acknowledged entry delivered again is named as such, before asking if the claim
    // that did it came early.
    acked(ops, &adds, &deliveries)?;
    claims(&deliveries, min_idle_ms)
}

fn fresh(
    adds: &HashMap<(u64, u64), &StreamOp>,
    deliveries: &BTreeMap<(u64, u64), Vec<&StreamOp>>,
) -> Result<(), GroupFinding> {
    for (id, ds) in deliveries {
        for d in ds.iter().filter(|d| d.result.is_some()) {
            match adds.get(id) {
                None => return found(Clause::Fresh, "delivered, never added".into(), &[d]),
                Some(a) if d.t_ns.1 < a.t_ns.0 => {
                    let why = "delivered before its XADD began".into();
                    return found(Clause::Fresh, why, &[a, d]);
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// New entries in id order, each once: sweep the reads by call, keeping the largest id among
/// the reads that returned before it began.
fn order(reads: &mut [&StreamOp]) -> Result<(), GroupFinding> {
    let mut by_ret: Vec<&StreamOp> = reads.to_vec();
    by_ret.sort_by_key(|o| o.t_ns.1);
    reads.sort_by_key(|o| o.t_ns.0);
    let mut seen: HashMap<(u64, u64), &StreamOp> = HashMap::new();
    for r in reads.iter() {
        if let Some(id) = r.id()
            && let Some(first) = seen.insert(id, r)
        {
            let why = "delivered as new twice (a second consumer gets it only by a claim)";
            return found(Clause::Repeated, why.into(), &[first, r]);
        }
    }
    let mut before = by_ret.iter().peekable();
    let mut max: Option<((u64, u64), &StreamOp)> = None;
    for r2 in reads.iter() {
        while let Some(r1) = before.next_if(|r1| r1.t_ns.1 < r2.t_ns.0) {
            if let Some(id) = r1.id()
                && max.is_none_or(|(m, _)| id > m)
            {
                max = Some((id, r1));
            }
        }
        if let (Some((m, r1)), Some(id)) = (max, r2.id())
            && id < m
        {
            let why = "a read began after another returned, yet got a smaller id";
            return found(Clause::Order, why.into(), &[r1, r2]);
        }
    }
    Ok(())
}

/// No entry passed over: for each read, no entry surely added and undelivered all through it
/// with a smaller id than the one it got (or at all, if it got nothing).
fn skipped(
    adds: &HashMap<(u64, u64), &StreamOp>,
    deliveries: &BTreeMap<(u64, u64), Vec<&StreamOp>>,
    reads: &[&StreamOp],
    any_read_pending: bool,
) -> Result<(), GroupFinding> {
    // Each added entry: (its XADD's return, its first delivery's call; MAX if never).
    let mut waiting: Vec<(u64, u64, &StreamOp)> = adds
        .iter()
        .map(|(id, a)| {
            let first = deliveries
                .get(id)
                .and_then(|ds| ds.iter().map(|d| d.t_ns.0).min());
            (a.t_ns.1, first.unwrap_or(u64::MAX), *a)
        })
        .collect();
    if !any_read_pending && let Some((_, _, a)) = waiting.iter().find(|w| w.1 == u64::MAX) {
        return found(Clause::Skipped, "added, never delivered".into(), &[a]);
    }
    waiting.sort_by_key(|w| w.0);
    // Prefix maximum of the first-delivery clocks, in order of the XADDs' returns.
    let mut latest: Vec<(u64, &StreamOp)> = Vec::with_capacity(waiting.len());
    for &(_, first, a) in &waiting {
        let keep = latest.last().filter(|(f, _)| *f >= first).copied();
        latest.push(keep.unwrap_or((first, a)));
    }
    for r in reads.iter().filter(|r| r.id().is_none()) {
        let n = waiting.partition_point(|w| w.0 < r.t_ns.0);
        if let Some(&(first, a)) = n.checked_sub(1).map(|i| &latest[i])
            && first > r.t_ns.1
        {
            let why =
                "a read found nothing while an added entry waited, undelivered, all through it";
            return found(Clause::Skipped, why.into(), &[a, r]);
        }
    }
    Ok(())
}

/// Redelivery only by a claim, only of an entry delivered before, idle for `min_idle_ms`.
fn claims(
    deliveries: &BTreeMap<(u64, u64), Vec<&StreamOp>>,
    min_idle_ms: u64,
) -> Result<(), GroupFinding> {
    let idle = min_idle_ms.saturating_mul(1_000_000);
    for ds in deliveries.values() {
        for c in ds
            .iter()
            .filter(|c| c.name == XAUTOCLAIM && c.result.is_some())
        {
            let prev = ds
                .iter()
                .filter(|d| !std::ptr::eq(**d, *c) && d.t_ns.0 < c.t_ns.1)
                .max_by_key(|d| d.t_ns.0);
            let Some(prev) = prev else {
                let why = "claimed, though never delivered (not in the pending list)";
                return found(Clause::EarlyClaim, why.into(), &[c]);
            };
            let sat = c.t_ns.1.saturating_sub(prev.t_ns.0);
            if sat + IDLE_SLACK_NS < idle {
                let why = format!(
                    "claimed {:.1} ms after it was delivered, under min_idle_ms={min_idle_ms}",
                    sat as f64 / 1e6
                );
                return found(Clause::EarlyClaim, why, &[prev, c]);
            }
        }
    }
    Ok(())
}

/// Once acknowledged, never delivered or acknowledged again; every entry acknowledged.
fn acked(
    ops: &[StreamOp],
    adds: &HashMap<(u64, u64), &StreamOp>,
    deliveries: &BTreeMap<(u64, u64), Vec<&StreamOp>>,
) -> Result<(), GroupFinding> {
    let mut first_ack: HashMap<(u64, u64), &StreamOp> = HashMap::new();
    let mut acks: Vec<&StreamOp> = ops.iter().filter(|o| o.acked()).collect();
    acks.sort_by_key(|o| o.t_ns.1);
    for k in acks {
        let Some(id) = k.id() else { continue };
        match first_ack.get(&id) {
            Some(first) if first.t_ns.1 < k.t_ns.0 => {
                let why = "acknowledged again after it was acknowledged";
                return found(Clause::Acked, why.into(), &[first, k]);
            }
            Some(_) => {}
            None => {
                first_ack.insert(id, k);
            }
        }
    }
    for (id, ds) in deliveries {
        if let Some(k) = first_ack.get(id)
            && let Some(d) = ds.iter().find(|d| d.t_ns.0 > k.t_ns.1)
        {
            let why = "delivered again after it was acknowledged";
            return found(Clause::Acked, why.into(), &[k, d]);
        }
    }
    let any_ack_pending = ops.iter().any(|o| o.name == XACK && o.result.is_none());
    if !any_ack_pending {
        let mut unacked: Vec<&&StreamOp> = adds
            .iter()
            .filter(|(id, _)| !first_ack.contains_key(id))
            .map(|(_, a)| a)
            .collect();
        unacked.sort_by_key(|a| a.lines.0);
        if let Some(a) = unacked.first() {
            let why = "added, never acknowledged: delivery is at least once";
            return found(Clause::Lost, why.into(), &[a]);
        }
    }
    Ok(())
}

/// The rule "these lines' stream operations are a consumer group's, delivering at least
/// once", for [`Property::new`](crate::Property::new); claims are allowed after the cell's
/// `min_idle_ms` knob (0 without one). Fails on a cell without any operation too.
pub fn at_least_once() -> Rule {
    Rule::fold(|| AtLeastOnce {
        history: GroupHistoryBuilder::default(),
        knobs: FirstKnob::default(),
    })
}

/// The fold of [`at_least_once`]: the operations' history and the cell's knobs.
struct AtLeastOnce {
    history: GroupHistoryBuilder,
    knobs: FirstKnob,
}

impl Fold for AtLeastOnce {
    fn line(&mut self, line: &Line) {
        self.knobs.line(line);
        self.history.line(line);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let min_idle = self.knobs.get("min_idle_ms").unwrap_or(0);
        judge(self.history.finish(), min_idle)
    }
}

fn judge(history: Result<GroupHistory, String>, min_idle: u64) -> Outcome {
    const S: &str = "the stream operations are those of a consumer group: entries delivered \
                     in id order, each to one consumer at a time, redelivered only by a claim \
                     of an idle entry, never after acknowledged, and every entry acknowledged";
    let name = "consumer-group";
    let history = match history {
        Ok(h) => h,
        Err(e) => {
            return violated(name, S, "calls and returns that pair up".into(), e, vec![]);
        }
    };
    if history.ops.is_empty() {
        let got = "none in the trace".into();
        return violated(name, S, "at least one `call` event".into(), got, vec![]);
    }
    match check(&history, min_idle) {
        Ok(()) => Outcome::Held,
        Err(f) => violated(
            name,
            S,
            format!("no {} violation", f.clause),
            f.to_string(),
            f.lines(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Event, Trace};

    /// A trace from `(actor, kind, value, t_ns)`, so clocks can disagree with lines.
    fn timed(steps: &[(&str, &str, &str, u64)]) -> GroupHistory {
        let t = Trace::from_events(
            steps
                .iter()
                .map(|(a, k, v, t)| Event::new(0, *t, 1, *a, *k, *v)),
        );
        GroupHistory::from_lines(&t.lines).unwrap()
    }

    fn clause(steps: &[(&str, &str, &str, u64)], min_idle_ms: u64) -> Option<Clause> {
        check(&timed(steps), min_idle_ms).err().map(|f| f.clause)
    }

    /// Two entries added, read by w1 and w2, acknowledged: the history every clause starts
    /// from, and one the model allows.
    fn good() -> Vec<(&'static str, &'static str, &'static str, u64)> {
        vec![
            ("p", "call", "xadd 0", 10),
            ("p", "ret", "xadd 1-0", 11),
            ("p", "call", "xadd 1", 12),
            ("p", "ret", "xadd 1-1", 13),
            ("w1", "call", "xreadgroup", 20),
            ("w1", "ret", "xreadgroup 0 1-0", 21),
            ("w2", "call", "xreadgroup", 22),
            ("w2", "ret", "xreadgroup 1 1-1", 23),
            ("w1", "call", "xack 0 1-0", 30),
            ("w1", "ret", "xack 1", 31),
            ("w2", "call", "xack 1 1-1", 32),
            ("w2", "ret", "xack 1", 33),
        ]
    }

    fn with(
        edit: impl FnOnce(&mut Vec<(&'static str, &'static str, &'static str, u64)>),
    ) -> Vec<(&'static str, &'static str, &'static str, u64)> {
        let mut s = good();
        edit(&mut s);
        s
    }

    #[test]
    fn a_drained_group_is_allowed() {
        assert_eq!(clause(&good(), 0), None);
    }

    #[test]
    fn an_entry_read_before_its_add_began_is_fresh() {
        let s = with(|s| s[4..6].iter_mut().for_each(|e| e.3 -= 15));
        assert_eq!(clause(&s, 0), Some(Clause::Fresh));
        let s = with(|s| s[5].2 = "xreadgroup 0 9-0");
        assert_eq!(clause(&s, 0), Some(Clause::Fresh));
    }

    #[test]
    fn a_smaller_id_read_after_a_larger_is_out_of_order() {
        // w2 got 1-1 and returned before w1's read of 1-0 began: by the clock, though not
        // by the lines.
        let s = with(|s| {
            s[4].3 = 24;
            s[5].3 = 25;
        });
        let f = check(&timed(&s), 0).unwrap_err();
        assert_eq!(f.clause, Clause::Order);
        assert_eq!(f.lines(), vec![5, 6, 7, 8], "both reads named: {f}");
    }

    #[test]
    fn an_entry_passed_over_is_skipped() {
        // w2's read found nothing while 1-1 surely waited: added before, first read after.
        let s = with(|s| {
            s[7].2 = "xreadgroup !Empty";
            s.push(("w2", "call", "xreadgroup", 40));
            s.push(("w2", "ret", "xreadgroup 1 1-1", 41));
            s.retain(|e| e.2 != "xack 1 1-1" && e.3 != 33);
            s.push(("w2", "call", "xack 1 1-1", 42));
            s.push(("w2", "ret", "xack 1", 43));
        });
        assert_eq!(clause(&s, 0), Some(Clause::Skipped));
        // And an entry nobody ever read.
        let s = with(|s| s.drain(6..8).for_each(drop));
        assert_eq!(clause(&s, 0), Some(Clause::Skipped));
    }

    #[test]
    fn a_second_new_delivery_is_repeated() {
        let s = with(|s| s[7].2 = "xreadgroup 0 1-0");
        assert_eq!(clause(&s, 0), Some(Clause::Repeated));
    }

    #[test]
    fn a_claim_before_min_idle_is_early() {
        // w2 claims what w1 read 10 ms before; w1 never acks (it died).
        let claim = |at: u64| {
            let mut s = good();
            s.retain(|e| e.0 != "w1" || e.3 < 30);
            s.push(("w2", "call", "xautoclaim", at));
            s.push(("w2", "ret", "xautoclaim 0 1-0", at + 1));
            s.push(("w2", "call", "xack 0 1-0", at + 2));
            s.push(("w2", "ret", "xack 1", at + 3));
            s
        };
        assert_eq!(clause(&claim(10_000_000), 100), Some(Clause::EarlyClaim));
        assert_eq!(clause(&claim(110_000_000), 100), None);
        // A claim of an entry nobody read (not pending) is no redelivery.
        let s = with(|s| {
            s.drain(4..6).for_each(drop);
            s.insert(4, ("w1", "call", "xautoclaim", 20));
            s.insert(5, ("w1", "ret", "xautoclaim 0 1-0", 21));
        });
        assert_eq!(clause(&s, 0), Some(Clause::EarlyClaim));
    }

    #[test]
    fn a_delivery_after_the_ack_breaks_acked() {
        let s = with(|s| {
            s.push(("w2", "call", "xautoclaim", 50));
            s.push(("w2", "ret", "xautoclaim 0 1-0", 51));
        });
        let f = check(&timed(&s), 0).unwrap_err();
        assert_eq!(f.clause, Clause::Acked);
        assert!(f.to_string().contains("w1: xack(0 1-0) -> 1"), "{f}");
        let s = with(|s| {
            s.push(("w2", "call", "xack 0 1-0", 50));
            s.push(("w2", "ret", "xack 1", 51));
        });
        assert_eq!(clause(&s, 0), Some(Clause::Acked));
    }

    #[test]
    fn an_entry_never_acknowledged_is_lost() {
        let s = with(|s| s.truncate(10));
        assert_eq!(clause(&s, 0), Some(Clause::Lost));
        // Unless an ack is still pending when the trace ends: it may have taken effect.
        let s = with(|s| s.truncate(11));
        assert_eq!(clause(&s, 0), None);
    }

    #[test]
    fn lines_that_do_not_pair_up_are_no_history() {
        let t = Trace::from_steps([("w", "ret", "xack 1")]);
        assert!(GroupHistory::from_lines(&t.lines).is_err());
    }
}
