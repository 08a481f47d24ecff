//! `asyncio.Queue`, `LifoQueue` and `PriorityQueue` for tasks, with Python's semantics:
//! `maxsize` 0 is unbounded, `put`/`get` wait, `put_nowait`/`get_nowait` raise `QueueFull`/
//! `QueueEmpty`, `task_done`/`join` count unfinished items, and 3.13's `shutdown(immediate)`.
//!
//! Many producers and many consumers share one queue (it is `Clone`: every clone is the same
//! queue, like passing the Python object around). Unlike `tokio::sync::mpsc`, nothing ends
//! the consumers by itself: as in Python, they stop on `QueueShutDown`, after `shutdown()`.
//!
//! Cancellation safe: `get` takes an item only in the poll that returns it, and `put` inserts
//! only in the poll that returns, so a `get` or `put` dropped while it waits (a timeout, a
//! `select!`, a cancelled task) loses no item and inserts none. Wake-ups are `Notify`
//! permits; one handed to a waiter that is dropped before it runs passes on to the next.
//!
//! Where the items wait is not written again here: `asyncio.Queue` is `queue.Queue`'s store
//! with awaits around it. Python's two classes each keep their items in a `deque` (a list for
//! `LifoQueue`, a `heapq` for `PriorityQueue`) behind `_put`/`_get`; here both lessons share
//! the producer-consumer lesson's [`Store`] and its [`Fifo`], [`Lifo`] and [`Lowest`].

use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::AsyncioError;
use crate::task_handle::lock;

pub use producer_consumer::{Fifo, Lifo, Lowest, Store};

/// `asyncio.Queue(maxsize)`: first in, first out.
///
/// ```
/// let rt = asyncio::runtime::current_thread().unwrap();
/// rt.block_on(async {
///     let q = asyncio::Queue::new(0); // maxsize=0: unbounded
///     for i in [1, 3, 2] {
///         q.put(i).await.unwrap();
///     }
///     assert_eq!(q.get().await, Ok(1));
///     assert_eq!(q.get_nowait(), Ok(3));
/// });
/// ```
pub type Queue<T> = BaseQueue<T, Fifo<T>>;
/// `asyncio.LifoQueue(maxsize)`: last in, first out.
pub type LifoQueue<T> = BaseQueue<T, Lifo<T>>;
/// `asyncio.PriorityQueue(maxsize)`: smallest item first.
pub type PriorityQueue<T> = BaseQueue<T, Lowest<T>>;

#[derive(Debug)]
struct State<S> {
    items: S,
    unfinished: usize,
    shutdown: bool,
}

#[derive(Debug)]
struct Inner<S> {
    maxsize: usize,
    state: Mutex<State<S>>,
    not_empty: Notify,
    not_full: Notify,
    all_done: Notify,
}

/// The queue behind [`Queue`], [`LifoQueue`] and [`PriorityQueue`]; `S` is the [`Store`], which
/// decides the item that comes out next.
#[derive(Debug)]
pub struct BaseQueue<T, S: Store<Item = T>> {
    inner: Arc<Inner<S>>,
    _item: std::marker::PhantomData<fn(T) -> T>,
}

impl<T, S: Store<Item = T>> Clone for BaseQueue<T, S> {
    fn clone(&self) -> Self {
        BaseQueue {
            inner: Arc::clone(&self.inner),
            _item: std::marker::PhantomData,
        }
    }
}

impl<T, S: Store<Item = T>> BaseQueue<T, S> {
    /// A queue holding at most `maxsize` items; 0 means no limit, as in Python.
    pub fn new(maxsize: usize) -> Self {
        BaseQueue {
            inner: Arc::new(Inner {
                maxsize,
                state: Mutex::new(State {
                    items: S::default(),
                    unfinished: 0,
                    shutdown: false,
                }),
                not_empty: Notify::new(),
                not_full: Notify::new(),
                all_done: Notify::new(),
            }),
            _item: std::marker::PhantomData,
        }
    }

    /// The limit given to [`BaseQueue::new`] (`q.maxsize`).
    pub fn maxsize(&self) -> usize {
        self.inner.maxsize
    }

    /// Items in the queue now (`q.qsize()`).
    pub fn qsize(&self) -> usize {
        lock(&self.inner.state).items.len()
    }

    /// No item in the queue now (`q.empty()`).
    pub fn empty(&self) -> bool {
        self.qsize() == 0
    }

    /// `maxsize` items in the queue now; never for an unbounded queue (`q.full()`).
    pub fn full(&self) -> bool {
        self.inner.maxsize > 0 && self.qsize() >= self.inner.maxsize
    }

