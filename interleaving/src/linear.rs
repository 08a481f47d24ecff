//! Linearizability of queue histories: could the operations have happened one at a time, each
//! at some instant between its call and its return, in an order a sequential queue allows?
//!
//! A Python programmer trusts `queue.Queue` because "it has a mutex inside". What that buys is
//! this property: however the threads overlap, every run looks as if each `put` and `get` took
//! effect at one instant inside its call. A queue that keeps one lane per producer keeps each
//! producer's order and still fails it: it can hand out `b` before `a` although `put(a)`
//! returned before `put(b)` began.
//!
//! ## The events (SPEC section 3)
//! An operation on a shared object is two events of the actor that performs it:
//! - [`CALL`] (`"call"`), value `"OP ARG"`: the call began (`"put 3"`, `"get"`,
//!   `"get_nowait"`, `"put_timeout p1:7"`). `OP` may be prefixed by an object, `"jobs.put 3"`;
//!   without one, the object is the unnamed queue of the cell.
//! - [`RET`] (`"ret"`), value `"OP RESULT"`: it returned. A result is [`OK`] for a `put`, the
//!   item for a `get`, or an exception: [`EMPTY`], [`FULL`], [`SHUT_DOWN`] (`"get !Empty"`).
//!
//! An actor has at most one call open at a time, so each `ret` closes its actor's open
//! `call`; a `call` without its `ret` is an operation still pending when the trace ended.
//!
//! ## Intervals come from the clock
//! An operation's interval is the `t_ns` of its call to the `t_ns` of its return (SPEC
//! section 3). [`call`] reads the clock before the operation starts and [`ret`] after it
//! ends ([`Actor::emit`](crate::Actor::emit) stamps `t_ns` before it waits for the output
//! lock). The lines are not the interval: a thread that read the clock may wait long for the
//! output lock (descheduled, or behind other writers), so its `ret` line can land thousands of
//! lines after operations that began later. Lines are sound but loose; the clock is what a
//! run proves. `a` precedes `b` only when `a`'s return read is strictly below `b`'s call read
//! ([`Op::precedes`]): equal reads order nothing, and no margin is added, since
//! `CLOCK_MONOTONIC` never goes back across cores. It is one clock for every process on the
//! machine, so a history may mix processes (a `multiprocessing` queue, the Python reference,
//! whose `time.monotonic_ns()` reads `CLOCK_MONOTONIC` on Linux). Messages name operations
//! by their lines and their `t_ns`.
//!
//! ## The monitor
//! With unique values, a queue history is linearizable iff it has none of a few small bad
//! patterns (Henzinger, Sezgin, Vafeiadis, CONCUR 2013; Emmi, Enea, POPL 2018), which
//! [`check`] finds in O(n log n):
//! - **fresh**: a value got that was never put, or got before its put began;
//! - **repeated**: a value got twice;
//! - **order** (FIFO): `put(a)` returned before `put(b)` began, yet `b` was got before `a`
//!   (its get returned before a's began, or `a` was never got);
//! - **covered**: a get answered `Empty` (or `b`, for LIFO and priority) while at every instant
//!   of it some value was surely in the queue (or some value that had to come out first): put
//!   returned, get not yet called.
//!
//! For FIFO and priority queues the patterns are exact: `tests/linear_vs_wgl.rs` checks them
//! against the general search ([`crate::wgl`]) on thousands of random histories. For LIFO
//! they are sound but not complete (a stack also needs chains of "pushed above" that they do
//! not follow), and so are they with a get still pending when the trace ended (it may have
//! taken any one of the values never got). [`decide`], which the [`linearizable`] rule uses,
//! is exact for every model: where the patterns find nothing but may have missed something,
//! it runs the search (bounded; it says when it gave up).
//!
//! A failed `put` (`Full`, `ShutDown`) changed nothing and is left out (whether the queue was
//! really full is not checked); `ShutDown` from a `get` is checked like `Empty`, as a
//! graceful shutdown answers it only once the queue is empty.
//!
//! ```
//! use interleaving::{Trace, linear::{self, Model}};
//! // put(a) returned before put(b) began, yet b came out first: no FIFO order explains it.
//! let t = Trace::from_steps([
//!     ("p1", "call", "put a"), ("p1", "ret", "put ok"),
//!     ("p2", "call", "put b"), ("p2", "ret", "put ok"),
//!     ("c1", "call", "get"), ("c1", "ret", "get b"),
//!     ("c1", "call", "get"), ("c1", "ret", "get a"),
//! ]);
//! let h = linear::History::from_lines(&t.lines).unwrap();
//! let found = linear::check(&h, Model::Fifo).unwrap_err();
//! assert_eq!(found.pattern, linear::Pattern::Order);
//! assert!(linear::check(&h, Model::Lifo).is_ok()); // a stack may do just that
//! ```

pub mod consumer_group;
mod cover;
mod exact;
mod history;
mod monitor;

use std::fmt::Display;

pub use exact::{Decision, MAX_SEARCH_OPS, MAX_STATES, decide};
pub use history::{History, HistoryBuilder, HistoryError, Op};
pub use monitor::{Finding, Pattern, check, item_cmp};

