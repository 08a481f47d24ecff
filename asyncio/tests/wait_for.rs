//! CPython's `Lib/test/test_asyncio/test_waitfor.py`, ported: each test is named after the
//! one it ports and runs on both runtimes.

mod util;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use asyncio::{AsyncioError, create_task, task_group, wait_for, wait_for_task};
use tokio::time::{Instant, sleep};
use util::{Cleanups, on_both};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn test_wait_for_timeout_less_then_0_or_0_future_done() {
    on_both(|| async {
        let task = tokio::spawn(async { Ok("done") });
        while !task.is_finished() {
            tokio::task::yield_now().await;
        }
        assert_eq!(wait_for_task(task, Some(Duration::ZERO)).await, Ok("done"));
    });
}

#[test]
fn test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started() {
    on_both(|| async {
        let started = AtomicBool::new(false);
        let r = wait_for(
            async {
                started.store(true, Ordering::SeqCst);
                Ok(())
            },
            Some(Duration::ZERO),
        )
        .await;
        assert_eq!(r, Err(AsyncioError::TimeoutError(Duration::ZERO)));
        assert!(!started.load(Ordering::SeqCst));
    });
}

/// The contrast the row states: tokio's own `timeout(ZERO, fut)` polls the future once.
#[test]
fn tokio_timeout_zero_polls_the_future_once() {
    on_both(|| async {
        let r = tokio::time::timeout(Duration::ZERO, async { 1 }).await;
        assert_eq!(r, Ok(1));
    });
}

/// A task not done with timeout 0: cancelled, TimeoutError, and it has ended.
#[test]
fn test_wait_for_timeout_less_then_0_or_0() {
    on_both(|| async {
        let cleaned = Cleanups::default();
        let c = cleaned.clone();
        let task = tokio::spawn(async move {
            let _g = c.guard();
            sleep(Duration::from_secs(3600)).await;
            Ok(())
        });
        let r = wait_for_task(task, Some(Duration::ZERO)).await;
        assert_eq!(r, Err(AsyncioError::TimeoutError(Duration::ZERO)));
        // Cancelled before its first step (its guard never made), or at its first await (its
        // guard dropped): either way it has ended, and nothing of it is left running.
        assert!(cleaned.count() <= 1);
    });
}

#[test]
fn test_wait_for() {
    on_both(|| async {
        let cleaned = Cleanups::default();
        let c = cleaned.clone();
        let t0 = Instant::now();
        let r = wait_for(
            async move {
                let _g = c.guard();
                sleep(Duration::from_secs(10)).await;
                Ok("done")
            },
            Some(ms(100)),
        )
        .await;
        assert_eq!(r, Err(AsyncioError::TimeoutError(ms(100))));
        let took = t0.elapsed();
        assert!(took >= ms(60) && took < ms(1000), "{took:?}");
        assert_eq!(cleaned.count(), 1, "cancelled before TimeoutError returned");
    });
}

#[test]
fn test_wait_for_blocking() {
    on_both(|| async {
        assert_eq!(wait_for(async { Ok("done") }, None).await, Ok("done"));
        assert_eq!(
            wait_for(async { Ok("done") }, Some(ms(10))).await,
            Ok("done")
        );
    });
}

/// The work ends well within the timeout: its result, not TimeoutError.
#[test]
fn test_wait_for_race_condition() {
    on_both(|| async {
        let r = wait_for(
            async {
                sleep(ms(10)).await;
                Ok("done")
            },
            Some(Duration::from_secs(10)),
        )
        .await;
        assert_eq!(r, Ok("done"));
    });
}

/// On a task, TimeoutError returns only after the cancelled task has ended.
#[test]
fn test_wait_for_waits_for_task_cancellation() {
    on_both(|| async {
        for _ in 0..50 {
            let ended = Arc::new(AtomicBool::new(false));
            let e = ended.clone();
            struct SetOnDrop(Arc<AtomicBool>);
            impl Drop for SetOnDrop {
                fn drop(&mut self) {
                    // A slow cleanup: the timeout must not return before it is over.
                    std::thread::sleep(Duration::from_millis(2));
                    self.0.store(true, Ordering::SeqCst);
                }
            }
            let task = tokio::spawn(async move {
                let _g = SetOnDrop(e);
                sleep(Duration::from_secs(3600)).await;
                Ok(())
            });
            let r = wait_for_task(task, Some(ms(5))).await;
            assert_eq!(r, Err(AsyncioError::TimeoutError(ms(5))));
            assert!(ended.load(Ordering::SeqCst));
        }
    });
}

