//! The library's claims, each under tokio's paused clock where time matters: the clock only
//! moves when every task waits, so "100 sleeps of 1 s take 1 s" is exact and instant, and no
//! test depends on how loaded the machine is.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep, timeout};

#[tokio::test(start_paused = true)]
async fn n_concurrent_sleeps_take_d_not_n_times_d() {
    let d = Duration::from_secs(1);
    let t0 = Instant::now();
    let sleeps: Vec<_> = (0..100)
        .map(|_| async move {
            sleep(d).await;
            Ok(())
        })
        .collect();
    asyncio::gather(sleeps).await.unwrap();
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
    timeout(Duration::from_secs(10), async {
        for h in handles {
            h.await.unwrap();
        }
    })
    .await
    .unwrap();
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
    for p in producers {
        p.await.unwrap();
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
            for h in handles {
                h.await.unwrap();
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
