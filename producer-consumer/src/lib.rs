//! Python's `queue.Queue`, built from one `Mutex` and three `Condvar`s, checked with loom,
//! and the notebook's producer and consumer (cells `In [13]` to `In [19]`) on top of it.
//!
//! The notebook says "a queue in python is inbuilt with mutex". Here we build that queue
//! ourselves, with Python's method names so the mapping is the lesson: [`Queue::new`]`(maxsize)`,
//! `put`, `put_timeout`, `put_nowait`, `get`, `get_timeout`, `get_nowait`, `qsize`, `empty`,
//! `full`, `task_done`, `join`, `shutdown(immediate)`, `is_shutdown`; [`LifoQueue`] and
//! [`PriorityQueue`] change only the order items come out. Python's exceptions are types:
//! [`PutError::Full`] (the item comes back), [`GetError::Empty`], [`ShutDown`], and
//! [`TaskDoneError`] for a `task_done()` too many.
//!
//! Every std sync type sits behind `src/sync.rs`, so `RUSTFLAGS="--cfg loom"` swaps in loom's
//! and `tests/loom_*.rs` check the queue under every interleaving of 2-3 threads; one of them
//! shows loom catching the check-then-wait bug of [`broken::IfQueue`].
//!
//! The notebook's consumer "runs indefinitely", so its `join` never returns. Ours ends
//! cleanly: the producer's side calls `shutdown(false)`, the consumer drains what is left and
//! its `get` returns `Err(ShutDown)`.
//!
//! ## How fast
//! `cargo bench -p producer-consumer --bench queue_throughput` compares, in one run, our
//! `Queue`, the same design without its tricks (Python's), crossbeam-channel and
//! `std::sync::mpsc`, 1->1 and 4->4, bounded 1024 and unbounded. Measured here (shared 2-core
//! machine, noisy): ours about 60% of crossbeam on 1->1 and 10x the naive queue; the module
//! docs of `queue.rs` say what each trick bought.
//!
//! ## Trace kinds
//! Besides the shared `print`, `write`, `cell`, `start`, `join`, `exit`:
//! - `put`: a producer is about to call `put`; value: the item (`"3"`, or `"p1:17"` for
//!   producer 1's item 17).
//! - `full`: `put_nowait` found the bounded queue full; value: the item, put next with a
//!   blocking `put`.
//! - `getting`: a consumer is about to call `get`; value: how many gets it called before.
//! - `get`: a consumer's `get` returned; value: the item.
//! - `done`: a consumer called `task_done` for the item in value.
//! - `shutdown`: main shut the queue down; value: `graceful` or `immediate`.
//! - `send` / `recv`: the same as `put` / `get`, on a crossbeam channel.
//! - `timeout`: a `select!` gave up waiting; value: how long it waited.
//! - `exit`: a consumer ended; value: why (`shutdown`, `disconnected`).
//! - `summary` (`--forever` only): value `produced=N consumed=N`.
//! - `call` / `ret`: a queue operation began / returned ([`Traced`]; the vocabulary of
//!   [`interleaving::linear`]: `"put 3"` then `"put ok"`, `"get"` then `"get 3"` or
//!   `"get !ShutDown"`), so the checker sees each operation's interval and can decide
//!   linearizability. The `put` and `get` events above stay, just outside each interval.

pub mod broken;
pub mod cells;
mod error;
pub mod forever;
mod lanes;
pub mod properties;
mod queue;
pub mod ring;
mod store;
mod sync;
mod traced;

pub use error::{GetError, PutError, ShutDown, TaskDoneError};
pub use lanes::Lanes;
pub use queue::{GenericQueue, LifoQueue, PriorityQueue, Queue};
pub use store::{Fifo, Lifo, Lowest, Store};
pub use traced::Traced;

/// The crate's own trace kinds (see the crate docs).
pub mod kinds {
    /// A producer is about to call `put`; value: the item.
    pub const PUT: &str = "put";
    /// `put_nowait` found the queue full; value: the item.
    pub const FULL: &str = "full";
    /// A consumer is about to call `get`; value: how many gets it called before.
    pub const GETTING: &str = "getting";
    /// A consumer's `get` returned; value: the item.
    pub const GET: &str = "get";
    /// A consumer called `task_done`; value: the item.
    pub const DONE: &str = "done";
    /// Main shut the queue down; value: `graceful` or `immediate`.
    pub const SHUTDOWN: &str = "shutdown";
    /// A producer sent on a crossbeam channel; value: the item.
    pub const SEND: &str = "send";
    /// A consumer received from a crossbeam channel; value: the item.
    pub const RECV: &str = "recv";
    /// A `select!` timed out; value: how long it waited.
    pub const TIMEOUT: &str = "timeout";
    /// The `--forever` run's final counts: `produced=N consumed=N`.
    pub const SUMMARY: &str = "summary";
}
