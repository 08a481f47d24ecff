//! CPython's `Lib/test/test_asyncio/test_queues.py` (3.13, with `shutdown`), ported: each
//! test is named after the one it ports and runs on both runtimes.

mod util;

use std::collections::BTreeSet;
use std::time::Duration;

use asyncio::{AsyncioError, LifoQueue, PriorityQueue, Queue, wait_for};
use tokio::time::sleep;
use util::on_both;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn test_empty() {
    let q = Queue::new(0);
    assert!(q.empty());
    q.put_nowait(1).unwrap();
    assert!(!q.empty());
    assert_eq!(q.get_nowait(), Ok(1));
    assert!(q.empty());
}

#[test]
fn test_full() {
    let q = Queue::new(0); // maxsize 0: unbounded, never full
    for i in 0..10_000 {
        q.put_nowait(i).unwrap();
    }
    assert!(!q.full());
    let q = Queue::new(1);
    q.put_nowait(1).unwrap();
    assert!(q.full());
}

#[test]
fn test_order() {
    let (q, l, p) = (Queue::new(0), LifoQueue::new(0), PriorityQueue::new(0));
    for i in [1, 3, 2] {
        q.put_nowait(i).unwrap();
        l.put_nowait(i).unwrap();
        p.put_nowait(i).unwrap();
    }
    let drain = |f: &dyn Fn() -> Result<i32, AsyncioError>| {
        (0..3).map(|_| f().unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(drain(&|| q.get_nowait()), [1, 3, 2]);
    assert_eq!(drain(&|| l.get_nowait()), [2, 3, 1]);
    assert_eq!(drain(&|| p.get_nowait()), [1, 2, 3]);
}

#[test]
fn test_maxsize() {
    on_both(|| async {
        let q = Queue::new(2);
        assert_eq!(q.maxsize(), 2);
        let putter = {
            let q = q.clone();
            tokio::spawn(async move {
                for i in 0..3 {
                    q.put(i).await?;
                }
                Ok::<_, AsyncioError>(())
            })
        };
        while q.qsize() < 2 {
            tokio::task::yield_now().await;
        }
        sleep(ms(10)).await;
        assert_eq!(q.qsize(), 2, "the putter waits at the third item");
        assert!(!putter.is_finished());
        assert_eq!(q.get_nowait(), Ok(0));
        putter.await.unwrap().unwrap();
        assert_eq!((q.get_nowait(), q.get_nowait()), (Ok(1), Ok(2)));
    });
}

#[test]
fn test_nonblocking_get() {
    let q = Queue::new(0);
    q.put_nowait(1).unwrap();
    assert_eq!(q.get_nowait(), Ok(1));
}

#[test]
fn test_nonblocking_put() {
    let q = Queue::new(0);
    q.put_nowait(1).unwrap();
    assert_eq!(q.get_nowait(), Ok(1));
}

/// A get on a full queue makes room: the waiting putter goes on.
#[test]
fn test_get_with_putters() {
    on_both(|| async {
        let q = Queue::new(1);
        q.put_nowait(1).unwrap();
        let p = q.clone();
        let putter = tokio::spawn(async move { p.put(2).await });
        tokio::task::yield_now().await;
        assert_eq!(q.get().await, Ok(1));
        putter.await.unwrap().unwrap();
        assert_eq!(q.get_nowait(), Ok(2));
    });
}

#[test]
fn test_blocking_put_wait() {
    on_both(|| async {
        let q = Queue::new(1);
        let p = q.clone();
        let putter = tokio::spawn(async move {
            p.put(1).await?;
            p.put(2).await
        });
        sleep(ms(10)).await;
        assert!(
            !putter.is_finished(),
            "the second put waits on a full queue"
        );
        assert_eq!(q.get_nowait(), Ok(1));
        putter.await.unwrap().unwrap();
        assert_eq!(q.get_nowait(), Ok(2));
    });
}

/// Python's usual PriorityQueue item: `(priority, data)` tuples, smallest priority first.
#[test]
fn priority_queue_of_tuples_gives_the_smallest_priority_first() {
    let q = PriorityQueue::new(0);
    for item in [(3, "low"), (1, "urgent"), (2, "normal")] {
        q.put_nowait(item).unwrap();
    }
    assert_eq!(q.get_nowait(), Ok((1, "urgent")));
    assert_eq!(q.get_nowait(), Ok((2, "normal")));
}

#[test]
fn test_nonblocking_get_exception() {
    assert_eq!(
        Queue::<i32>::new(0).get_nowait(),
        Err(AsyncioError::QueueEmpty)
    );
}

#[test]
fn test_nonblocking_put_exception() {
    let q = Queue::new(1);
    q.put_nowait(1).unwrap();
    assert_eq!(q.put_nowait(2), Err(AsyncioError::QueueFull));
}

#[test]
fn test_blocking_get_wait() {
    on_both(|| async {
        let q = Queue::new(0);
        let getter = {
            let q = q.clone();
            tokio::spawn(async move { q.get().await })
        };
        sleep(ms(10)).await;
        assert!(!getter.is_finished());
        q.put_nowait(1).unwrap();
        assert_eq!(getter.await.unwrap(), Ok(1));
    });
}

/// A get cancelled by wait_for's timeout takes nothing; a later get has the item.
#[test]
fn test_get_cancelled() {
    on_both(|| async {
        let q = Queue::new(0);
        assert_eq!(
            wait_for(q.get(), Some(ms(10))).await,
            Err(AsyncioError::TimeoutError(ms(10)))
        );
        q.put_nowait(1).unwrap();
        assert_eq!(q.qsize(), 1);
        assert_eq!(wait_for(q.get(), Some(ms(100))).await, Ok(1));
    });
}

/// Two getters wait; the first is cancelled; the put goes to the second.
#[test]
fn test_get_cancelled_race() {
    on_both(|| async {
        for _ in 0..200 {
            let q = Queue::new(0);
            let (q1, q2) = (q.clone(), q.clone());
            let t1 = tokio::spawn(async move { q1.get().await });
            let t2 = tokio::spawn(async move { q2.get().await });
            tokio::task::yield_now().await;
            t1.abort();
            let _ = t1.await;
            q.put_nowait("a").unwrap();
            assert_eq!(t2.await.unwrap(), Ok("a"));
        }
    });
}

#[test]
fn test_get_with_waiting_putters() {
    on_both(|| async {
        let q = Queue::new(1);
        let (qa, qb) = (q.clone(), q.clone());
        let a = tokio::spawn(async move { qa.put("a").await });
        a.await.unwrap().unwrap();
        let b = tokio::spawn(async move { qb.put("b").await });
        assert_eq!(q.get().await, Ok("a"));
        assert_eq!(q.get().await, Ok("b"));
        b.await.unwrap().unwrap();
    });
}

/// A put waiting on a full queue, cancelled: it inserted nothing; the one before it stays.
#[test]
fn test_put_cancelled_race() {
    on_both(|| async {
        for _ in 0..200 {
            let q = Queue::new(1);
            q.put_nowait("a").unwrap();
            let (qb, qx) = (q.clone(), q.clone());
            let put_b = tokio::spawn(async move { qb.put("b").await });
            let put_x = tokio::spawn(async move { qx.put("X").await });
            tokio::task::yield_now().await;
            put_x.abort();
            let cancelled = put_x.await;
            assert_eq!(q.get().await, Ok("a"));
            assert_eq!(
                q.get()
                    .await
                    .map(|s| s == "b" || (s == "X" && cancelled.is_ok())),
                Ok(true)
            );
            put_b.await.unwrap().unwrap();
            if cancelled.is_err() {
                assert!(q.empty(), "the cancelled put inserted its item");
            }
        }
    });
}

#[test]
fn test_put_with_waiting_getters() {
    on_both(|| async {
        let q = Queue::new(0);
        let g = q.clone();
        let t = tokio::spawn(async move { g.get().await });
        tokio::task::yield_now().await;
        q.put("a").await.unwrap();
        assert_eq!(t.await.unwrap(), Ok("a"));
    });
}

#[test]
fn test_task_done_underflow() {
    let q = Queue::<i32>::new(0);
    assert!(matches!(q.task_done(), Err(AsyncioError::ValueError(_))));
}

/// Two workers, 100 items, join() returns once every item had its task_done().
#[test]
fn test_task_done() {
    on_both(|| async {
        let q = Queue::new(0);
        for i in 0..100u64 {
            q.put_nowait(i).unwrap();
        }
        let sum = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (q, sum) = (q.clone(), sum.clone());
                tokio::spawn(async move {
                    while let Ok(i) = q.get().await {
                        sum.fetch_add(i, std::sync::atomic::Ordering::SeqCst);
                        q.task_done().unwrap();
                    }
                })
            })
            .collect();
        q.join().await;
        assert_eq!(
            sum.load(std::sync::atomic::Ordering::SeqCst),
            (0..100).sum::<u64>()
        );
        q.shutdown(false);
        for w in workers {
            w.await.unwrap();
        }
    });
}

