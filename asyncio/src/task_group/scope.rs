//! The future behind [`super::task_group`]: one step polls the body, then every child that was
//! woken or that the body has just spawned; the first failure cancels the rest in that same
//! step.

use std::collections::HashMap;
use std::future::Future;
use std::mem;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use super::{BODY, Child, ChildWaker, End, Phase, Shared, State};
use crate::task_handle::lock;
use crate::{AsyncioError, ExceptionGroup};

/// A child the scope adopted: its future, its waker, how to end its handle.
struct Running {
    name: String,
    fut: Child,
    waker: Waker,
    end: End,
}

impl Running {
    /// Drops the child's future (its `Drop` guards run now), then ends its handle with
    /// `CancelledError`, carrying `cancel(msg)`'s message if one was given.
    fn cancel(self, msg: Option<String>) {
        let Running { name, fut, end, .. } = self;
        drop(fut);
        end(AsyncioError::CancelledError { task: name, msg });
    }
}

pub(super) struct Scope<R, F> {
    shared: Arc<Shared>,
    body: Option<Pin<Box<F>>>,
    body_waker: Waker,
    value: Option<R>,
    running: HashMap<u64, Running>,
    errors: Vec<AsyncioError>,
}

// The body is boxed and pinned there; nothing else in a scope is ever pinned.
impl<R, F> Unpin for Scope<R, F> {}

impl<R, F> Scope<R, F> {
    pub(super) fn new(shared: Arc<Shared>, body: Pin<Box<F>>) -> Self {
        let body_waker = Waker::from(Arc::new(ChildWaker {
            id: BODY,
            shared: Arc::clone(&shared),
        }));
        Scope {
            shared,
            body: Some(body),
            body_waker,
            value: None,
            running: HashMap::new(),
            errors: Vec::new(),
        }
    }

    /// Takes the children spawned since the last look into `running`; returns their ids, all
    /// due for a first poll.
    fn adopt(&mut self, s: &mut State) -> Vec<u64> {
        let mut ids = Vec::with_capacity(s.spawned.len());
        for child in mem::take(&mut s.spawned) {
            ids.push(child.id);
            let waker = Waker::from(Arc::new(ChildWaker {
                id: child.id,
                shared: Arc::clone(&self.shared),
            }));
            let running = Running {
                name: child.name,
                fut: child.fut,
                waker,
                end: child.end,
            };
            self.running.insert(child.id, running);
        }
        ids
    }

    /// `task.cancel()` on these children: each ends cancelled, and the group goes on. Called
    /// without the state's lock: a child's `Drop` may spawn (and fail to).
    fn cancel_each(&mut self, ids: HashMap<u64, Option<String>>) {
        for (id, msg) in ids {
            if let Some(child) = self.running.remove(&id) {
                child.cancel(msg);
            }
        }
    }

    /// The first failure: no more spawns, then the body and every child are dropped.
    fn shut_down(&mut self, phase: Phase) {
        let unstarted = {
            let mut s = lock(&self.shared.state);
            s.phase = phase;
            mem::take(&mut s.spawned)
        };
        self.body = None;
        for child in mem::take(&mut self.running).into_values() {
            child.cancel(None);
        }
        for child in unstarted {
            drop(child.fut);
            (child.end)(AsyncioError::cancelled(child.name));
        }
    }
}

impl<R, F: Future<Output = Result<R, AsyncioError>>> Future for Scope<R, F> {
    type Output = Result<R, ExceptionGroup>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        // A clone, so the state can stay locked while `adopt` moves children into `this`.
        let shared = Arc::clone(&this.shared);
        let (mut ready, cancels) = {
            let mut s = lock(&shared.state);
            s.waker = Some(cx.waker().clone());
            let adopted = this.adopt(&mut s);
            s.ready.extend(adopted);
            (mem::take(&mut s.ready), mem::take(&mut s.cancels))
        };
        this.cancel_each(cancels);
        if ready.contains(&BODY)
            && let Some(body) = this.body.as_mut()
        {
            let mut bcx = Context::from_waker(&this.body_waker);
            if let Poll::Ready(out) = body.as_mut().poll(&mut bcx) {
                this.body = None;
                match out {
                    Ok(v) => this.value = Some(v),
                    Err(e) => this.errors.push(e),
                }
            }
        }
        if this.errors.is_empty() {
            // The children the body just spawned run in this same step, after the body
            // yielded: Python's `create_task(c); await asyncio.sleep(0)` finds `c` has run.
            let mut s = lock(&shared.state);
            ready.extend(this.adopt(&mut s));
            // One spawned and cancelled in that same step never runs, as in Python.
            let cancels = mem::take(&mut s.cancels);
            drop(s);
            this.cancel_each(cancels);
        } else {
            // The body failed: its children never get a step, as in Python, where the body's
            // exception cancels them before the loop runs them.
            this.shut_down(Phase::ShuttingDown);
        }
        // Every child woken before this step runs in it, in spawn order, so failures that
        // happen "at the same time" are all reported, in that order, as in Python.
        let mut ready: Vec<u64> = ready.into_iter().collect();
        ready.sort_unstable();
        for id in ready {
            let Some(child) = this.running.get_mut(&id) else {
                continue;
            };
            let mut ccx = Context::from_waker(&child.waker);
            let polled = catch_unwind(AssertUnwindSafe(|| child.fut.as_mut().poll(&mut ccx)));
            match polled {
                Ok(Poll::Pending) => {}
                Ok(Poll::Ready(Ok(()))) => {
                    this.running.remove(&id);
                }
                // A child that ends cancelled (its own `CancelledError`, say from awaiting a
                // cancelled task) is no failure: CPython's `_on_task_done` skips cancelled
                // children. Its handle already holds the error.
                Ok(Poll::Ready(Err(e))) if e.is_cancelled() => {
                    this.running.remove(&id);
                }
                Ok(Poll::Ready(Err(e))) => {
                    this.running.remove(&id);
                    this.errors.push(e);
                }
                Err(_panic) => {
                    if let Some(child) = this.running.remove(&id) {
                        let e = AsyncioError::Panicked(child.name.clone());
                        drop(child.fut);
                        (child.end)(e.clone());
                        this.errors.push(e);
                    }
                }
            }
        }
        if !this.errors.is_empty() && lock(&this.shared.state).phase == Phase::Open {
            this.shut_down(Phase::ShuttingDown);
        }
        if this.body.is_none() && this.running.is_empty() {
            let mut s = lock(&this.shared.state);
            if s.spawned.is_empty() {
                s.phase = Phase::Finished;
                drop(s);
                return Poll::Ready(match this.value.take() {
                    Some(v) if this.errors.is_empty() => Ok(v),
                    _ => Err(ExceptionGroup::new(mem::take(&mut this.errors))),
                });
            }
        }
        let s = lock(&this.shared.state);
        if !s.ready.is_empty() || !s.spawned.is_empty() {
            // Woken during this step (or new children): take another step, after letting the
            // runtime run others, as asyncio's loop does between iterations.
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

impl<R, F> Drop for Scope<R, F> {
    /// The owner was cancelled (its future dropped): drop the body and every child now, so
    /// that none outlives the group, and end each handle with `CancelledError`.
    fn drop(&mut self) {
        if lock(&self.shared.state).phase != Phase::Finished {
            self.shut_down(Phase::Finished);
        }
    }
}
