//! Python's `threading.Barrier`, ported from CPython's `Lib/threading.py`: a count and a state
//! behind one `Mutex`, one `Condvar` for every change of state.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;

use crate::sync::{self, Condvar, Deadline, Mutex, MutexGuard};

/// Python's `threading.BrokenBarrierError`: the barrier was aborted, reset, or a waiter timed
/// out (or the action panicked) while this thread was waiting or arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("BrokenBarrierError")]
pub struct BrokenBarrierError;

/// Python's `ValueError: parties must be >= 1`, from `Barrier::new(0)`. Python checks this
/// from 3.13 (earlier versions accepted `Barrier(0)`); we follow 3.13.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("parties must be >= 1")]
pub struct NoParties;

/// The action run once per round, by the last thread to arrive, before any thread passes.
type Action = Box<dyn Fn() + Send + Sync>;

/// A meeting point for `parties` threads, round after round: Python's `threading.Barrier`.
///
/// `wait` returns each thread's index in the round, `0..parties`, all distinct; the last to
/// arrive runs the action first. `abort()`, a waiter's timeout or a panicking action break the
/// barrier: every waiter, and every later arrival until `reset()`, gets
/// [`BrokenBarrierError`].
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::thread;
/// use threading::Barrier;
///
/// let rounds = std::sync::Arc::new(AtomicUsize::new(0));
/// let r = rounds.clone();
/// let barrier = Barrier::new(3)?.with_action(move || { r.fetch_add(1, Ordering::SeqCst); });
/// let mut indices: Vec<usize> = thread::scope(|s| {
///     let hs: Vec<_> = (0..3).map(|_| s.spawn(|| barrier.wait())).collect();
///     hs.into_iter().map(|h| h.join().unwrap().unwrap()).collect()
/// });
/// indices.sort();
/// assert_eq!(indices, [0, 1, 2]);
/// assert_eq!(rounds.load(Ordering::SeqCst), 1);
/// # Ok::<(), threading::NoParties>(())
/// ```
pub struct Barrier {
    parties: usize,
    action: Option<Action>,
    timeout: Option<Duration>,
    state: Mutex<Round>,
    changed: Condvar,
}

/// CPython's `_state`: 0 filling, 1 draining, -1 resetting, -2 broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Filling,
    Draining,
    Resetting,
    Broken,
}

#[derive(Debug)]
struct Round {
    phase: Phase,
    /// Threads inside `wait`: arrived and not yet left.
    count: usize,
}

impl std::fmt::Debug for Barrier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Barrier")
            .field("parties", &self.parties)
            .field("action", &self.action.is_some())
            .field("timeout", &self.timeout)
            .field("state", &self.state)
            .finish()
    }
}

impl Barrier {
    /// A barrier for `parties` threads, no action, no default timeout (Python:
    /// `Barrier(parties)`); `parties == 0` is Python's `ValueError`.
    pub fn new(parties: usize) -> Result<Self, NoParties> {
        if parties == 0 {
            return Err(NoParties);
        }
        Ok(Barrier {
            parties,
            action: None,
            timeout: None,
            state: Mutex::new(Round {
                phase: Phase::Filling,
                count: 0,
            }),
            changed: Condvar::new(),
        })
    }

    /// Runs `action` once per round, in the last thread to arrive, before anyone passes
    /// (Python: `Barrier(n, action=f)`).
    pub fn with_action(mut self, action: impl Fn() + Send + Sync + 'static) -> Self {
        self.action = Some(Box::new(action));
        self
    }

    /// The timeout `wait()` uses (Python: `Barrier(n, timeout=t)`).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Waits for the round to fill, with the barrier's default timeout (Python:
    /// `barrier.wait()`); this thread's index in the round.
    pub fn wait(&self) -> Result<usize, BrokenBarrierError> {
        self.wait_until(Deadline::after(self.timeout))
    }

    /// Waits at most `timeout` (Python: `barrier.wait(timeout)`); timing out breaks the
    /// barrier for everyone.
    pub fn wait_timeout(&self, timeout: Duration) -> Result<usize, BrokenBarrierError> {
        self.wait_until(Deadline::after(Some(timeout)))
    }

