//! A history: the operations of a trace, each with its interval on the clock (the `t_ns` of
//! its call and of its return) and the lines of its two events (for messages).
//!
//! The interval is the clock's, not the lines': a line is written when its thread gets the
//! output lock, which may be long after the clock read in its `t_ns` (a thread descheduled
//! between the two). The emitter reads the clock before it waits for the lock
//! ([`Actor::emit`](crate::Actor::emit)), so a call's `t_ns` is read before the operation
//! starts and a return's after it ends, whenever the line gets written.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use crate::read::Line;

use super::{CALL, RET};

/// One operation: who called what on which object, what it returned, its interval on the
/// clock (`t_call` to `t_ret`) and the trace lines of its call and return.
///
/// Its texts are shared (`Arc<str>`): a history of a million operations names a few actors,
/// objects and operations, and each value twice (put, then got), so [`HistoryBuilder`] keeps
/// each text once, not once per operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// The actor that called it.
    pub actor: Arc<str>,
    /// The object (empty: the cell's one queue).
    pub obj: Arc<str>,
    /// The operation: `put`, `get`, `put_nowait`, `get_timeout`...
    pub name: Arc<str>,
    /// Its argument (the item, for a put); may be empty.
    pub arg: Arc<str>,
    /// What it returned (`ok`, an item, `!Empty`...); `None` if it never returned.
    pub result: Option<Arc<str>>,
    /// Line of its call.
    pub call: usize,
    /// Line of its return; `usize::MAX` if it never returned.
    pub ret: usize,
    /// The clock (`t_ns`) of its call: read before the operation started.
    pub t_call: u64,
    /// The clock (`t_ns`) of its return, read after the operation ended; `u64::MAX` if it
    /// never returned.
    pub t_ret: u64,
}

impl Op {
    /// A returned operation on the cell's queue (for tests and generators), its clock taken
    /// from its lines: `t_call = call`, `t_ret = ret` (set them apart where they differ).
    ///
    /// ```
    /// let op = interleaving::linear::Op::new("p1", "put", "3", "ok", 1, 2);
    /// assert_eq!(op.to_string(), "p1: put(3) -> ok [lines 1-2]");
    /// assert_eq!(op.clock(), "t_ns 1-2");
    /// ```
    pub fn new(actor: &str, name: &str, arg: &str, result: &str, call: usize, ret: usize) -> Op {
        Op {
            actor: actor.into(),
            obj: Arc::from(""),
            name: name.into(),
            arg: arg.into(),
            result: Some(result.into()),
            call,
            ret,
            t_call: call as u64,
            t_ret: if ret == usize::MAX {
                u64::MAX
            } else {
                ret as u64
            },
        }
    }

    /// Where its call sits on the clock, as a key comparable with [`Op::end`]: `2 t + 0`.
    ///
    /// An operation `a` surely precedes `b` when `a.end() < b.start()`: `a` returned at a
    /// clock read strictly before the one `b` was called at. At equal `t_ns` the two reads
    /// may have happened in either order, so a call's key sorts before a return's and a tie
    /// never orders two operations. No margin is added: `CLOCK_MONOTONIC` never goes back,
    /// across cores and across processes (Python's `time.monotonic_ns()` reads the same
    /// clock on Linux), so a strictly smaller read happened strictly earlier.
    pub fn start(&self) -> u64 {
        self.t_call.saturating_mul(2)
    }

    /// Where its return sits on the clock (`2 t + 1`); `u64::MAX` if it never returned.
    pub fn end(&self) -> u64 {
        if self.t_ret == u64::MAX {
            u64::MAX
        } else {
            self.t_ret.saturating_mul(2).saturating_add(1)
        }
    }

    /// Its interval on the clock, for messages: `t_ns CALL-RET` (`t_ns CALL-` if pending).
    pub fn clock(&self) -> String {
        if self.t_ret == u64::MAX {
            format!("t_ns {}-", self.t_call)
        } else {
            format!("t_ns {}-{}", self.t_call, self.t_ret)
        }
    }

    /// Whether the clock proves it returned before `other` was called.
    pub fn precedes(&self, other: &Op) -> bool {
        self.end() < other.start()
    }

    /// Whether this is a put (`put`, `put_nowait`, `put_timeout`).
    pub fn is_put(&self) -> bool {
        self.name.starts_with("put")
    }

    /// Whether this is a get (`get`, `get_nowait`, `get_timeout`).
    pub fn is_get(&self) -> bool {
        self.name.starts_with("get")
    }

    /// Whether it raised (`!Empty`, `!Full`, `!ShutDown`).
    pub fn raised(&self) -> bool {
        self.result.as_deref().is_some_and(|r| r.starts_with('!'))
    }

    /// The item a get returned (not an exception, not pending).
    pub fn got(&self) -> Option<&str> {
        self.result.as_deref().filter(|r| !r.starts_with('!'))
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let obj = if self.obj.is_empty() {
            String::new()
        } else {
            format!("{}.", self.obj)
        };
        write!(f, "{}: {obj}{}({})", self.actor, self.name, self.arg)?;
        match &self.result {
            Some(r) => write!(f, " -> {r} [lines {}-{}]", self.call, self.ret),
            None => write!(f, " pending [line {}-]", self.call),
        }
    }
}

