//! Python's `threading.Condition`, built the way CPython builds it: every waiter takes a
//! ticket and joins a queue; `notify(n)` hands the first `n` tickets out, so exactly `n`
//! waiters wake (std's `Condvar::notify_one` may wake more, and wakes spuriously).

use std::collections::{BTreeSet, VecDeque};
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex, MutexGuard};

/// A condition variable with its lock and the data it guards: Python's `threading.Condition`.
///
/// [`Condition::lock`] is Python's `with cond:`; the guard it returns derefs to the data and
/// is the only thing with `wait`, `wait_for`, `notify` and `notify_all`. So waiting or
/// notifying without holding the lock, Python's `RuntimeError: cannot notify on un-acquired
/// lock`, does not compile:
///
/// ```compile_fail,E0599
/// let cond = threading::Condition::new(0);
/// cond.notify(1); // error[E0599]: no method named `notify` found for struct `Condition`
/// ```
///
/// Waiting is exact, as in CPython: `wait` returns only when notified or timed out (no
/// spurious wake-ups), says which, and `notify(n)` wakes at most `n` waiters.
///
/// As in Python, nothing is poisoned: if a thread panics while holding the guard, the lock is
/// released and the next holder sees the data as the panicking thread left it.
///
/// ```
/// use std::thread;
/// use threading::Condition;
///
/// let items = Condition::new(Vec::new());
/// thread::scope(|s| {
///     s.spawn(|| {
///         let mut list = items.lock();                      // with cond:
///         list.wait_for(|l| !l.is_empty(), None);           //     cond.wait_for(lambda: items)
///         assert_eq!(list.pop(), Some(42));
///     });
///     let mut list = items.lock();
///     list.push(42);
///     list.notify(1);                                       // cond.notify(1)
/// });
/// ```
#[derive(Debug, Default)]
pub struct Condition<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State<T> {
    data: T,
    /// Tickets of the waiters, oldest first (CPython's `_waiters` deque).
    waiting: VecDeque<u64>,
    /// Tickets handed out by `notify` and not yet picked up by their waiter.
    notified: BTreeSet<u64>,
    next_ticket: u64,
}

/// The lock of a [`Condition`], held: the data, plus the only way to wait and notify. Dropping
/// it releases the lock (leaving `with cond:`).
#[derive(Debug)]
#[must_use = "the lock is released as soon as this guard is dropped"]
pub struct ConditionGuard<'a, T> {
    cond: &'a Condition<T>,
    // `Some` except while a `wait` has given the lock back to the `Condvar`.
    state: Option<MutexGuard<'a, State<T>>>,
}

impl<T> Condition<T> {
    /// A condition guarding `data` (Python: `Condition()`, plus the object it protects).
    pub fn new(data: T) -> Self {
        Condition {
            state: Mutex::new(State {
                data,
                waiting: VecDeque::new(),
                notified: BTreeSet::new(),
                next_ticket: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Takes the lock (Python: `with cond:` or `cond.acquire()`).
    pub fn lock(&self) -> ConditionGuard<'_, T> {
        ConditionGuard {
            cond: self,
            state: Some(sync::lock(&self.state)),
        }
    }

    /// Takes the lock if it is free right now (Python: `cond.acquire(False)`). Python's default
    /// lock is an `RLock`, which the holder can take again; this one is a plain lock, so the
    /// holder's own `try_lock` returns `None` (and its `lock` would deadlock).
    pub fn try_lock(&self) -> Option<ConditionGuard<'_, T>> {
        let state = match self.state.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(ConditionGuard {
            cond: self,
            state: Some(state),
        })
    }
}

impl<T> ConditionGuard<'_, T> {
    fn state(&mut self) -> &mut State<T> {
        self.state.as_mut().expect("the lock is held outside wait")
    }

    /// Releases the lock, waits until notified, takes the lock back (Python: `cond.wait()`,
    /// which then returns `True`).
    pub fn wait(&mut self) -> bool {
        self.wait_until(Deadline::after(None))
    }

    /// Like [`wait`](Self::wait) but gives up after `timeout`; whether it was notified
    /// (Python: `cond.wait(timeout)` returns `True` or `False`).
    pub fn wait_timeout(&mut self, timeout: Duration) -> bool {
        self.wait_until(Deadline::after(Some(timeout)))
    }

    fn wait_until(&mut self, deadline: Deadline) -> bool {
        let st = self.state();
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        st.waiting.push_back(ticket);
        let mut guard = self.state.take().expect("the lock is held outside wait");
        // Other waiters' tickets wake us too (one Condvar for all): loop until ours is out.
        let notified = loop {
            if guard.notified.remove(&ticket) {
                break true;
            }
            guard = match deadline.wait(&self.cond.changed, guard) {
                Ok(g) => g,
                Err(mut g) => {
                    // Timed out and not notified: leave the queue, as CPython's waiter does.
                    g.waiting.retain(|&t| t != ticket);
                    guard = g;
                    break false;
                }
            };
        };
        self.state = Some(guard);
        notified
    }

    /// Waits until `predicate(&data)` holds or `timeout` (None: for ever) has passed; returns
    /// the predicate's last value (Python: `cond.wait_for(predicate, timeout)`).
    pub fn wait_for(
        &mut self,
        mut predicate: impl FnMut(&T) -> bool,
        timeout: Option<Duration>,
    ) -> bool {
        let deadline = Deadline::after(timeout);
        loop {
            if predicate(&self.state().data) {
                return true;
            }
            let Some(left) = deadline.left() else {
                return false;
            };
            if left == Duration::MAX {
                self.wait();
            } else {
                self.wait_timeout(left);
            }
        }
    }

    /// Wakes at most `n` waiters, the longest-waiting first (Python: `cond.notify(n)`). They
    /// run once this guard is dropped and they get the lock back. Returns how many it woke.
    pub fn notify(&mut self, n: usize) -> usize {
        let st = self.state();
        let k = n.min(st.waiting.len());
        let woken: Vec<u64> = st.waiting.drain(..k).collect();
        st.notified.extend(woken);
        if k > 0 {
            self.cond.changed.notify_all();
        }
        k
    }

    /// Wakes every waiter (Python: `cond.notify_all()`); how many it woke.
    pub fn notify_all(&mut self) -> usize {
        self.notify(usize::MAX)
    }

    /// How many threads wait right now, notified ones not counted (CPython's
    /// `len(cond._waiters)`).
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