/// Cancelling the task that awaits `wait_for` cancels the inner task.
#[test]
fn test_wait_for_self_cancellation() {
    on_both(|| async {
        let cleaned = Cleanups::default();
        let c = cleaned.clone();
        let (alive, mut gone) = tokio::sync::mpsc::channel::<()>(1);
        let inner = tokio::spawn(async move {
            let _a = alive; // dropped after the guard: the channel closes last
            let _g = c.guard();
            sleep(Duration::from_secs(3600)).await;
            Ok(())
        });
        let outer = tokio::spawn(wait_for_task(inner, Some(Duration::from_secs(10))));
        tokio::task::yield_now().await;
        outer.abort();
        assert!(outer.await.unwrap_err().is_cancelled());
        assert_eq!(gone.recv().await, None);
        assert_eq!(cleaned.count(), 1);
    });
}

/// Stated difference: CPython's `test_wait_for_cancel_suppressed` has the inner coroutine
/// catch its `CancelledError` and return a value, which `wait_for` then returns. A dropped
/// Rust future cannot do that: the code after its `.await` never runs, so it is a TimeoutError.
#[test]
fn test_wait_for_cancel_suppressed() {
    on_both(|| async {
        let r = wait_for(
            async {
                sleep(Duration::from_secs(3600)).await;
                Ok(42) // the `except CancelledError: return 42` Rust cannot write
            },
            Some(ms(10)),
        )
        .await;
        assert_eq!(r, Err(AsyncioError::TimeoutError(ms(10))));
    });
}

/// How long the children of the group tests would sleep: were `wait_for` to leave them
/// running, the group would wait this long, and the tests fail instead of hanging.
const LONG: Duration = Duration::from_secs(30);

/// A TaskGroup child's handle is a task to `wait_for`, not a coroutine: on the timeout the
/// child is cancelled, and its (slow) cleanup has run when TimeoutError is seen; the group goes
/// on (a cancelled child is no failure) and does not wait for the child's hour.
#[test]
fn test_wait_for_waits_for_task_cancellation_of_a_group_child() {
    on_both(|| async {
        for _ in 0..50 {
            let ended = Arc::new(AtomicBool::new(false));
            let e = ended.clone();
            let t0 = Instant::now();
            let r = task_group(|tg| async move {
                let child = tg.spawn(async move {
                    let _g = SlowCleanup(e);
                    sleep(LONG).await;
                    Ok(())
                })?;
                let r = wait_for(child, Some(ms(5))).await;
                Ok((r, ended.load(Ordering::SeqCst)))
            })
            .await
            .expect("the group does not fail");
            assert_eq!(r, (Err(AsyncioError::TimeoutError(ms(5))), true));
            assert!(t0.elapsed() < LONG / 2, "the group waited for the child");
        }
    });
}

/// `wait_for(done_task, 0)` on a group child that has finished: its result, no TimeoutError.
#[test]
fn test_wait_for_timeout_less_then_0_or_0_future_done_group_child() {
    on_both(|| async {
        let r = task_group(|tg| async move {
            let child = tg.spawn(async { Ok("done") })?;
            while !child.done() {
                tokio::task::yield_now().await;
            }
            Ok(wait_for(child, Some(Duration::ZERO)).await)
        })
        .await
        .unwrap();
        assert_eq!(r, Ok("done"));
    });
}

/// `wait_for(task, 0)` on a group child not done: cancelled, TimeoutError, and it has ended.
#[test]
fn test_wait_for_timeout_less_then_0_or_0_group_child() {
    on_both(|| async {
        let cleaned = Cleanups::default();
        let (c, c2) = (cleaned.clone(), cleaned.clone());
        let (r, cleaned_by_then) = task_group(|tg| async move {
            let child = tg.spawn(async move {
                let _g = c.guard();
                sleep(LONG).await;
                Ok(())
            })?;
            tokio::task::yield_now().await; // it has started: its guard exists
            let r = wait_for(child, Some(Duration::ZERO)).await;
            Ok((r, c2.count()))
        })
        .await
        .unwrap();
        assert_eq!(r, Err(AsyncioError::TimeoutError(Duration::ZERO)));
        assert_eq!(cleaned_by_then, 1, "its cleanup ran before TimeoutError");
    });
}

