//! Python generators with PEP 342 semantics (`send`, `throw`, `close`) on stackful
//! coroutines: the notebook's coroutine cells (In \[20\] to In \[32\]) in Rust.
//!
//! Python's generator is a function whose frame can pause at `yield` and be resumed later;
//! PEP 342 turned it into a coroutine: `x = yield v` hands `v` out and takes `x` in
//! (`send`), `throw` raises inside it, `close` asks it to stop with `GeneratorExit`. Stable
//! Rust has no generators, so [`Generator`] builds them: the body is a closure running on its
//! own small stack (a `corosensei` coroutine), and each `yield`/`send` switches stacks, on one
//! thread. Nothing runs in parallel: this is cooperative multitasking, the idea under asyncio.
//!
//! | Python | Rust |
//! |---|---|
//! | `def gen(): ... x = yield v ...` | `Generator::new("gen", \|co\| { let x = co.yield_(v)?; ... })` |
//! | `next(g)` | `g.advance()` (or `Iterator::next` when nothing is sent) |
//! | `g.send(x)` | `g.send(x)` |
//! | `g.throw(ValueError("m"))` | `g.throw(Exception::new("ValueError", "m"))` |
//! | `g.close()` | `g.close()` |
//! | `except GeneratorExit:` | `Err(Exception::GeneratorExit) => ...` at `co.yield_` |
//! | `StopIteration(value)` | `Err(GenError::StopIteration(Some(value)))` |
//! | `r = yield from inner()` | `let r = co.yield_from(inner)?;` (`None` if `inner` had finished) |
//! | `yield from iterable` | `co.yield_all(iterable)?;` (a `send` raises `AttributeError`) |
//! | `inspect.getgeneratorstate(g)` | `g.state()` |
//!
//! # Why stackful coroutines
//!
//! A Python generator's body is ordinary code that may `yield` anywhere: in a loop, in a
//! `try`, in a helper it calls through `yield from`. The choices in Rust:
//! - nightly's `Coroutine` trait and `gen` blocks: the real thing, but unstable (Rust 2024
//!   already reserves the keyword `gen`, so do not name a variable `gen`);
//! - stackless generators built on `async`/`await` (the `genawaiter` crate): stable, but every
//!   function that yields must be `async` and awaited, a colour Python's generators do not have;
//! - a thread per generator, handing values over a channel: easy, but each switch costs a
//!   system call or two (microseconds), and the generator could run in parallel, which a
//!   Python generator never does;
//! - a stackful coroutine (`corosensei`): the body gets a real stack of its own, so it is
//!   plain Rust, values go both ways at each switch, and a switch costs a few nanoseconds on
//!   the same thread. Its cost is the stack itself, which we pool ([`Stack`]).
//!
//! We take the last.
//!
//! What Python checks at run time, Rust often checks at compile time: the send type is part
//! of the generator's type (no `"Cool:" + 42` at run time), a generator cannot be moved to
//! another thread (its stack might hold an `Rc`), and Python's "generator already executing"
//! cannot happen, since `send` borrows the generator mutably while its body runs.
//!
//! Run the lesson with `cargo run -p coroutines` (`--list`, `--cell N`, `--trace`).
//!
//! # Trace kinds
//!
//! Besides the shared kinds (`print`, `cell`, `start`...), the lesson's trace uses
//! (see [`kinds`] and [`Traced`]): by the caller, `send` (value: the repr of what was sent,
//! `None` for `next`), `throw` (the exception's repr), `close`, and `error` (a call refused
//! without running the body: the `TypeError` of a send before priming, the `RuntimeError` of
//! an ignored `GeneratorExit`, `StopIteration` from a finished generator); by the generator
//! (the actor named after it), `yield` (the repr of the value yielded), `return` (the repr of
//! the return value) and `raise` (the exception that escaped the body).

pub mod cells;
mod co;
mod error;
mod generator;
mod iter;
pub mod notebook;
pub mod properties;
mod repr;
pub mod scheduler;
mod stack;
mod state;
mod traced;

pub use co::Co;
pub use error::{Exception, GenError};
pub use generator::Generator;
pub use repr::Repr;
pub use stack::{DEFAULT_STACK_SIZE, POOL_CAPACITY, Stack, pooled};
pub use state::{State, Watcher};
pub use traced::Traced;

/// The trace kinds of this lesson (the module docs say who emits each).
pub mod kinds {
    /// Caller: `next(g)` (value `None`) or `g.send(x)` (value: the repr of `x`).
    pub const SEND: &str = "send";
    /// Caller: `g.throw(e)` (value: the repr of `e`).
    pub const THROW: &str = "throw";
    /// Caller: `g.close()`.
    pub const CLOSE: &str = "close";
    /// Caller: a call refused without running the body (value: the error).
    pub const ERROR: &str = "error";
    /// Generator: its body yielded (value: the repr of what it yielded).
    pub const YIELD: &str = "yield";
    /// Generator: its body returned (value: the repr of what it returned).
    pub const RETURN: &str = "return";
    /// Generator: an exception escaped its body (value: the exception's repr).
    pub const RAISE: &str = "raise";
}