    /// `q.put_nowait(item)`: `QueueFull` if full, `QueueShutDown` after `shutdown()`.
    pub fn put_nowait(&self, item: T) -> Result<(), AsyncioError> {
        let mut s = lock(&self.inner.state);
        if s.shutdown {
            return Err(AsyncioError::QueueShutDown);
        }
        if self.inner.maxsize > 0 && s.items.len() >= self.inner.maxsize {
            return Err(AsyncioError::QueueFull);
        }
        s.items.push(item);
        s.unfinished += 1;
        drop(s);
        self.inner.not_empty.notify_one();
        Ok(())
    }

    /// `q.get_nowait()`: `QueueEmpty` if empty, `QueueShutDown` if empty after `shutdown()`.
    pub fn get_nowait(&self) -> Result<T, AsyncioError> {
        let mut s = lock(&self.inner.state);
        match s.items.pop() {
            Some(item) => {
                drop(s);
                self.inner.not_full.notify_one();
                Ok(item)
            }
            None if s.shutdown => Err(AsyncioError::QueueShutDown),
            None => Err(AsyncioError::QueueEmpty),
        }
    }

    /// `await q.put(item)`: waits while the queue is full. `QueueShutDown` after `shutdown()`
    /// (a put waiting when it happens is woken and gets it too). Dropped while waiting, it
    /// inserts nothing.
    pub async fn put(&self, item: T) -> Result<(), AsyncioError> {
        let mut item = Some(item);
        loop {
            let notified = self.inner.not_full.notified();
            tokio::pin!(notified);
            // Registered before the check, so a get between the check and the await wakes us.
            notified.as_mut().enable();
            if let Some(it) = item.take() {
                match self.put_nowait_keep(it) {
                    Ok(()) => return Ok(()),
                    Err(Ok(back)) => item = Some(back),
                    Err(Err(e)) => return Err(e),
                }
            }
            notified.await;
        }
    }

    /// Like `put_nowait`, but a full queue hands the item back to wait with.
    fn put_nowait_keep(&self, item: T) -> Result<(), Result<T, AsyncioError>> {
        let mut s = lock(&self.inner.state);
        if s.shutdown {
            return Err(Err(AsyncioError::QueueShutDown));
        }
        if self.inner.maxsize > 0 && s.items.len() >= self.inner.maxsize {
            return Err(Ok(item));
        }
        s.items.push(item);
        s.unfinished += 1;
        drop(s);
        self.inner.not_empty.notify_one();
        Ok(())
    }

    /// `await q.get()`: waits while the queue is empty. After `shutdown()` it still returns
    /// the items left, then `QueueShutDown`. Dropped while waiting, it takes nothing.
    pub async fn get(&self) -> Result<T, AsyncioError> {
        loop {
            let notified = self.inner.not_empty.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match self.get_nowait() {
                Err(AsyncioError::QueueEmpty) => {}
                done => return done,
            }
            notified.await;
        }
    }

    /// `q.task_done()`: one item got earlier is fully processed. `ValueError` if called more
    /// times than items were put.
    pub fn task_done(&self) -> Result<(), AsyncioError> {
        let mut s = lock(&self.inner.state);
        if s.unfinished == 0 {
            return Err(AsyncioError::ValueError(
                "task_done() called too many times".into(),
            ));
        }
        s.unfinished -= 1;
        let all_done = s.unfinished == 0;
        drop(s);
        if all_done {
            self.inner.all_done.notify_waiters();
        }
        Ok(())
    }

    /// `await q.join()`: waits until every item put has had its `task_done()`.
    pub async fn join(&self) {
        loop {
            let notified = self.inner.all_done.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if lock(&self.inner.state).unfinished == 0 {
                return;
            }
            notified.await;
        }
    }

    /// `q.shutdown(immediate)` (Python 3.13): from now on `put` raises `QueueShutDown`, and
    /// `get` does once the queue is empty; every waiting `put`/`get` is woken to see it. With
    /// `immediate`, the items left are dropped and counted as done, so `join()` returns.
    pub fn shutdown(&self, immediate: bool) {
        let mut s = lock(&self.inner.state);
        s.shutdown = true;
        if immediate {
            while s.items.pop().is_some() {
                s.unfinished = s.unfinished.saturating_sub(1);
            }
        }
        let all_done = s.unfinished == 0;
        drop(s);
        if all_done {
            self.inner.all_done.notify_waiters();
        }
        self.inner.not_empty.notify_waiters();
        self.inner.not_full.notify_waiters();
    }

    /// Whether `shutdown()` was called.
    pub fn is_shutdown(&self) -> bool {
        lock(&self.inner.state).shutdown
    }
}
