//! The queue's semantics, rule by rule, after CPython's `Lib/test/test_queue.py`. Blocking
//! tests assert what holds under every interleaving (a put into a full queue cannot return
//! before a get), never a timing.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use producer_consumer::{
    GetError, LifoQueue, PriorityQueue, PutError, Queue, ShutDown, TaskDoneError,
};

const SHORT: Duration = Duration::from_millis(20);

// test_queue.py: simple_queue_test, the order each kind of queue hands items out.
#[test]
fn fifo_lifo_and_priority_orders() {
    let (q, l, p) = (Queue::new(0), LifoQueue::new(0), PriorityQueue::new(0));
    for i in [111, 333, 222] {
        q.put(i).unwrap();
        l.put(i).unwrap();
        p.put(i).unwrap();
    }
    let drain =
        |f: &dyn Fn() -> Result<i32, GetError>| (0..3).map(|_| f().unwrap()).collect::<Vec<_>>();
    assert_eq!(drain(&|| q.get_nowait()), [111, 333, 222]);
    assert_eq!(drain(&|| l.get_nowait()), [222, 333, 111]);
    assert_eq!(drain(&|| p.get_nowait()), [111, 222, 333]);
}

#[test]
fn priority_queue_takes_priority_data_tuples() {
    let q = PriorityQueue::new(0);
    q.put((2, "later")).unwrap();
    q.put((1, "first")).unwrap();
    q.put((3, "last")).unwrap();
    assert_eq!(q.get().unwrap(), (1, "first"));
    assert_eq!(q.get().unwrap(), (2, "later"));
}

// simple_queue_test: qsize, empty, full, and Full/Empty from the non-blocking calls.
#[test]
fn qsize_empty_full_and_nowait_errors() {
    let q = Queue::new(3);
    assert!(q.empty() && !q.full());
    assert_eq!(q.maxsize(), 3);
    for i in 0..3 {
        q.put_nowait(i).unwrap();
    }
    assert_eq!(q.qsize(), 3);
    assert!(q.full() && !q.empty());
    // queue.Full, and the item comes back.
    assert_eq!(q.put_nowait(9), Err(PutError::Full(9)));
    for i in 0..3 {
        assert_eq!(q.get_nowait(), Ok(i));
    }
    assert_eq!(q.get_nowait(), Err(GetError::Empty));
}

#[test]
fn unbounded_queue_is_never_full() {
    let q = Queue::new(0);
    for i in 0..10_000 {
        q.put_nowait(i).unwrap();
    }
    assert!(!q.full());
    assert_eq!(q.qsize(), 10_000);
}

// simple_queue_test: put(timeout) on a full queue raises Full after about the timeout.
#[test]
fn timeouts_give_full_and_empty_after_the_timeout() {
    let q = Queue::new(1);
    q.put(1).unwrap();
    let t = Instant::now();
    assert_eq!(q.put_timeout(2, SHORT), Err(PutError::Full(2)));
    assert!(t.elapsed() >= SHORT);
    assert_eq!(q.get_timeout(SHORT), Ok(1));
    let t = Instant::now();
    assert_eq!(q.get_timeout(SHORT), Err(GetError::Empty));
    assert!(t.elapsed() >= SHORT);
    // A zero timeout is put_nowait/get_nowait.
    assert_eq!(q.get_timeout(Duration::ZERO), Err(GetError::Empty));
    // A timeout too large to add to the clock means "forever", not a panic.
    q.put(5).unwrap();
    assert_eq!(q.get_timeout(Duration::MAX), Ok(5));
}

// do_blocking_test: a put into a full queue blocks until a get makes room.
#[test]
fn full_queue_blocks_put_until_a_get() {
    let q = Queue::new(1);
    q.put(0).unwrap();
    let returned = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            q.put(1).unwrap();
            returned.store(true, Ordering::SeqCst);
        });
        // Whatever the other thread did so far, its put cannot have returned: no room yet.
        assert!(!returned.load(Ordering::SeqCst));
        assert_eq!(q.get(), Ok(0));
    });
    assert!(returned.load(Ordering::SeqCst));
    assert_eq!(q.get_nowait(), Ok(1));
}

