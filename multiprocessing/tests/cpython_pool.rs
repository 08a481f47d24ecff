//! CPython's `Lib/test/_test_multiprocessing.py`, `_TestPool`, ported: each test is named
//! after the one it ports. Every call runs under a watchdog: a hang fails the test.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use multiprocessing::{Pool, PoolError};
use serde::{Deserialize, Serialize, Serializer};

use common::{is_our_child, within};

const LIMIT: Duration = Duration::from_secs(60);

fn sqr(x: u64) -> u64 {
    x * x
}

/// Python's `sqr(x, wait=0.0)`: sleeps, then squares.
fn sqr_after((x, wait_ms): (u64, u64)) -> u64 {
    std::thread::sleep(Duration::from_millis(wait_ms));
    x * x
}

/// Ports `test_map`. (Python's `chunksize` has no counterpart: items go one at a time.)
#[test]
fn test_map() {
    within(LIMIT, "map", || {
        let pool = Pool::new(4).unwrap();
        let squares = |n: u64| (0..n).map(sqr).collect::<Vec<_>>();
        assert_eq!(pool.map(sqr, (0..10).collect()).unwrap(), squares(10));
        assert_eq!(pool.map(sqr, (0..100).collect()).unwrap(), squares(100));
    });
}

/// Ports `test_imap_unordered`: every result once, in some order.
#[test]
fn test_imap_unordered() {
    within(LIMIT, "imap_unordered", || {
        let pool = Pool::new(4).unwrap();
        for n in [10u64, 1000] {
            let mut got: Vec<u64> = pool
                .imap_unordered(sqr, (0..n).collect())
                .unwrap()
                .map(Result::unwrap)
                .collect();
            got.sort();
            assert_eq!(got, (0..n).map(sqr).collect::<Vec<_>>());
        }
    });
}

/// Python's `class A: def __reduce__(self): raise RuntimeError('cannot pickle')`.
#[derive(Clone, Deserialize)]
struct Unpicklable;

impl Serialize for Unpicklable {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("cannot pickle"))
    }
}

/// Ports `test_map_unplicklable` (bpo-19425: a failure to pickle must not hang): the error
/// comes back from `map`, naming the item, and the pool stays usable.
#[test]
fn test_map_unplicklable() {
    within(LIMIT, "map of unpicklable items", || {
        let pool = Pool::new(4).unwrap();
        let err = pool
            .map(|_: Unpicklable| 0u64, vec![Unpicklable; 10])
            .unwrap_err();
        assert!(
            matches!(&err, PoolError::Pickling { item: 0, message } if message.contains("cannot pickle")),
            "{err}"
        );
        assert_eq!(pool.map(sqr, vec![3]).unwrap(), [9]);
    });
}

/// Ports `test_async_timeout`: `get(timeout)` raises `TimeoutError` after about the timeout,
/// while the item still runs; dropping the result stops and reaps its worker.
#[test]
fn test_async_timeout() {
    within(LIMIT, "apply_async", || {
        let pool = Pool::new(1).unwrap();
        let timeout = Duration::from_millis(200);
        let mut res = pool.apply_async(sqr_after, (6, 30_000)).unwrap();
        let t0 = Instant::now();
        let err = res.get(Some(timeout)).unwrap_err();
        let elapsed = t0.elapsed();
        assert!(matches!(err, PoolError::Timeout), "{err}");
        assert_eq!(err.to_string(), "TimeoutError");
        // A bound, about 0.6x to 10x the timeout.
        assert!(
            elapsed >= timeout * 6 / 10 && elapsed <= timeout * 10,
            "{elapsed:?}"
        );
        assert!(!res.ready());
        let t0 = Instant::now();
        drop(res);
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "drop waited for the item"
        );
        // And an item within its time comes back.
        let mut quick = pool.apply_async(sqr_after, (7, 0)).unwrap();
        assert_eq!(quick.get(Some(Duration::from_secs(30))).unwrap(), 49);
        assert!(matches!(quick.get(None), Err(PoolError::AlreadyTaken)));
    });
}

/// What the callbacks were called with, in order.
type Calls = Arc<Mutex<Vec<Result<Vec<i64>, String>>>>;

/// Ports `test_map_async_callbacks`: the callback gets the results, the error callback the
/// error; exactly one of them runs, before `wait` returns.
#[test]
fn test_map_async_callbacks() {
    within(LIMIT, "map_async", || {
        let pool = Pool::new(2).unwrap();
        let call_args: Calls = Arc::default();
        let int = |s: String| -> i64 {
            s.parse()
                .unwrap_or_else(|_| panic!("ValueError: invalid literal for int(): {s:?}"))
        };
        for input in ["1", "a"] {
            let (ok, err) = (call_args.clone(), call_args.clone());
            pool.map_async_with_callbacks(
                int,
                vec![input.to_string()],
                move |r: &Vec<i64>| ok.lock().unwrap().push(Ok(r.clone())),
                move |e: &PoolError| err.lock().unwrap().push(Err(e.to_string())),
            )
            .unwrap()
            .wait(None);
        }
        let calls = call_args.lock().unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0], Ok(vec![1]));
        let Err(e) = &calls[1] else {
            panic!("{:?}", calls[1])
        };
        assert!(e.contains("item 0") && e.contains("ValueError"), "{e}");
    });
}

/// The pool's workers are gone once a call has returned (checked in /proc).
#[test]
fn no_worker_outlives_a_call() {
    within(LIMIT, "imap_unordered_indexed", || {
        let pool = Pool::new(3).unwrap();
        let mut run = pool.imap_unordered_indexed(sqr, (0..30).collect()).unwrap();
        let pids = run.pids();
        assert_eq!(pids.len(), 3);
        assert_eq!(run.by_ref().count(), 30);
        drop(run);
        for p in pids {
            assert!(!is_our_child(p), "worker {p} left behind");
        }
    });
}
