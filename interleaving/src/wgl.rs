//! The general linearizability search of Wing and Gong, as Lowe made it practical (the one
//! Porcupine and Knossos run): try every operation that may go next, recurse, and remember
//! each (operations done, state) pair already explored so it is never explored twice.
//!
//! Exponential in the worst case, so it is for small histories: it is the reference the fast
//! queue monitor ([`crate::linear`]) is tested against, and it serves other sequential objects
//! ([`Register`], [`Counter`], [`Set`]) where a lesson wants one. A [`Spec`] may split a history
//! into independent parts (P-compositionality: a set is linearizable iff, for each element,
//! the operations on that element are), which makes the search linear in the number of parts.
//!
//! ```
//! use interleaving::linear::Op;
//! use interleaving::wgl::{self, Register};
//! // write(1) overlaps both reads; they see "" (the start) then 1: it took effect between.
//! let ops = [
//!     Op::new("w", "write", "1", "ok", 1, 6),
//!     Op::new("r", "read", "", "", 2, 3),
//!     Op::new("r", "read", "", "1", 4, 5),
//! ];
//! assert!(wgl::linearizable(&Register, &ops).is_ok());
//! // Seen the other way round, no order explains it.
//! let ops = [ops[0].clone(), Op::new("r", "read", "", "1", 2, 3), Op::new("r", "read", "", "", 4, 5)];
//! assert!(wgl::linearizable(&Register, &ops).is_err());
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::hash::Hash;

use crate::fold::Fold;
use crate::linear::{EMPTY, HistoryBuilder, Model, Op, SHUT_DOWN};
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

/// A sequential object: its initial state and what one operation does to it.
pub trait Spec {
    /// The object's state.
    type State: Clone + Eq + Hash;
    /// The state before any operation.
    fn init(&self) -> Self::State;
    /// The state after `op`, or `None` if `op`'s recorded result is impossible from `state`.
    /// A pending op (`result == None`) may return anything.
    fn step(&self, state: &Self::State, op: &Op) -> Option<Self::State>;
    /// Independent parts (P-compositionality): ops with different keys are checked apart.
    /// `None` (the default) keeps the history whole.
    fn part(&self, _op: &Op) -> Option<String> {
        None
    }
}

/// No order explains these operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no sequential order explains these {} operation(s)", .ops.len())]
pub struct Unexplained {
    /// The operations of the part that could not be ordered.
    pub ops: Vec<Op>,
}

/// Whether `ops` can be ordered, each at an instant inside its interval, as `spec` allows.
/// Pending ops (never returned) may be left out or placed anywhere after their call.
pub fn linearizable<S: Spec>(spec: &S, ops: &[Op]) -> Result<(), Unexplained> {
    linearizable_within(spec, ops, usize::MAX).unwrap_or(Ok(()))
}

/// The search gave up: it explored more (operations done, state) pairs than it was allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the search gave up after {states} states")]
pub struct GaveUp {
    /// How many states it had explored.
    pub states: usize,
}

/// [`linearizable`], exploring at most `max_states` (operations done, state) pairs per part:
/// `Err(GaveUp)` past that, so a caller on a big history can bound its time and memory.
pub fn linearizable_within<S: Spec>(
    spec: &S,
    ops: &[Op],
    max_states: usize,
) -> Result<Result<(), Unexplained>, GaveUp> {
    let mut parts: BTreeMap<Option<String>, Vec<&Op>> = BTreeMap::new();
    for op in ops {
        parts.entry(spec.part(op)).or_default().push(op);
    }
    for part in parts.values() {
        let mut search = Search::new(spec, part, max_states);
        if search.run() {
            continue;
        }
        if search.seen.len() > max_states {
            return Err(GaveUp {
                states: search.seen.len(),
            });
        }
        return Ok(Err(Unexplained {
            ops: part.iter().map(|o| (*o).clone()).collect(),
        }));
    }
    Ok(Ok(()))
}

struct Search<'a, S: Spec> {
    spec: &'a S,
    ops: &'a [&'a Op],
    done: Vec<u64>,
    seen: HashSet<(Vec<u64>, S::State)>,
    max_states: usize,
}

impl<'a, S: Spec> Search<'a, S> {
    fn new(spec: &'a S, ops: &'a [&'a Op], max_states: usize) -> Self {
        Search {
            spec,
            ops,
            done: vec![0; ops.len().div_ceil(64)],
            seen: HashSet::new(),
            max_states,
        }
    }

    fn is_done(&self, i: usize) -> bool {
        self.done[i / 64] & (1 << (i % 64)) != 0
    }

    fn flip(&mut self, i: usize) {
        self.done[i / 64] ^= 1 << (i % 64);
    }

    fn run(&mut self) -> bool {
        let s = self.spec.init();
        self.go(&s)
    }

    fn go(&mut self, state: &S::State) -> bool {
        // The next op must not follow (on the clock) any op still to place: its call's key is
        // below every one of their returns' (keys: `Op::start`, `Op::end`).
        let horizon = (0..self.ops.len())
            .filter(|&i| !self.is_done(i))
            .map(|i| self.ops[i].end())
            .min();
        let Some(horizon) = horizon else { return true };
        let pending_only = (0..self.ops.len())
            .filter(|&i| !self.is_done(i))
            .all(|i| self.ops[i].result.is_none());
        if pending_only {
            return true;
        }
        for i in 0..self.ops.len() {
            if self.is_done(i) || self.ops[i].start() >= horizon {
                continue;
            }
            let Some(next) = self.spec.step(state, self.ops[i]) else {
                continue;
            };
            self.flip(i);
            if self.seen.insert((self.done.clone(), next.clone())) && self.go(&next) {
                return true;
            }
            self.flip(i);
            if self.seen.len() > self.max_states {
                return false;
            }
        }
        false
    }
}

/// The rule "each object's operations in these lines are linearizable against `spec`".
pub fn rule<S: Spec + Send + Sync + Clone + 'static>(spec: S) -> Rule {
    Rule::fold(move || Judged {
        spec: spec.clone(),
        history: HistoryBuilder::default(),
    })
}