// do_blocking_test: a get from an empty queue blocks until a put.
#[test]
fn empty_queue_blocks_get_until_a_put() {
    let q = Queue::new(0);
    let got = AtomicU64::new(u64::MAX);
    thread::scope(|s| {
        s.spawn(|| got.store(q.get().unwrap(), Ordering::SeqCst));
        assert_eq!(got.load(Ordering::SeqCst), u64::MAX);
        q.put(7).unwrap();
    });
    assert_eq!(got.load(Ordering::SeqCst), 7);
}

// queue_join_test: workers add up the items; join returns once every task is done.
#[test]
fn join_waits_for_every_task_done() {
    let q = Queue::new(0);
    let sum = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Ok(x) = q.get() {
                    sum.fetch_add(x, Ordering::SeqCst);
                    q.task_done().unwrap();
                }
            });
        }
        for i in 0..100 {
            q.put(i).unwrap();
        }
        q.join();
        // join returned: every item was got *and* marked done, so the sum is complete.
        assert_eq!(sum.load(Ordering::SeqCst), (0..100).sum::<u64>());
        assert_eq!(q.unfinished_tasks(), 0);
        q.shutdown(false);
    });
}

#[test]
fn join_waits_for_task_done_not_for_get() {
    let q = Queue::new(0);
    q.put(1).unwrap();
    let joined = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            q.join();
            joined.store(true, Ordering::SeqCst);
        });
        assert_eq!(q.get(), Ok(1));
        // Got, not done: join cannot have returned.
        assert!(!joined.load(Ordering::SeqCst));
        q.task_done().unwrap();
    });
    assert!(joined.load(Ordering::SeqCst));
}

#[test]
fn join_on_a_fresh_queue_returns_at_once() {
    Queue::<u8>::new(0).join();
}

// queue_join_test: "Did queue.task_done() fail to raise ValueError?"
#[test]
fn task_done_too_many_times_is_an_error() {
    let q = Queue::new(0);
    assert_eq!(q.task_done(), Err(TaskDoneError));
    q.put(1).unwrap();
    q.get().unwrap();
    assert_eq!(q.task_done(), Ok(()));
    assert_eq!(q.task_done(), Err(TaskDoneError));
    assert_eq!(
        TaskDoneError.to_string(),
        "ValueError: task_done() called too many times"
    );
}

// test_shutdown_empty: put fails, get fails.
#[test]
fn shutdown_empty_queue_fails_put_and_get() {
    let q = Queue::new(0);
    assert!(!q.is_shutdown());
    q.shutdown(false);
    assert!(q.is_shutdown());
    assert_eq!(q.put(1), Err(ShutDown(1)));
    assert_eq!(q.put_nowait(1), Err(PutError::ShutDown(1)));
    assert_eq!(q.get(), Err(ShutDown(())));
    assert_eq!(q.get_nowait(), Err(GetError::ShutDown));
    assert_eq!(q.get_timeout(SHORT), Err(GetError::ShutDown));
    q.join();
}

// test_shutdown_nonempty: gets drain what is left, then fail; join still needs task_done.
#[test]
fn graceful_shutdown_drains_then_fails() {
    let q = Queue::new(2);
    q.put(1).unwrap();
    q.put(2).unwrap();
    q.shutdown(false);
    // ShutDown wins over Full: Python checks it first.
    assert_eq!(q.put_nowait(3), Err(PutError::ShutDown(3)));
    assert_eq!(q.get(), Ok(1));
    assert_eq!(q.get_nowait(), Ok(2));
    assert_eq!(q.get(), Err(ShutDown(())));
    assert_eq!(q.unfinished_tasks(), 2);
    q.task_done().unwrap();
    q.task_done().unwrap();
    q.join();
}

// test_shutdown_immediate: pending items dropped, unfinished count to zero, join returns.
#[test]
fn immediate_shutdown_drops_items_and_releases_join() {
    let q = Queue::new(0);
    for i in 0..5 {
        q.put(i).unwrap();
    }
    q.get().unwrap(); // got but not done: still unfinished
    q.shutdown(true);
    assert_eq!(q.qsize(), 0);
    assert_eq!(q.get_nowait(), Err(GetError::ShutDown));
    assert_eq!(q.unfinished_tasks(), 1);
    q.task_done().unwrap();
    q.join();
}

#[test]
fn immediate_shutdown_wakes_a_blocked_join() {
    let q = Queue::new(0);
    q.put(1).unwrap();
    thread::scope(|s| {
        let j = s.spawn(|| q.join());
        q.shutdown(true);
        j.join().unwrap();
    });
}

