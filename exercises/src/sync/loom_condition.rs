//! `threading::Condition` rebuilt on loom's lock and condvar, with the same methods, so an
//! exercise's file that takes its `Condition` from `exercises::sync` is model-checked as it
//! runs. Waiting is exact, as in the lab's (and CPython's): each waiter takes a ticket,
//! `notify` hands tickets out, and `wait` returns only for its own ticket: no spurious
//! wake-ups, which a learner's `Event` may rely on.
//!
//! Loom has no clock: `wait_timeout` here never times out, it waits as `wait` does. So a
//! model check says what holds when the timeout is too late to matter, which is the case a
//! timeout is meant to cover.

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use loom::sync::{Condvar, Mutex, MutexGuard};

/// A condition variable with its lock and the data it guards, under loom.
#[derive(Debug)]
pub struct Condition<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

#[derive(Debug)]
struct State<T> {
    data: T,
    /// Tickets of the waiters, oldest first.
    waiting: VecDeque<u64>,
    /// Tickets handed out by `notify` and not yet picked up by their waiter.
    notified: Vec<u64>,
    next_ticket: u64,
}

/// The lock of a [`Condition`], held: the data, plus the only way to wait and notify.
#[derive(Debug)]
#[must_use = "the lock is released as soon as this guard is dropped"]
pub struct ConditionGuard<'a, T> {
    cond: &'a Condition<T>,
    // `Some` except while a `wait` has given the lock back to the `Condvar`.
    state: Option<MutexGuard<'a, State<T>>>,
}

impl<T> Condition<T> {
    /// A condition guarding `data`.
    pub fn new(data: T) -> Self {
        Condition {
            state: Mutex::new(State {
                data,
                waiting: VecDeque::new(),
                notified: Vec::new(),
                next_ticket: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Takes the lock.
    pub fn lock(&self) -> ConditionGuard<'_, T> {
        ConditionGuard {
            cond: self,
            state: Some(self.state.lock().unwrap_or_else(|e| e.into_inner())),
        }
    }
}

impl<T> ConditionGuard<'_, T> {
    fn state(&mut self) -> &mut State<T> {
        self.state.as_mut().expect("the lock is held outside wait")
    }

    /// Releases the lock, waits until notified, takes the lock back; always `true`.
    pub fn wait(&mut self) -> bool {
        let st = self.state();
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        st.waiting.push_back(ticket);
        let mut guard = self.state.take().expect("the lock is held outside wait");
        // Other waiters' tickets wake us too (one Condvar for all): loop until ours is out.
        while !guard.notified.contains(&ticket) {
            guard = self
                .cond
                .changed
                .wait(guard)
                .unwrap_or_else(|e| e.into_inner());
        }
        guard.notified.retain(|&t| t != ticket);
        self.state = Some(guard);
        true
    }

    /// As [`wait`](Self::wait): under loom no time passes, so the timeout never fires.
    pub fn wait_timeout(&mut self, _timeout: Duration) -> bool {
        self.wait()
    }

    /// Wakes the `n` longest-waiting waiters; how many there were.
    pub fn notify(&mut self, n: usize) -> usize {
        let st = self.state();
        let woken = n.min(st.waiting.len());
        let tickets: Vec<u64> = st.waiting.drain(..woken).collect();
        st.notified.extend(tickets);
        if woken > 0 {
            self.cond.changed.notify_all();
        }
        woken
    }

    /// Wakes every waiter; how many there were.
    pub fn notify_all(&mut self) -> usize {
        self.notify(usize::MAX)
    }

    /// How many threads are waiting, not yet notified.
    pub fn waiting(&mut self) -> usize {
        self.state().waiting.len()
    }
}

impl<T> Deref for ConditionGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self
            .state
            .as_ref()
            .expect("the lock is held outside wait")
            .data
    }
}

impl<T> DerefMut for ConditionGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.state().data
    }
}