#[test]
fn test_join_empty_queue() {
    on_both(|| async {
        let q = Queue::<i32>::new(0);
        q.join().await;
        q.join().await;
    });
}

#[test]
fn test_shutdown_empty() {
    on_both(|| async {
        let q = Queue::new(0);
        q.shutdown(false);
        assert_eq!(q.put("data").await, Err(AsyncioError::QueueShutDown));
        assert_eq!(q.get().await, Err(AsyncioError::QueueShutDown));
        assert_eq!(q.put_nowait("data"), Err(AsyncioError::QueueShutDown));
        assert_eq!(q.get_nowait(), Err(AsyncioError::QueueShutDown));
    });
}

#[test]
fn test_shutdown_nonempty() {
    on_both(|| async {
        let q = Queue::new(0);
        q.put_nowait("data").unwrap();
        q.shutdown(false);
        assert_eq!(q.get().await, Ok("data"));
        assert_eq!(q.get().await, Err(AsyncioError::QueueShutDown));
    });
}

#[test]
fn test_shutdown_immediate() {
    on_both(|| async {
        let q = Queue::new(0);
        q.put_nowait("data").unwrap();
        let j = q.clone();
        let join = tokio::spawn(async move { j.join().await });
        q.shutdown(true); // unfinished tasks: 1 -> 0
        assert_eq!(q.qsize(), 0);
        join.await.unwrap();
        assert_eq!(q.get().await, Err(AsyncioError::QueueShutDown));
        assert!(matches!(q.task_done(), Err(AsyncioError::ValueError(_))));
    });
}