/// The operations of a trace, in the order of their calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Every operation, pending ones included.
    pub ops: Vec<Op>,
}

/// Why trace lines are not a history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct HistoryError {
    /// 1-based trace line.
    pub line: usize,
    /// What was wrong.
    pub reason: String,
}

impl History {
    /// The history of `lines`: each actor's `call` paired with its next `ret` (see
    /// [`HistoryBuilder`], which reads them one at a time).
    ///
    /// ```
    /// use interleaving::{Trace, linear::History};
    /// let t = Trace::from_steps([("p", "call", "put 1"), ("p", "ret", "put ok")]);
    /// let h = History::from_lines(&t.lines).unwrap();
    /// assert_eq!(h.ops[0].to_string(), "p: put(1) -> ok [lines 1-2]");
    /// ```
    pub fn from_lines(lines: &[Line]) -> Result<History, HistoryError> {
        // Counted first, so the vector is allocated once: grown by doubling, its last move
        // would hold the old half and the new whole at once.
        let calls = lines.iter().filter(|l| l.event.kind == CALL).count();
        let mut b = HistoryBuilder::default();
        b.ops.reserve_exact(calls);
        for l in lines {
            b.line(l);
        }
        b.finish()
    }
}

/// A [`History`] built from lines given one at a time: what a rule that checks operations
/// keeps of a trace is their history (one [`Op`] per call), never the lines. The first line
/// that does not pair up is kept as the error, and the rest is ignored.
///
/// ```
/// use interleaving::{Trace, linear::HistoryBuilder};
/// let t = Trace::from_steps([("p", "call", "put 1"), ("p", "ret", "get 1")]);
/// let mut b = HistoryBuilder::default();
/// for l in &t.lines {
///     b.line(l);
/// }
/// assert!(b.finish().unwrap_err().to_string().contains("but called put"));
/// ```
#[derive(Debug, Default)]
pub struct HistoryBuilder {
    ops: Vec<Op>,
    /// Each text once: actors, objects, operations, values (see [`Op`]).
    texts: HashSet<Arc<str>>,
    /// (actor, pid) -> index of its open call.
    open: HashMap<(Arc<str>, u32), usize>,
    error: Option<HistoryError>,
}

impl HistoryBuilder {
    /// Reads one line: a `call` opens an operation of its actor, a `ret` closes it.
    pub fn line(&mut self, l: &Line) {
        if self.error.is_some() {
            return;
        }
        let e = &l.event;
        let (is_call, is_ret) = (e.kind == CALL, e.kind == RET);
        if !is_call && !is_ret {
            return;
        }
        let err = |reason: String| Some(HistoryError { line: l.no, reason });
        let key = (self.texts.once(&e.actor), e.pid);
        let ops = &mut self.ops;
        if is_call {
            let (op, arg) = split(&e.value);
            if let Some(&i) = self.open.get(&key) {
                self.error = err(format!(
                    "{} calls {op} while its {} of line {} has not returned",
                    e.actor, ops[i].name, ops[i].call
                ));
                return;
            }
            let (obj, name) = op.rsplit_once('.').unwrap_or(("", op));
            let actor = key.0.clone();
            self.open.insert(key, ops.len());
            ops.push(Op {
                actor,
                obj: self.texts.once(obj),
                name: self.texts.once(name),
                arg: self.texts.once(arg),
                result: None,
                call: l.no,
                ret: usize::MAX,
                t_call: e.t_ns,
                t_ret: u64::MAX,
            });
            return;
        }
        let (op, result) = split(&e.value);
        let Some(i) = self.open.remove(&key) else {
            self.error = err(format!("{} returns from {op} it never called", e.actor));
            return;
        };
        let o = &mut ops[i];
        let (_, name) = op.rsplit_once('.').unwrap_or(("", op));
        if name != &*o.name {
            self.error = err(format!(
                "{} returns from {op} but called {} at line {}",
                e.actor, o.name, o.call
            ));
            return;
        }
        if e.t_ns < o.t_call {
            self.error = err(format!(
                "{} returns from {op} at t_ns {}, before its call at line {} (t_ns {})",
                e.actor, e.t_ns, o.call, o.t_call
            ));
            return;
        }
        o.result = Some(self.texts.once(result));
        o.ret = l.no;
        o.t_ret = e.t_ns;
    }

    /// The history, or the first line that did not pair up.
    pub fn finish(mut self) -> Result<History, HistoryError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.ops.shrink_to_fit();
        Ok(History { ops: self.ops })
    }
}

/// A set of shared texts: each text made once, then handed out again.
trait Once {
    fn once(&mut self, text: &str) -> Arc<str>;
}

impl Once for HashSet<Arc<str>> {
    fn once(&mut self, text: &str) -> Arc<str> {
        if let Some(t) = self.get(text) {
            return t.clone();
        }
        let t: Arc<str> = Arc::from(text);
        self.insert(t.clone());
        t
    }
}

fn split(value: &str) -> (&str, &str) {
    value.split_once(' ').unwrap_or((value, ""))
}
