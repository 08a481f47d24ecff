//! CPython's gather and as_completed tests (`Lib/test/test_asyncio/test_tasks.py`), ported:
//! each test is named after the one it ports and runs on both runtimes.

mod util;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use asyncio::{AsyncioError, as_completed, gather, gather_return_exceptions};
use tokio::sync::oneshot;
use tokio::time::sleep;
use util::{Cleanups, on_both};

type Boxed = std::pin::Pin<Box<dyn Future<Output = Result<i32, AsyncioError>> + Send>>;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn after(d: Duration, v: i32) -> Boxed {
    Box::pin(async move {
        sleep(d).await;
        Ok(v)
    })
}

fn fails_after(d: Duration, why: &str) -> Boxed {
    let why = why.to_owned();
    Box::pin(async move {
        sleep(d).await;
        Err(AsyncioError::ValueError(why))
    })
}

#[test]
fn test_constructor_empty_sequence() {
    on_both(|| async {
        assert_eq!(gather(Vec::<Boxed>::new()).await, Ok(vec![]));
        assert!(
            gather_return_exceptions(Vec::<Boxed>::new())
                .await
                .is_empty()
        );
    });
}

#[test]
fn test_result_exception_success() {
    on_both(|| async {
        let r = gather(vec![after(ms(30), 0), after(ms(10), 1), after(ms(20), 2)]).await;
        assert_eq!(r, Ok(vec![0, 1, 2]));
    });
}

/// Fail-fast: the error reaches the awaiter while the others still run, and they run on.
/// Causal, not timed: `c` cannot end before the test opens its gate after gather raised.
#[test]
fn test_one_exception() {
    on_both(|| async {
        let (open, gate) = oneshot::channel::<()>();
        let (ended_tx, ended) = oneshot::channel::<i32>();
        let c: Boxed = Box::pin(async move {
            let _ = gate.await;
            let _ = ended_tx.send(3);
            Ok(3)
        });
        let r = gather(vec![after(ms(1), 0), fails_after(ms(5), "b"), c]).await;
        assert_eq!(r, Err(AsyncioError::ValueError("b".into())));
        open.send(()).unwrap();
        assert_eq!(ended.await, Ok(3), "the other child was not left running");
    });
}

#[test]
fn test_return_exceptions() {
    on_both(|| async {
        let r = gather_return_exceptions(vec![
            after(ms(10), 0),
            fails_after(ms(5), "b"),
            after(ms(1), 2),
            fails_after(ms(1), "d"),
        ])
        .await;
        assert_eq!(
            r,
            [
                Ok(0),
                Err(AsyncioError::ValueError("b".into())),
                Ok(2),
                Err(AsyncioError::ValueError("d".into()))
            ]
        );
    });
}

/// A child cancelled from elsewhere: fail-fast raises CancelledError; with
/// return_exceptions it takes its slot.
#[test]
fn test_one_cancellation() {
    on_both(|| async {
        let cancel_me: Boxed = Box::pin(async {
            tokio::task::yield_now().await;
            // What `task.cancel()` on a gathered child does, from inside: it is aborted.
            Err(AsyncioError::cancelled("#1"))
        });
        let r = gather(vec![after(ms(20), 0), cancel_me]).await;
        assert!(matches!(r, Err(AsyncioError::CancelledError { .. })));
        let cancel_me: Boxed = Box::pin(async {
            tokio::task::yield_now().await;
            Err(AsyncioError::cancelled("#1"))
        });
        let r = gather_return_exceptions(vec![after(ms(5), 0), cancel_me]).await;
        assert_eq!(r[0], Ok(0));
        assert!(matches!(r[1], Err(AsyncioError::CancelledError { .. })));
    });
}

/// A child that panics (Python: raises) or is aborted gives an error in its place.
#[test]
fn test_result_exception_one_cancellation() {
    on_both(|| async {
        let panics: Boxed = Box::pin(async {
            if true {
                panic!("on purpose");
            }
            Ok(0)
        });
        let r = gather_return_exceptions(vec![after(ms(1), 0), panics]).await;
        assert_eq!(r, [Ok(0), Err(AsyncioError::Panicked("#1".into()))]);
    });
}

