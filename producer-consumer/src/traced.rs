//! A queue whose every operation is recorded as it happens: a `call` event just before, a
//! `ret` event just after (the vocabulary of [`interleaving::linear`]). The two lines bound
//! the operation's real interval, which is what the linearizability monitor checks.
//!
//! Python would wrap the queue in a subclass whose `put`/`get` log and call `super()`; here a
//! borrowed wrapper does it, so the queue itself stays free of tracing.

use std::fmt::Display;
use std::time::Duration;

use interleaving::Actor;
use interleaving::linear::{self, EMPTY, FULL, OK, SHUT_DOWN};

use crate::{GenericQueue, GetError, PutError, ShutDown, Store};

/// `q`'s operations, as performed by `me`, each recorded as `call` and `ret`.
///
/// ```
/// use interleaving::Actor;
/// use producer_consumer::{Queue, Traced};
/// let q = Queue::new(0);
/// let me = Actor::new("producer");
/// let tq = Traced::new(&q, &me);
/// tq.put(7).unwrap(); // {"kind":"call","value":"put 7"}, then {"kind":"ret","value":"put ok"}
/// assert_eq!(tq.get_nowait(), Ok(7));
/// ```
pub struct Traced<'a, S: Store> {
    q: &'a GenericQueue<S>,
    me: &'a Actor,
}

impl<'a, S: Store> Traced<'a, S>
where
    S::Item: Display,
{
    /// Records `me`'s operations on `q`.
    pub fn new(q: &'a GenericQueue<S>, me: &'a Actor) -> Self {
        Traced { q, me }
    }

    /// [`GenericQueue::put`], recorded.
    pub fn put(&self, item: S::Item) -> Result<(), ShutDown<S::Item>> {
        linear::call(self.me, "put", &item);
        let r = self.q.put(item);
        linear::ret(self.me, "put", if r.is_ok() { OK } else { SHUT_DOWN });
        r
    }

    /// [`GenericQueue::put_nowait`], recorded.
    pub fn put_nowait(&self, item: S::Item) -> Result<(), PutError<S::Item>> {
        linear::call(self.me, "put_nowait", &item);
        let r = self.q.put_nowait(item);
        linear::ret(self.me, "put_nowait", put_result(&r));
        r
    }

    /// [`GenericQueue::put_timeout`], recorded.
    pub fn put_timeout(&self, item: S::Item, timeout: Duration) -> Result<(), PutError<S::Item>> {
        linear::call(self.me, "put_timeout", &item);
        let r = self.q.put_timeout(item, timeout);
        linear::ret(self.me, "put_timeout", put_result(&r));
        r
    }

    /// [`GenericQueue::get`], recorded.
    pub fn get(&self) -> Result<S::Item, ShutDown> {
        linear::call(self.me, "get", "");
        let r = self.q.get();
        match &r {
            Ok(item) => linear::ret(self.me, "get", item),
            Err(_) => linear::ret(self.me, "get", SHUT_DOWN),
        }
        r
    }

    /// [`GenericQueue::get_nowait`], recorded.
    pub fn get_nowait(&self) -> Result<S::Item, GetError> {
        linear::call(self.me, "get_nowait", "");
        let r = self.q.get_nowait();
        self.get_ret("get_nowait", &r);
        r
    }

    /// [`GenericQueue::get_timeout`], recorded.
    pub fn get_timeout(&self, timeout: Duration) -> Result<S::Item, GetError> {
        linear::call(self.me, "get_timeout", "");
        let r = self.q.get_timeout(timeout);
        self.get_ret("get_timeout", &r);
        r
    }

    fn get_ret(&self, op: &str, r: &Result<S::Item, GetError>) {
        match r {
            Ok(item) => linear::ret(self.me, op, item),
            Err(GetError::Empty) => linear::ret(self.me, op, EMPTY),
            Err(GetError::ShutDown) => linear::ret(self.me, op, SHUT_DOWN),
        }
    }
}

fn put_result<T>(r: &Result<(), PutError<T>>) -> &'static str {
    match r {
        Ok(()) => OK,
        Err(PutError::Full(_)) => FULL,
        Err(PutError::ShutDown(_)) => SHUT_DOWN,
    }
}