/// Cancelling the child that awaits `wait_for(sibling)` cancels the sibling too, as Python's
/// `wait_for` cancels its inner task when it is cancelled itself.
#[test]
fn test_wait_for_self_cancellation_group_child() {
    on_both(|| async {
        let cleaned = Cleanups::default();
        let c = cleaned.clone();
        let (waiter, inner) = task_group(|tg| async move {
            let inner = tg.spawn(async move {
                let _g = c.guard();
                sleep(LONG).await;
                Ok(())
            })?;
            let (tx, rx) = tokio::sync::oneshot::channel();
            let waiter = tg.spawn(async move {
                let _ = tx.send(inner);
                Ok(())
            })?;
            let inner = rx.await.expect("the handle");
            let waiter2 = tg.spawn(wait_for(inner, Some(Duration::from_secs(10))))?;
            tokio::task::yield_now().await; // waiter2 is waiting
            assert!(waiter2.cancel());
            Ok((waiter, waiter2))
        })
        .await
        .expect("cancelled children are no failure");
        assert!(waiter.result().is_ok());
        assert!(inner.cancelled());
        assert_eq!(
            cleaned.count(),
            1,
            "the inner child was cancelled with its waiter"
        );
    });
}

/// Sets its flag when dropped, slowly: a wait that returns before its cleanup is over fails.
struct SlowCleanup(Arc<AtomicBool>);

impl Drop for SlowCleanup {
    fn drop(&mut self) {
        std::thread::sleep(Duration::from_millis(2));
        self.0.store(true, Ordering::SeqCst);
    }
}

/// test_wait_for_self_cancellation on an `asyncio::create_task` task, 200 rounds: the task
/// awaiting `wait_for` is cancelled, and the inner task has ended, its cleanup run, when that
/// cancellation is seen, on `multi_thread` too, where the inner task is busy on another worker.
#[test]
fn test_wait_for_self_cancellation_created_task() {
    on_both(|| async {
        for round in 0..200 {
            let cleaned = Cleanups::default();
            let c = cleaned.clone();
            let started = Arc::new(tokio::sync::Barrier::new(2));
            let s = started.clone();
            let inner = create_task("inner", async move {
                let _g = c.guard();
                s.wait().await;
                for _ in 0..10_000_000 {
                    tokio::task::yield_now().await; // busy, on whichever worker is free
                }
                Ok(())
            });
            let outer = tokio::spawn(wait_for(inner, Some(Duration::from_secs(10))));
            started.wait().await;
            outer.abort();
            assert!(outer.await.unwrap_err().is_cancelled());
            assert_eq!(
                cleaned.count(),
                1,
                "round {round}: the inner task outlived its waiter"
            );
        }
    });
}

/// test_wait_for_waits_for_task_cancellation on a created task: its slow cleanup has run
/// when TimeoutError returns.
#[test]
fn test_wait_for_waits_for_task_cancellation_created_task() {
    on_both(|| async {
        for _ in 0..50 {
            let ended = Arc::new(AtomicBool::new(false));
            let e = ended.clone();
            let task = create_task("slow", async move {
                let _g = SlowCleanup(e);
                sleep(LONG).await;
                Ok(())
            });
            let r = wait_for(task, Some(ms(5))).await;
            assert_eq!(r, Err(AsyncioError::TimeoutError(ms(5))));
            assert!(ended.load(Ordering::SeqCst));
        }
    });
}

/// `wait_for(done_task, 0)` on a created task: its result; on one not done: TimeoutError.
#[test]
fn test_wait_for_timeout_less_then_0_or_0_future_done_created_task() {
    on_both(|| async {
        let done = create_task("done", async { Ok("done") });
        while !done.done() {
            tokio::task::yield_now().await;
        }
        assert_eq!(wait_for(done, Some(Duration::ZERO)).await, Ok("done"));
        let not_done = create_task("not done", async {
            sleep(LONG).await;
            Ok("late")
        });
        let r = wait_for(not_done, Some(Duration::ZERO)).await;
        assert_eq!(r, Err(AsyncioError::TimeoutError(Duration::ZERO)));
    });
}