/// Waiting putters and getters are woken by shutdown and get QueueShutDown.
#[test]
fn test_shutdown_wakes_waiting_putters_and_getters() {
    on_both(|| async {
        let full = Queue::new(1);
        full.put_nowait(0).unwrap();
        let p = full.clone();
        let putter = tokio::spawn(async move { p.put(1).await });
        let empty = Queue::<i32>::new(0);
        let g = empty.clone();
        let getter = tokio::spawn(async move { g.get().await });
        sleep(ms(5)).await;
        full.shutdown(false);
        empty.shutdown(false);
        assert_eq!(putter.await.unwrap(), Err(AsyncioError::QueueShutDown));
        assert_eq!(getter.await.unwrap(), Err(AsyncioError::QueueShutDown));
        assert_eq!(
            full.get_nowait(),
            Ok(0),
            "shutdown(immediate=False) keeps the items"
        );
    });
}

/// Putters on a full queue, cancelled at random points by timeouts: an item counts as put
/// exactly when its put returned Ok, and exactly those are got. (CPython's
/// `test_why_are_putters_waiting`.)
#[test]
fn test_why_are_putters_waiting() {
    on_both(|| async {
        for round in 0..20u64 {
            let q = Queue::new(1);
            let putters: Vec<_> = (0..3u64)
                .map(|p| {
                    let q = q.clone();
                    tokio::spawn(async move {
                        let mut put = Vec::new();
                        let mut n = p + round * 7;
                        for i in 0..100 {
                            n = n.wrapping_mul(6364136223846793005).wrapping_add(1);
                            let patience = Duration::from_micros(n % 50);
                            if wait_for(q.put(p * 1000 + i), Some(patience)).await.is_ok() {
                                put.push(p * 1000 + i);
                            }
                        }
                        put
                    })
                })
                .collect();
            let g = q.clone();
            let getter = tokio::spawn(async move {
                let mut got = Vec::new();
                while let Ok(item) = g.get().await {
                    got.push(item);
                }
                got
            });
            let mut put = Vec::new();
            for p in putters {
                put.extend(p.await.unwrap());
            }
            q.shutdown(false);
            let mut got = getter.await.unwrap();
            put.sort_unstable();
            got.sort_unstable();
            assert_eq!(
                got, put,
                "round {round}: a cancelled put inserted, or an item was lost"
            );
        }
    });
}

/// Many producers and consumers on a tiny queue, consumers cancelled at random points by
/// timeouts: every item is got exactly once. (CPython's `test_why_are_getters_waiting`.)
#[test]
fn test_why_are_getters_waiting() {
    on_both(|| async {
        for round in 0..20u64 {
            let q = Queue::new(2);
            let producers: Vec<_> = (0..3u64)
                .map(|p| {
                    let q = q.clone();
                    tokio::spawn(async move {
                        for i in 0..100 {
                            q.put(p * 1000 + i).await.unwrap();
                        }
                    })
                })
                .collect();
            let consumers: Vec<_> = (0..3u64)
                .map(|c| {
                    let q = q.clone();
                    tokio::spawn(async move {
                        let mut got = Vec::new();
                        let mut n = c + round;
                        loop {
                            n = n.wrapping_mul(6364136223846793005).wrapping_add(1);
                            // Sometimes give up after a few microseconds: a cancelled get.
                            let patience = Duration::from_micros(n % 50);
                            match wait_for(q.get(), Some(patience)).await {
                                Ok(item) => got.push(item),
                                Err(AsyncioError::TimeoutError(_)) => {}
                                Err(AsyncioError::QueueShutDown) => return got,
                                Err(e) => panic!("{e}"),
                            }
                        }
                    })
                })
                .collect();
            for p in producers {
                p.await.unwrap();
            }
            q.shutdown(false);
            let mut all = Vec::new();
            for c in consumers {
                all.extend(c.await.unwrap());
            }
            let set: BTreeSet<u64> = all.iter().copied().collect();
            assert_eq!(all.len(), 300, "round {round}: lost or duplicated items");
            assert_eq!(set.len(), 300, "round {round}: duplicated items");
        }
    });
}
