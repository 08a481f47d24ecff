//! The library's claims, each under tokio's paused clock where time matters: the clock only
//! moves when every task waits, so "100 sleeps of 1 s take 1 s" is exact and instant, and no
//! test depends on how loaded the machine is.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use asyncio::{AsyncioError, Joined, TaskGroup, gather};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep, timeout};

#[tokio::test(start_paused = true)]
async fn n_concurrent_sleeps_take_d_not_n_times_d() {
    let d = Duration::from_secs(1);
    let t0 = Instant::now();
    let handles: Vec<_> = (0..100).map(|_| tokio::spawn(sleep(d))).collect();
    for r in gather(handles).await {
        r.unwrap();
    }
    // Paused time: exactly d passed, not 100 * d.
    assert_eq!(t0.elapsed(), d);
}

#[tokio::test(start_paused = true)]
async fn sequential_sleeps_add_up() {
    let t0 = Instant::now();
    for _ in 0..5 {
        sleep(Duration::from_secs(1)).await;
    }
    assert_eq!(t0.elapsed(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn gather_keeps_argument_order_whatever_the_completion_order() {
    let finished = Arc::new(std::sync::Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..5u64)
        .map(|i| {
            let finished = finished.clone();
            tokio::spawn(async move {
                sleep(Duration::from_millis(50 - 10 * i)).await;
                finished.lock().unwrap().push(i);
                i * i
            })
        })
        .collect();
    let results: Vec<u64> = gather(handles)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(results, [0, 1, 4, 9, 16]);
    assert_eq!(*finished.lock().unwrap(), [4, 3, 2, 1, 0]);
}

#[tokio::test]
async fn gather_returns_failures_in_their_place() {
    let ok = tokio::spawn(async { 1 });
    let cancelled = tokio::spawn(async {
        sleep(Duration::from_secs(3600)).await;
        2
    });
    cancelled.abort();
    let panicked = tokio::spawn(async {
        if true {
            panic!("on purpose");
        }
        3
    });
    let results = gather([ok, cancelled, panicked]).await;
    assert_eq!(results[0], Ok(1));
    assert_eq!(results[1], Err(AsyncioError::CancelledError("#1".into())));
    assert_eq!(results[2], Err(AsyncioError::Panicked("#2".into())));
}

/// Sets its flag when dropped: the future's `finally:`.
struct SetOnDrop(Arc<AtomicBool>);
impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn timeout_drops_the_future_and_its_cleanup_runs() {
    let cleaned = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let (c, f) = (cleaned.clone(), finished.clone());
    let slow = async move {
        let _guard = SetOnDrop(c);
        sleep(Duration::from_secs(10)).await;
        f.store(true, Ordering::SeqCst);
    };
    let r = timeout(Duration::from_millis(30), slow).await;
    assert!(r.is_err());
    assert!(
        cleaned.load(Ordering::SeqCst),
        "the cleanup ran before timeout returned"
    );
    assert!(!finished.load(Ordering::SeqCst));
}

#[tokio::test(start_paused = true)]
async fn timeout_on_a_handle_leaves_the_task_running_until_abort() {
    let cleaned = Arc::new(AtomicBool::new(false));
    let c = cleaned.clone();
    let mut handle = tokio::spawn(async move {
        let _guard = SetOnDrop(c);
        sleep(Duration::from_secs(10)).await;
    });
    assert!(
        timeout(Duration::from_millis(30), &mut handle)
            .await
            .is_err()
    );
    assert!(!handle.is_finished());
    assert!(!cleaned.load(Ordering::SeqCst));
    handle.abort();
    assert!(handle.await.unwrap_err().is_cancelled());
    assert!(cleaned.load(Ordering::SeqCst));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semaphore_never_lets_more_than_k_inside() {
    const K: usize = 3;
    let sem = Arc::new(Semaphore::new(K));
    let inside = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let (sem, inside, most) = (sem.clone(), inside.clone(), most.clone());
            tokio::spawn(async move {
                let _permit = sem.acquire().await.unwrap();
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::task::yield_now().await;
                inside.fetch_sub(1, Ordering::SeqCst);
            })
        })
        .collect();
    let all = timeout(Duration::from_secs(10), gather(handles))
        .await
        .unwrap();
    assert!(all.iter().all(Result::is_ok));
    assert!(most.load(Ordering::SeqCst) <= K);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_consumer_ends_when_the_senders_drop_with_nothing_lost() {
    let (tx, mut rx) = mpsc::channel::<(u32, u32)>(2);
    let producers: Vec<_> = (0..3)
        .map(|p| {
            let tx = tx.clone();
            tokio::spawn(async move {
                for i in 0..100 {
                    tx.send((p, i)).await.unwrap();
                }
            })
        })
        .collect();
    drop(tx);
    let consumer = tokio::spawn(async move {
        let mut got = Vec::new();
        while let Some(item) = rx.recv().await {
            got.push(item);
        }
        got
    });
    let got = timeout(Duration::from_secs(10), consumer)
        .await
        .unwrap()
        .unwrap();
    for r in gather(producers).await {
        r.unwrap();
    }
    assert_eq!(got.len(), 300);
    for p in 0..3 {
        // Each producer's items arrive in the order it put them (FIFO per producer).
        let mine: Vec<u32> = got
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, i)| *i)
            .collect();
        assert_eq!(mine, (0..100).collect::<Vec<_>>());
    }
}

#[tokio::test(start_paused = true)]
async fn task_group_cancels_the_siblings_on_first_error() {
    let cleaned = Arc::new(AtomicUsize::new(0));
    let mut group = TaskGroup::new();
    group.spawn("fails", async {
        sleep(Duration::from_millis(5)).await;
        Err(AsyncioError::ValueError("no".into()))
    });
    for name in ["a", "b"] {
        let c = cleaned.clone();
        group.spawn(name, async move {
            struct Count(Arc<AtomicUsize>);
            impl Drop for Count {
                fn drop(&mut self) {
                    self.0.fetch_add(1, Ordering::SeqCst);
                }
            }
            let _guard = Count(c);
            sleep(Duration::from_secs(3600)).await;
            Ok(())
        });
    }
    let t0 = Instant::now();
    let mut seen = Vec::new();
    let r = group
        .wait(|j| {
            seen.push(match j {
                Joined::Finished(n) => format!("finished {n}"),
                Joined::Failed(n, e) => format!("failed {n}: {e}"),
                Joined::Cancelled(n) => format!("cancelled {n}"),
            })
        })
        .await;
    assert_eq!(r, Err(AsyncioError::ValueError("no".into())));
    assert_eq!(seen[0], "failed fails: ValueError: no");
    seen[1..].sort();
    assert_eq!(seen[1..], ["cancelled a", "cancelled b"]);
    assert_eq!(cleaned.load(Ordering::SeqCst), 2);
    assert!(t0.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn task_group_without_errors_returns_every_result() {
    let mut group = TaskGroup::new();
    for i in 0..4u64 {
        group.spawn(format!("t{i}"), async move {
            sleep(Duration::from_millis(10 * (4 - i))).await;
            Ok(i)
        });
    }
    let mut r = group.wait(|_| {}).await.unwrap();
    r.sort();
    assert_eq!(r, [0, 1, 2, 3]);
}

#[test]
fn a_current_thread_runtime_runs_tasks_in_the_same_order_every_time() {
    let order = || {
        let rt = asyncio::runtime::current_thread().unwrap();
        rt.block_on(async {
            let log = Arc::new(std::sync::Mutex::new(Vec::new()));
            let handles: Vec<_> = ['a', 'b', 'c']
                .into_iter()
                .map(|c| {
                    let log = log.clone();
                    tokio::spawn(async move {
                        for s in 0..3 {
                            log.lock().unwrap().push(format!("{c}{s}"));
                            tokio::task::yield_now().await;
                        }
                    })
                })
                .collect();
            for r in gather(handles).await {
                r.unwrap();
            }
            Arc::try_unwrap(log).unwrap().into_inner().unwrap()
        })
    };
    let first = order();
    assert_eq!(first.len(), 9);
    for _ in 0..20 {
        assert_eq!(order(), first);
    }
}
