//! The queue cells' `put` and `get`, each recorded as a `call` just before and a `ret` just
//! after (the vocabulary of `interleaving::linear`), so the checker sees each operation's
//! interval and can decide whether the queue behaved as one FIFO queue.
//!
//! Python would wrap `q.put`/`q.get` the same way (`reference/python/py_asyncio.py`). On a
//! `current_thread` runtime the interval spans the awaits: other tasks run inside it.

use std::fmt::Display;

use interleaving::Actor;
use interleaving::linear::{self, OK, SHUT_DOWN};

use crate::AsyncioError;
use crate::queue::{BaseQueue, Store};

/// `await q.put(item)`, recorded.
pub async fn put<T: Display, S: Store<Item = T>>(
    me: &Actor,
    q: &BaseQueue<T, S>,
    item: T,
) -> Result<(), AsyncioError> {
    put_on(me, "", q, item).await
}

/// `await q.put(item)` on the queue the trace calls `obj` (`"lifo.put 3"`; `""`: the cell's
/// one queue), recorded.
pub async fn put_on<T: Display, S: Store<Item = T>>(
    me: &Actor,
    obj: &str,
    q: &BaseQueue<T, S>,
    item: T,
) -> Result<(), AsyncioError> {
    let op = named(obj, "put");
    linear::call(me, &op, &item);
    let r = q.put(item).await;
    linear::ret(me, &op, if r.is_ok() { OK } else { SHUT_DOWN });
    r
}

/// `await q.get()`, recorded: the item, or `!ShutDown` once the shut-down queue is empty.
pub async fn get<T: Display, S: Store<Item = T>>(
    me: &Actor,
    q: &BaseQueue<T, S>,
) -> Result<T, AsyncioError> {
    get_on(me, "", q).await
}

/// `await q.get()` on the queue the trace calls `obj`, recorded.
pub async fn get_on<T: Display, S: Store<Item = T>>(
    me: &Actor,
    obj: &str,
    q: &BaseQueue<T, S>,
) -> Result<T, AsyncioError> {
    let op = named(obj, "get");
    linear::call(me, &op, "");
    let r = q.get().await;
    match &r {
        Ok(item) => linear::ret(me, &op, item),
        Err(AsyncioError::QueueShutDown) => linear::ret(me, &op, SHUT_DOWN),
        Err(e) => linear::ret(me, &op, format!("!{e}")),
    }
    r
}

/// `OP`, or `OBJ.OP` for a named queue (the vocabulary of `interleaving::linear`).
fn named(obj: &str, op: &str) -> String {
    if obj.is_empty() {
        op.into()
    } else {
        format!("{obj}.{op}")
    }
}
