//! A history: the operations of a trace, each with the lines of its call and its return.

use std::collections::HashMap;
use std::fmt;

use crate::read::Line;

use super::{CALL, RET};

/// One operation: who called what on which object, what it returned, and the trace lines of
/// its call and return (its interval).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// The actor that called it.
    pub actor: String,
    /// The object (empty: the cell's one queue).
    pub obj: String,
    /// The operation: `put`, `get`, `put_nowait`, `get_timeout`...
    pub name: String,
    /// Its argument (the item, for a put); may be empty.
    pub arg: String,
    /// What it returned (`ok`, an item, `!Empty`...); `None` if it never returned.
    pub result: Option<String>,
    /// Line of its call.
    pub call: usize,
    /// Line of its return; `usize::MAX` if it never returned.
    pub ret: usize,
}

impl Op {
    /// A returned operation on the cell's queue (for tests and generators).
    ///
    /// ```
    /// let op = interleaving::linear::Op::new("p1", "put", "3", "ok", 1, 2);
    /// assert_eq!(op.to_string(), "p1: put(3) -> ok [lines 1-2]");
    /// ```
    pub fn new(actor: &str, name: &str, arg: &str, result: &str, call: usize, ret: usize) -> Op {
        Op {
            actor: actor.into(),
            obj: String::new(),
            name: name.into(),
            arg: arg.into(),
            result: Some(result.into()),
            call,
            ret,
        }
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
    /// Pairs each `ret` with its actor's open `call`. Other events are skipped.
    ///
    /// ```
    /// use interleaving::{Trace, linear::History};
    /// let t = Trace::from_steps([("c", "call", "get"), ("c", "ret", "get 7")]);
    /// let h = History::from_lines(&t.lines).unwrap();
    /// assert_eq!(h.ops[0].got(), Some("7"));
    /// let t = Trace::from_steps([("c", "ret", "get 7")]);
    /// assert!(History::from_lines(&t.lines).is_err());
    /// ```
    pub fn from_lines(lines: &[Line]) -> Result<History, HistoryError> {
        let mut ops: Vec<Op> = Vec::new();
        // (actor, pid) -> index of its open call.
        let mut open: HashMap<(&str, u32), usize> = HashMap::new();
        for l in lines {
            let e = &l.event;
            let err = |reason: String| HistoryError { line: l.no, reason };
            let key = (e.actor.as_str(), e.pid);
            if e.kind == CALL {
                let (op, arg) = split(&e.value);
                if let Some(&i) = open.get(&key) {
                    return Err(err(format!(
                        "{} calls {op} while its {} of line {} has not returned",
                        e.actor, ops[i].name, ops[i].call
                    )));
                }
                let (obj, name) = op.rsplit_once('.').unwrap_or(("", op));
                open.insert(key, ops.len());
                ops.push(Op {
                    actor: e.actor.clone(),
                    obj: obj.into(),
                    name: name.into(),
                    arg: arg.into(),
                    result: None,
                    call: l.no,
                    ret: usize::MAX,
                });
            } else if e.kind == RET {
                let (op, result) = split(&e.value);
                let Some(i) = open.remove(&key) else {
                    return Err(err(format!(
                        "{} returns from {op} it never called",
                        e.actor
                    )));
                };
                let o = &mut ops[i];
                let (_, name) = op.rsplit_once('.').unwrap_or(("", op));
                if name != o.name {
                    return Err(err(format!(
                        "{} returns from {op} but called {} at line {}",
                        e.actor, o.name, o.call
                    )));
                }
                o.result = Some(result.into());
                o.ret = l.no;
            }
        }
        Ok(History { ops })
    }
}

fn split(value: &str) -> (&str, &str) {
    value.split_once(' ').unwrap_or((value, ""))
}