/// Cancelling the task awaiting gather cancels every child not done: none finishes, and every
/// child has ended, its cleanup run, when the awaiter is seen cancelled, as Python's gather is
/// cancelled only once its children are done. Repeated on both runtimes: on `multi_thread` a
/// child may be running on another worker at that moment (the busy one here, nearly always).
#[test]
fn test_cancellation_broadcast() {
    on_both(|| async {
        for round in 0..200 {
            let cleaned = Cleanups::default();
            let finished = Arc::new(AtomicUsize::new(0));
            let started = Arc::new(tokio::sync::Barrier::new(3));
            let children: Vec<Boxed> = (0..2)
                .map(|i| {
                    let (c, f, s) = (cleaned.clone(), finished.clone(), started.clone());
                    Box::pin(async move {
                        let _g = c.guard();
                        s.wait().await;
                        if i == 0 {
                            sleep(Duration::from_secs(10)).await;
                        } else {
                            // Busy: polled again and again, on whichever worker is free.
                            for _ in 0..10_000_000 {
                                tokio::task::yield_now().await;
                            }
                        }
                        f.fetch_add(1, Ordering::SeqCst);
                        Ok(i)
                    }) as Boxed
                })
                .collect();
            let awaiter = tokio::spawn(gather(children));
            started.wait().await;
            awaiter.abort();
            assert!(awaiter.await.unwrap_err().is_cancelled());
            assert_eq!(
                cleaned.count(),
                2,
                "round {round}: a child outlived the cancelled gather"
            );
            assert_eq!(finished.load(Ordering::SeqCst), 0);
        }
    });
}

/// Completion order, made by the test rather than by sleeps: each argument ends when its
/// gate opens, and the gates open in the order 1, 2, 0, one after each result.
#[test]
fn test_as_completed() {
    on_both(|| async {
        let (gates, waits): (Vec<_>, Vec<_>) = (0..3).map(|_| oneshot::channel::<()>()).unzip();
        let futs: Vec<Boxed> = waits
            .into_iter()
            .enumerate()
            .map(|(i, gate)| {
                Box::pin(async move {
                    let _ = gate.await;
                    Ok(i as i32)
                }) as Boxed
            })
            .collect();
        let mut done = as_completed(futs, None);
        let mut gates: Vec<Option<oneshot::Sender<()>>> = gates.into_iter().map(Some).collect();
        let mut order = Vec::new();
        for i in [1, 2, 0] {
            gates[i].take().unwrap().send(()).unwrap();
            let (index, r) = done.next().await.unwrap();
            assert_eq!(r, Ok(index as i32));
            order.push(index);
        }
        assert_eq!(order, [1, 2, 0]);
        assert_eq!(done.next().await, None);
    });
}

/// The overall timeout: what finished comes back; every other argument is a TimeoutError.
#[test]
fn test_as_completed_with_timeout() {
    on_both(|| async {
        let mut done = as_completed(
            vec![
                after(Duration::from_secs(3600), 0),
                after(ms(1), 1),
                after(Duration::from_secs(3600), 2),
            ],
            Some(ms(100)),
        );
        let mut got = Vec::new();
        while let Some(item) = done.next().await {
            got.push(item);
        }
        let t = AsyncioError::TimeoutError(ms(100));
        assert_eq!(got, [(1, Ok(1)), (0, Err(t.clone())), (2, Err(t))]);
    });
}

#[test]
fn test_as_completed_with_unused_timeout() {
    on_both(|| async {
        let mut done = as_completed(vec![after(ms(1), 7)], Some(Duration::from_secs(10)));
        assert_eq!(done.next().await, Some((0, Ok(7))));
        assert_eq!(done.next().await, None);
    });
}