use crate::emit::Actor;
use crate::fold::Fold;
use crate::read::Line;
use crate::rule::{Outcome, Rule, violated};

/// Event kind: an operation was called; value `"OP ARG"`.
pub const CALL: &str = "call";
/// Event kind: an operation returned; value `"OP RESULT"`.
pub const RET: &str = "ret";
/// The result of a `put` that went in.
pub const OK: &str = "ok";
/// Python's `queue.Empty`: nothing to get (`get_nowait`, or a timeout ran out).
pub const EMPTY: &str = "!Empty";
/// Python's `queue.Full`: no room for the item (`put_nowait`, or a timeout ran out).
pub const FULL: &str = "!Full";
/// Python's `queue.ShutDown` (3.13).
pub const SHUT_DOWN: &str = "!ShutDown";

/// The sequential object a history is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// First in, first out: Python's `queue.Queue`, `asyncio.Queue`, `multiprocessing.Queue`.
    Fifo,
    /// Last in, first out: `queue.LifoQueue`.
    Lifo,
    /// Lowest first: `queue.PriorityQueue` (items compared as integers when both are, else
    /// as strings).
    Priority,
}

impl Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Model::Fifo => "FIFO queue",
            Model::Lifo => "LIFO queue",
            Model::Priority => "priority queue",
        })
    }
}

/// Records that `actor` calls `op` with `arg` (empty for none): one [`CALL`] event. Call it
/// just before the operation: its `t_ns`, the start of the operation's interval, is read here,
/// before the line waits for the output lock.
///
/// ```
/// use interleaving::{Actor, linear};
/// let me = Actor::new("producer-1");
/// linear::call(&me, "put", 3);      // {"kind":"call","value":"put 3"}
/// linear::ret(&me, "put", linear::OK);
/// ```
pub fn call(actor: &Actor, op: &str, arg: impl Display) {
    let mut value = format!("{op} {arg}");
    if value.ends_with(' ') {
        value.pop();
    }
    actor.emit(CALL, value);
}

/// Records that `actor`'s open call of `op` returned `result`: one [`RET`] event. Call it
/// just after the operation: its `t_ns`, the end of the interval, is read at once, however
/// long the line then waits to be written.
pub fn ret(actor: &Actor, op: &str, result: impl Display) {
    actor.emit(RET, format!("{op} {result}"));
}

/// The rule "every object's history in these lines is linearizable against `model`", for
/// [`Property::new`](crate::Property::new). Fails on a cell without any operation, on lines
/// that are not a history (a `ret` without a `call`), and on a bad pattern, naming its
/// operations with their lines.
///
/// ```
/// use interleaving::{check, Property, Trace, linear::{self, Model}};
/// let p = Property::new("linearizable", linear::linearizable(Model::Fifo));
/// let t = Trace::from_steps([
///     ("c", "call", "get"),
///     ("p", "call", "put 1"), ("p", "ret", "put ok"),
///     ("c", "ret", "get !Empty"),
/// ]);
/// // The get may have found the queue empty before put(1) took effect.
/// assert!(check(&t, &[p.clone()]).is_ok());
/// let t = Trace::from_steps([
///     ("p", "call", "put 1"), ("p", "ret", "put ok"),
///     ("c", "call", "get"), ("c", "ret", "get !Empty"),
/// ]);
/// assert!(check(&t, &[p]).to_string().contains("covered"));
/// ```
pub fn linearizable(model: Model) -> Rule {
    Rule::fold(move || Linearizable {
        model,
        history: HistoryBuilder::default(),
    })
}

/// The fold of [`linearizable`]: what it keeps of the trace is the operations' history.
struct Linearizable {
    model: Model,
    history: HistoryBuilder,
}

impl Fold for Linearizable {
    fn line(&mut self, line: &Line) {
        self.history.line(line);
    }

    fn finish(self: Box<Self>) -> Outcome {
        judge(self.history.finish(), self.model)
    }
}

fn judge(history: Result<History, HistoryError>, model: Model) -> Outcome {
    let statement = format!(
        "the queue operations can be ordered one at a time, each inside its call, as a \
         sequential {model} allows"
    );
    let history = match history {
        Ok(h) => h,
        Err(e) => {
            return violated(
                "linearizable",
                &statement,
                "calls and returns that pair up".into(),
                e.to_string(),
                vec![e.line],
            );
        }
    };
    if history.ops.is_empty() {
        return violated(
            "linearizable",
            &statement,
            "at least one `call` event".into(),
            "none in the trace".into(),
            vec![],
        );
    }
    match decide(&history, model) {
        Decision::Linearizable => Outcome::Held,
        Decision::Violated(f) => violated(
            "linearizable",
            &statement,
            format!("no {} pattern", f.pattern),
            f.to_string(),
            f.lines(),
        ),
        // Not a verdict either way: recorded, so it is seen, never a false failure.
        Decision::Undecided(why) => Outcome::Observed(format!(
            "no bad pattern found; undecided: {why} ({} operations)",
            history.ops.len()
        )),
    }
}
