//! The event kinds this lesson adds to [`interleaving::kinds`] (`print`, `write`, `cell`,
//! `start`, `exit`, `join`). Each is the `kind` of a trace line; the comment says what its
//! `value` holds.

/// `main` is about to await a coroutine; value: its name.
pub const AWAIT: &str = "await";
/// A task began to sleep; value: its name.
pub const SLEEP: &str = "sleep";
/// A task woke from its sleep; value: its name.
pub const WAKE: &str = "wake";
/// A duration measured inside the program; value: `name=microseconds` (`gathered=30412`).
pub const ELAPSED: &str = "elapsed";
/// `main` passed a task to `gather`; value: the task's name, in argument order.
pub const ARG: &str = "arg";
/// `main` got a task's result back from `gather`; value: the task's name, in result order.
pub const RESULT: &str = "result";
/// A task finished its work; value: what it returned.
pub const DONE: &str = "done";
/// A [`crate::Finally`] guard ran; value: `cancelled` (dropped before finishing) or `finished`.
pub const CLEANUP: &str = "cleanup";
/// `main` gave up waiting (`TimeoutError`); value: on what.
pub const TIMEOUT: &str = "timeout";
/// `main` saw a task end cancelled (`CancelledError`); value: the task's name.
pub const CANCEL: &str = "cancel";
/// `main` saw a task fail; value: the task's name.
pub const ERROR: &str = "error";
/// `main` raised the group's error after every sibling ended; value: the error.
pub const RAISE: &str = "raise";
/// `main` spawned a task; value: its name.
pub const SPAWN: &str = "spawn";
/// The number of semaphore permits (K); value: K.
pub const PERMITS: &str = "permits";
/// A task got a permit and is inside the guarded region; value: its name.
pub const ENTER: &str = "enter";
/// A task is about to give its permit back; value: its name.
pub const LEAVE: &str = "leave";
/// The queue's capacity; value: the number of slots.
pub const CAPACITY: &str = "capacity";
/// A producer is putting an item (emitted before `send`); value: the item.
pub const PUT: &str = "put";
/// The consumer got an item (emitted after `recv`); value: the item.
pub const GET: &str = "get";
/// A ticker task ticked.
pub const TICK: &str = "tick";
/// A task begins to block its thread; value: how.
pub const BLOCK: &str = "block";
/// The blocking call returned.
pub const UNBLOCK: &str = "unblock";
/// `main` begins a round of the determinism cell; value: `current_thread N` or `multi_thread N`.
pub const ROUND: &str = "round";
/// A task took one step; value: `a0`, `b2`...
pub const STEP: &str = "step";
/// The server is listening (the port is left out: it varies).
pub const LISTEN: &str = "listen";
/// The server accepted a connection; value: the connection's actor (`conn-7`).
pub const ACCEPT: &str = "accept";
/// A connection sends a line back (emitted before writing it); value: the line, without `\n`.
pub const ECHO: &str = "echo";
/// A connection refused input (garbage, a partial line, a line too long); value: why.
pub const REJECT: &str = "reject";
/// A client sends a line (emitted before writing it); value: the line.
pub const SEND: &str = "send";
/// A client got its echo back; value: the line.
pub const RECV: &str = "recv";
/// A stop was asked (by `main` or `ctrl-c`), or the server began it; value: why, or how
/// many connections were still open.
pub const SHUTDOWN: &str = "shutdown";
/// The server stopped, after every connection ended; value: how many it served.
pub const STOPPED: &str = "stopped";
/// `main`'s `await q.join()` returned: every item had its `task_done`; value: the queue.
pub const JOINED: &str = "joined";
/// A worker called `task_done()` for an item; value: the item.
pub const TASK_DONE: &str = "task-done";
/// A `task_group(...)` returned to `main`; value: `ok` or the error. Nothing of the group's
/// children may come after it.
pub const GROUP_END: &str = "group-end";