#[test]
fn immediate_shutdown_drops_the_items_it_discards() {
    let item = std::sync::Arc::new(());
    let q = Queue::new(0);
    q.put(std::sync::Arc::clone(&item)).unwrap();
    assert_eq!(std::sync::Arc::strong_count(&item), 2);
    q.shutdown(true);
    assert_eq!(std::sync::Arc::strong_count(&item), 1);
}

// test_shutdown_get / test_shutdown_put: every blocked caller wakes up with ShutDown.
#[test]
fn shutdown_wakes_blocked_getters_and_putters() {
    let empty = Queue::<u8>::new(0);
    let full = Queue::new(1);
    full.put(0).unwrap();
    thread::scope(|s| {
        let getters: Vec<_> = (0..3).map(|_| s.spawn(|| empty.get())).collect();
        let putters: Vec<_> = (1..4)
            .map(|i| {
                let full = &full;
                s.spawn(move || full.put(i))
            })
            .collect();
        // Each thread is either blocked already or will find the queue shut down: both end.
        empty.shutdown(false);
        full.shutdown(false);
        for g in getters {
            assert_eq!(g.join().unwrap(), Err(ShutDown(())));
        }
        for (i, p) in (1..4).zip(putters) {
            assert_eq!(p.join().unwrap(), Err(ShutDown(i)));
        }
    });
    // The item put before the shutdown is still there, and still handed out.
    assert_eq!(full.get(), Ok(0));
}

#[test]
fn shutdown_twice_is_harmless_and_stays_shut() {
    let q = Queue::new(0);
    q.put(1).unwrap();
    q.shutdown(false);
    q.shutdown(false);
    assert!(q.is_shutdown());
    q.shutdown(true);
    assert_eq!(q.get_nowait(), Err(GetError::ShutDown));
}

// No lost wakeup, no loss, no duplication: many producers and consumers on a tiny queue.
#[test]
fn many_producers_and_consumers_lose_and_duplicate_nothing() {
    const P: u64 = 4;
    const N: u64 = 5_000;
    let q = Queue::new(1);
    let mut got: Vec<(u64, u64)> = thread::scope(|s| {
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    while let Ok(item) = q.get() {
                        mine.push(item);
                    }
                    mine
                })
            })
            .collect();
        let producers: Vec<_> = (0..P)
            .map(|p| {
                let q = &q;
                s.spawn(move || (0..N).for_each(|j| q.put((p, j)).unwrap()))
            })
            .collect();
        producers.into_iter().for_each(|h| h.join().unwrap());
        q.shutdown(false);
        consumers
            .into_iter()
            .flat_map(|h| {
                let mine = h.join().unwrap();
                // Each consumer sees each producer's items in order.
                for p in 0..P {
                    let js: Vec<u64> = mine.iter().filter(|i| i.0 == p).map(|i| i.1).collect();
                    assert!(js.windows(2).all(|w| w[0] < w[1]));
                }
                mine
            })
            .collect()
    });
    got.sort_unstable();
    let want: Vec<(u64, u64)> = (0..P).flat_map(|p| (0..N).map(move |j| (p, j))).collect();
    assert_eq!(got, want);
}

#[test]
fn errors_read_like_pythons_exceptions() {
    assert_eq!(
        PutError::Full(1).to_string(),
        "queue.Full: the queue is full"
    );
    assert_eq!(
        GetError::Empty.to_string(),
        "queue.Empty: the queue is empty"
    );
    assert!(ShutDown(()).to_string().starts_with("queue.ShutDown"));
    assert_eq!(PutError::ShutDown("x").into_inner(), "x");
    assert_eq!(format!("{:?}", PutError::Full(vec![1])), "Full(..)");
    // The errors work with anyhow and `?`, whatever the item type.
    fn put_or_fail(q: &Queue<u8>) -> anyhow::Result<()> {
        q.put_nowait(1)?;
        Ok(())
    }
    let q = Queue::new(1);
    q.put(0).unwrap();
    assert!(put_or_fail(&q).unwrap_err().to_string().contains("Full"));
}

#[test]
fn debug_shows_the_state() {
    let q = Queue::new(2);
    q.put(1).unwrap();
    assert_eq!(
        format!("{q:?}"),
        "Queue { maxsize: 2, qsize: 1, unfinished: 1, is_shutdown: false }"
    );
    let d: Queue<u8> = Queue::default();
    assert_eq!(d.maxsize(), 0);
}
