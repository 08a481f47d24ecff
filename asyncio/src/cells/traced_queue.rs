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
    linear::call(me, "put", &item);
    let r = q.put(item).await;
    linear::ret(me, "put", if r.is_ok() { OK } else { SHUT_DOWN });
    r
}

/// `await q.get()`, recorded: the item, or `!ShutDown` once the shut-down queue is empty.
pub async fn get<T: Display, S: Store<Item = T>>(
    me: &Actor,
    q: &BaseQueue<T, S>,
) -> Result<T, AsyncioError> {
    linear::call(me, "get", "");
    let r = q.get().await;
    match &r {
        Ok(item) => linear::ret(me, "get", item),
        Err(AsyncioError::QueueShutDown) => linear::ret(me, "get", SHUT_DOWN),
        Err(e) => linear::ret(me, "get", format!("!{e}")),
    }
    r
}
