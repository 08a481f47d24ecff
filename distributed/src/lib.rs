//! The producer-consumer and `Pool.map` past one machine: a real `redis-server`, its Streams
//! and consumer groups, worker processes that may die.
//!
//! The notebook's `queue.Queue` lives in one process. Past one machine, a Python programmer
//! reaches for a broker (Celery or RQ on Redis); this crate uses the broker's own primitive,
//! a Redis stream with a consumer group, through the `redis` crate, and says what changes:
//!
//! - **no shared clock**: the order of the stream is the ids the server gives (`XADD` returns
//!   `MILLISECONDS-SEQUENCE`), not anyone's `t_ns`;
//! - **partial failure**: a worker can die holding an item, and the others go on;
//! - **at-least-once**: an item read but never acknowledged is delivered again
//!   (`XAUTOCLAIM`), so a sink that must see each effect once has to be idempotent.
//!
//! [`Broker`] names the calls after Python's queue (`put` is `XADD`, `get` is `XREADGROUP`,
//! `task_done` is `XACK`); [`worker::serve`] is the loop a worker runs; [`EmbeddedServer`]
//! starts a `redis-server` of our own on a free port, with no persistence, and removes it.
//! [`lease`] keeps one lesson per key prefix on a server; [`cleanup`] stops what a run started
//! when it is interrupted, and [`leftovers`] removes what a run killed outright left.
//!
//! ## Trace kinds
//! Besides the shared `print`, `cell`, `start`, `join`, `exit` (a worker ended; value
//! `end-marker` or `drained`) and `knob`, see [`kinds`]. Entries are named `"ITEM ID"`
//! (`"3 1732950000000-0"`, or `"end ID"` for the end marker), so the stream id, the only
//! order every machine agrees on, is in the trace.
//!
//! Each stream command of the producer and the workers is also recorded as a `call` just
//! before and a `ret` just after (`xadd ITEM` -> `xadd ID`, `xreadgroup` / `xautoclaim` ->
//! `OP ITEM ID` or `OP !Empty`, `xack ITEM ID` -> `xack 1`), the vocabulary of
//! `interleaving::linear::consumer_group`, whose model of a consumer group every cell is
//! checked against.

pub mod broker;
pub mod cells;
pub mod cleanup;
mod error;
pub mod hosts;
pub mod lease;
pub mod leftovers;
pub mod partition_rules;
pub mod process;
pub mod properties;
pub mod reconnect;
pub mod reconnect_rules;
pub mod restart_rules;
mod rules;
pub mod server;
pub mod stall;
mod stream_reply;
pub mod worker;

pub use broker::{Body, Broker, Entry};
pub use error::BrokerError;
pub use server::EmbeddedServer;

/// The crate's own trace kinds.
pub mod kinds {
    /// The producer is about to `XADD`; value: the item (`3`, or `end`).
    pub const ADDING: &str = "adding";
    /// `XADD` returned; value: `"ITEM ID"`.
    pub const ADD: &str = "add";
    /// The producer said it has no more (`SET stream:done`).
    pub const DONE: &str = "done";
    /// `XREADGROUP` gave this worker an entry; value: `"ITEM ID"`.
    pub const READ: &str = "read";
    /// `XAUTOCLAIM` gave this worker an entry another consumer left; value: `"ITEM ID"`.
    pub const CLAIM: &str = "claim";
    /// The worker did the work for an entry; value: `"ITEM ID"`.
    pub const PROCESS: &str = "process";
    /// The idempotent sink took the result (`HSETNX` wrote it); value: the item.
    pub const STORED: &str = "stored";
    /// The sink already had the item's result and kept it; value: the item.
    pub const SKIPPED: &str = "skipped";
    /// The worker is about to `XACK`; value: `"ITEM ID"`.
    pub const ACKING: &str = "acking";
    /// `XACK` removed the entry from the pending list; value: `"ITEM ID"`.
    pub const ACK: &str = "ack";
    /// A worker told to die holds this entry, processed and not acknowledged.
    pub const HOLD: &str = "hold";
    /// `main` killed a worker with SIGKILL and reaped it; value: its name.
    pub const KILL: &str = "kill";
    /// A `Pool.map` worker sent a result back; value: `"INDEX ok VALUE"` or
    /// `"INDEX err MESSAGE"`.
    pub const REPLY: &str = "reply";
    /// `main` received a result, in arrival order; value as for `reply`.
    pub const RESULT: &str = "result";
    /// `Pool.map` returned; value: the results in input order, `"0, 1, 4, err, 16"`.
    pub const MAP: &str = "map";
    /// The producer found the backlog at its bound and waits; value: `backlog=N`.
    pub const WAIT: &str = "wait";
    /// The producer found room again; value: `backlog=N`.
    pub const RESUME: &str = "resume";
    /// `main` took a host's link down (a partition); value: the worker cut off.
    pub const CUT: &str = "cut";
    /// `main` is about to bring the link back; value: the worker joined again.
    pub const HEAL: &str = "heal";
    /// `XACK` arrived and removed nothing: another consumer had claimed the entry and
    /// acknowledged it first; value: `"ITEM ID"`.
    pub const LATE_ACK: &str = "late-ack";
    /// `main` killed `redis-server` with SIGKILL; value: the persistence setting.
    pub const CRASH: &str = "crash";
    /// `redis-server` answers again, on the same directory; value: the setting.
    pub const RESTART: &str = "restart";
    /// `main` took an RDB snapshot (`SAVE`); value: `SETTING adds=N` (the adds before it).
    pub const SNAPSHOT: &str = "snapshot";
    /// What survived a restart; value:
    /// `SETTING adds=N adds_kept=N acks=N acks_kept=N`.
    pub const SURVIVED: &str = "survived";
    /// After a restart, the producer added again (the workers take it); value: `"ITEM ID"`.
    pub const GO_ON: &str = "go-on";
    /// A worker lost its connection (the broker went away) and connected again; value:
    /// `tries=N` (how many tries it took).
    pub const RECONNECT: &str = "reconnect";
    /// The broker-restart cell begins one persistence setting; value: its name.
    pub const SETTING: &str = "setting";
    /// After a restart, an entry the server still has and nobody acknowledged (so it must be
    /// processed again); value: `"ITEM ID"`.
    pub const KEPT: &str = "kept";
    /// A cell could not run on this machine; value: why (its properties say skipped).
    pub const SKIP: &str = "skip";
}