    fn wait_until(&self, deadline: Deadline) -> Result<usize, BrokenBarrierError> {
        let mut round = sync::lock(&self.state);
        // CPython's `_enter`: a new round cannot begin while the last one drains or resets.
        while matches!(round.phase, Phase::Draining | Phase::Resetting) {
            round = sync::wait(&self.changed, round);
        }
        if round.phase == Phase::Broken {
            return Err(BrokenBarrierError);
        }
        let index = round.count;
        round.count += 1;
        let (mut round, result) = if index + 1 == self.parties {
            self.release(round)
        } else {
            self.wait_for_release(round, deadline)
        };
        // CPython's `_exit`: the last one out lets the next round in.
        round.count -= 1;
        if round.count == 0 && matches!(round.phase, Phase::Draining | Phase::Resetting) {
            round.phase = Phase::Filling;
            self.changed.notify_all();
        }
        drop(round);
        match result {
            Released::Passed => Ok(index),
            Released::Broken => Err(BrokenBarrierError),
            Released::ActionPanicked(payload) => resume_unwind(payload),
        }
    }

    /// The last arrival: run the action (under the lock, as CPython does), then let all pass.
    /// A panicking action breaks the barrier, then goes on unwinding in this thread.
    fn release<'a>(&self, mut round: MutexGuard<'a, Round>) -> (MutexGuard<'a, Round>, Released) {
        let ran = catch_unwind(AssertUnwindSafe(|| {
            if let Some(action) = &self.action {
                action();
            }
        }));
        let result = match ran {
            Ok(()) => {
                round.phase = Phase::Draining;
                Released::Passed
            }
            Err(payload) => {
                round.phase = Phase::Broken;
                Released::ActionPanicked(payload)
            }
        };
        self.changed.notify_all();
        (round, result)
    }

    fn wait_for_release<'a>(
        &self,
        mut round: MutexGuard<'a, Round>,
        deadline: Deadline,
    ) -> (MutexGuard<'a, Round>, Released) {
        while round.phase == Phase::Filling {
            round = match deadline.wait(&self.changed, round) {
                Ok(g) => g,
                Err(mut g) => {
                    // Timed out: break the barrier for everyone (CPython's `_wait`).
                    g.phase = Phase::Broken;
                    self.changed.notify_all();
                    return (g, Released::Broken);
                }
            };
        }
        let result = match round.phase {
            Phase::Draining => Released::Passed,
            _ => Released::Broken,
        };
        (round, result)
    }

    /// Puts the barrier back to empty (Python: `barrier.reset()`): threads waiting in it get
    /// [`BrokenBarrierError`]; a broken barrier becomes usable again.
    pub fn reset(&self) {
        let mut round = sync::lock(&self.state);
        if round.count > 0 {
            if matches!(round.phase, Phase::Filling | Phase::Broken) {
                round.phase = Phase::Resetting;
            }
        } else {
            round.phase = Phase::Filling;
        }
        drop(round);
        self.changed.notify_all();
    }

    /// Breaks the barrier (Python: `barrier.abort()`): every waiter and every later `wait`
    /// gets [`BrokenBarrierError`] until `reset()`.
    pub fn abort(&self) {
        sync::lock(&self.state).phase = Phase::Broken;
        self.changed.notify_all();
    }

    /// How many threads the barrier needs (Python: `barrier.parties`).
    pub fn parties(&self) -> usize {
        self.parties
    }

    /// How many threads are waiting in the filling round (Python: `barrier.n_waiting`).
    pub fn n_waiting(&self) -> usize {
        let round = sync::lock(&self.state);
        if round.phase == Phase::Filling {
            round.count
        } else {
            0
        }
    }

    /// Whether the barrier is broken (Python: `barrier.broken`).
    pub fn broken(&self) -> bool {
        sync::lock(&self.state).phase == Phase::Broken
    }
}

/// How a thread's `wait` ended, decided under the lock.
enum Released {
    Passed,
    Broken,
    ActionPanicked(Box<dyn std::any::Any + Send>),
}