#[test]
fn test_as_completed_concurrent() {
    on_both(|| async {
        let t0 = tokio::time::Instant::now();
        let mut done = as_completed((0..100).map(|_| after(ms(50), 0)).collect::<Vec<_>>(), None);
        let mut n = 0;
        while done.next().await.is_some() {
            n += 1;
        }
        assert_eq!(n, 100);
        // 100 waits of 50 ms overlap: far less than 100 * 50 ms (a generous bound).
        assert!(t0.elapsed() < Duration::from_millis(500 * 10));
    });
}

/// Fail-fast out of argument order: the awaiter waits on the children in argument order, yet
/// a later child's error (or panic) is raised while an earlier one is still running, which
/// then runs on. Causal: child 0 cannot end before the test opens its gate.
#[test]
fn test_one_exception_before_earlier_children_end() {
    on_both(|| async {
        for fails in ["error", "panic"] {
            let (open, gate) = oneshot::channel::<()>();
            let (ended_tx, ended) = oneshot::channel::<i32>();
            let first: Boxed = Box::pin(async move {
                let _ = gate.await;
                let _ = ended_tx.send(0);
                Ok(0)
            });
            let second: Boxed = Box::pin(async move {
                tokio::task::yield_now().await;
                if fails == "panic" {
                    panic!("on purpose");
                }
                Err(AsyncioError::ValueError("b".into()))
            });
            let r = gather(vec![first, second]).await;
            let expected = if fails == "panic" {
                AsyncioError::Panicked("#1".into())
            } else {
                AsyncioError::ValueError("b".into())
            };
            assert_eq!(r, Err(expected));
            open.send(()).unwrap();
            assert_eq!(ended.await, Ok(0), "the earlier child was not left running");
        }
    });
}

/// What waiting costs: the awaiter is woken by the child it is waiting on, in argument order,
/// not by every child that ends. The children end in reverse order (all wait at their gates,
/// then the test opens them from the last to the first, each after the previous child said it
/// ended); the awaiter is then woken about once, at the end. A gather that polled every
/// unfinished child on each wake-up was woken once per child (51 polls for 50 here) and each
/// wake-up cost a pass over all of them: quadratic, 10,000 sleeps took ~2x their 100 ms.
/// The bound allows a few polls more: a child that said "ended" may not have finished as a
/// task yet when the awaiter looks at it, on `multi_thread`.
#[test]
fn gather_is_woken_by_argument_order_not_by_every_child() {
    const N: usize = 50;
    on_both(|| async {
        let started = Arc::new(tokio::sync::Barrier::new(N + 1));
        let (ended_tx, mut ended) = tokio::sync::mpsc::unbounded_channel::<i32>();
        let (opens, gates): (Vec<_>, Vec<_>) = (0..N).map(|_| oneshot::channel::<()>()).unzip();
        let children: Vec<Boxed> = gates
            .into_iter()
            .zip(0..)
            .map(|(gate, i)| {
                let (started, ended_tx) = (Arc::clone(&started), ended_tx.clone());
                Box::pin(async move {
                    started.wait().await;
                    let _ = gate.await;
                    let _ = ended_tx.send(i);
                    Ok(i)
                }) as Boxed
            })
            .collect();
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&polls);
        let awaiter = tokio::spawn(async move {
            let mut g = std::pin::pin!(gather(children));
            std::future::poll_fn(|cx| {
                counted.fetch_add(1, Ordering::SeqCst);
                g.as_mut().poll(cx)
            })
            .await
        });
        started.wait().await;
        for (open, i) in opens.into_iter().zip(0..N as i32).rev() {
            open.send(()).unwrap();
            assert_eq!(ended.recv().await, Some(i));
        }
        assert_eq!(
            awaiter.await.unwrap(),
            Ok((0..N as i32).collect::<Vec<_>>())
        );
        let polls = polls.load(Ordering::SeqCst);
        assert!(
            polls <= 10,
            "the awaiter was polled {polls} times for {N} children"
        );
    });
}