/// The fold of [`rule`]: what it keeps of the trace is the operations' history.
struct Judged<S> {
    spec: S,
    history: HistoryBuilder,
}

impl<S: Spec + Send + Sync> Fold for Judged<S> {
    fn line(&mut self, line: &Line) {
        self.history.line(line);
    }

    fn finish(self: Box<Self>) -> Outcome {
        let spec = self.spec;
        let statement = "the operations can be ordered one at a time, each inside its call";
        let h = match self.history.finish() {
            Ok(h) => h,
            Err(e) => {
                return violated(
                    "linearizable",
                    statement,
                    "a history".into(),
                    e.to_string(),
                    vec![e.line],
                );
            }
        };
        let mut objects: BTreeMap<&str, Vec<Op>> = BTreeMap::new();
        for op in &h.ops {
            objects.entry(&op.obj).or_default().push(op.clone());
        }
        for ops in objects.values() {
            if let Err(e) = linearizable(&spec, ops) {
                let mut lines: Vec<usize> = e
                    .ops
                    .iter()
                    .flat_map(|o| [o.call, o.ret])
                    .filter(|&n| n != usize::MAX)
                    .collect();
                lines.sort_unstable();
                return violated(
                    "linearizable",
                    statement,
                    "some order".into(),
                    e.to_string(),
                    lines,
                );
            }
        }
        Outcome::Held
    }
}

/// A queue (FIFO, LIFO or priority), as a [`Spec`]; values need not be unique.
#[derive(Debug, Clone, Copy)]
pub struct Queue(pub Model);

impl Spec for Queue {
    type State = VecDeque<String>;

    fn init(&self) -> Self::State {
        VecDeque::new()
    }

    fn step(&self, state: &Self::State, op: &Op) -> Option<Self::State> {
        if op.is_put() {
            if op.raised() {
                return Some(state.clone());
            }
            let mut s = state.clone();
            match self.0 {
                Model::Priority => {
                    let at = s.partition_point(|x| {
                        crate::linear::item_cmp(x, &op.arg) != std::cmp::Ordering::Greater
                    });
                    s.insert(at, op.arg.to_string());
                }
                _ => s.push_back(op.arg.to_string()),
            }
            return Some(s);
        }
        if !op.is_get() {
            return None;
        }
        let mut s = state.clone();
        let next = match self.0 {
            Model::Lifo => s.pop_back(),
            _ => s.pop_front(),
        };
        match (op.result.as_deref(), next) {
            (None, None) => Some(s),
            (None, Some(_)) => Some(s),
            (Some(EMPTY | SHUT_DOWN), None) => Some(s),
            (Some(r), Some(v)) if r == v => Some(s),
            _ => None,
        }
    }
}

/// A register: `write x` (result `ok`) and `read` (result: the last value written; `""` first).
#[derive(Debug, Clone, Copy)]
pub struct Register;

impl Spec for Register {
    type State = String;

    fn init(&self) -> String {
        String::new()
    }

    fn step(&self, state: &String, op: &Op) -> Option<String> {
        match &*op.name {
            "write" => Some(op.arg.to_string()),
            "read" => match op.result.as_deref() {
                Some(r) if r != state => None,
                _ => Some(state.clone()),
            },
            _ => None,
        }
    }
}

/// A counter from 0: `add n` (any result) and `get` (result: the sum so far).
#[derive(Debug, Clone, Copy)]
pub struct Counter;

impl Spec for Counter {
    type State = i64;

    fn init(&self) -> i64 {
        0
    }

    fn step(&self, state: &i64, op: &Op) -> Option<i64> {
        match &*op.name {
            "add" => op.arg.parse::<i64>().ok().map(|n| state + n),
            "get" => match op.result.as_deref() {
                Some(r) if r.parse::<i64>().ok() != Some(*state) => None,
                _ => Some(*state),
            },
            _ => None,
        }
    }
}

/// A set: `add x` and `remove x` (result `true` if it changed the set, else `false`) and
/// `contains x` (`true`/`false`). Split by element: P-compositional.
#[derive(Debug, Clone, Copy)]
pub struct Set;

impl Spec for Set {
    type State = BTreeSet<String>;

    fn init(&self) -> Self::State {
        BTreeSet::new()
    }

    fn step(&self, state: &Self::State, op: &Op) -> Option<Self::State> {
        let has = state.contains(&*op.arg);
        let (answer, mut next) = (|b: bool| b.to_string(), state.clone());
        let expected = match &*op.name {
            "add" => answer(next.insert(op.arg.to_string())),
            "remove" => answer(next.remove(&*op.arg)),
            "contains" => answer(has),
            _ => return None,
        };
        match op.result.as_deref() {
            Some(r) if r != expected => None,
            _ => Some(next),
        }
    }

    fn part(&self, op: &Op) -> Option<String> {
        Some(op.arg.to_string())
    }
}
