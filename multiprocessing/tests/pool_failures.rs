//! Every way an item can fail comes back as an error naming it, from `map`, `imap` and
//! `apply_async`, within a deadline; and the pool stays usable after.

mod common;

use std::time::Duration;

use multiprocessing::{Pool, PoolError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use common::within;

const LIMIT: Duration = Duration::from_secs(60);

/// Serializes fine; refuses to deserialize the value 13 (so it fails in the worker).
#[derive(Clone, Copy, Serialize)]
struct Unlucky(u64);

impl<'de> Deserialize<'de> for Unlucky {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match u64::deserialize(d)? {
            13 => Err(serde::de::Error::custom("13 is unlucky")),
            n => Ok(Unlucky(n)),
        }
    }
}

/// A result that cannot be serialized (in the worker, on its way back).
#[derive(Deserialize)]
struct NoWayBack;

impl Serialize for NoWayBack {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("cannot pickle the result"))
    }
}

fn assert_usable(pool: Pool) {
    assert_eq!(pool.map(|n: u64| n + 1, vec![1, 2, 3]).unwrap(), [2, 3, 4]);
}

#[test]
fn an_item_the_worker_cannot_deserialize_is_an_error_naming_it() {
    within(LIMIT, "map", || {
        let pool = Pool::new(2).unwrap();
        let items: Vec<Unlucky> = (10..16).map(Unlucky).collect();
        let err = pool.map(|u: Unlucky| u.0, items).unwrap_err();
        assert!(
            matches!(&err, PoolError::Pickling { item: 3, message } if message.contains("13 is unlucky")),
            "{err}"
        );
        assert_usable(pool);
    });
}

#[test]
fn a_result_the_worker_cannot_serialize_is_an_error_naming_it() {
    within(LIMIT, "imap_unordered_indexed", || {
        let pool = Pool::new(2).unwrap();
        let results: Vec<_> = pool
            .imap_unordered_indexed(|_: u64| NoWayBack, vec![1, 2])
            .unwrap()
            .collect();
        assert_eq!(results.len(), 2);
        for (i, r) in results {
            assert!(
                matches!(&r, Err(PoolError::Pickling { item, .. }) if *item == i),
                "{i}"
            );
        }
        assert_usable(pool);
    });
}

#[test]
fn a_task_past_the_time_limit_fails_naming_it_and_the_rest_go_on() {
    within(LIMIT, "map with a time limit", || {
        let pool = Pool::new(2)
            .unwrap()
            .task_timeout(Duration::from_millis(300));
        let nap = |ms: u64| {
            std::thread::sleep(Duration::from_millis(ms));
            ms
        };
        let results: Vec<_> = pool
            .imap_unordered_indexed(nap, vec![0, 60_000, 1, 2, 3])
            .unwrap()
            .collect();
        assert_eq!(results.len(), 5, "every item accounted for");
        for (i, r) in &results {
            match (i, r) {
                (1, Err(PoolError::TaskTimedOut { item: 1, .. })) => {}
                (1, other) => panic!("item 1: {other:?}"),
                (_, r) => assert!(r.is_ok(), "item {i}: {r:?}"),
            }
        }
        assert_usable(pool);
    });
}

#[test]
fn apply_async_reports_a_panic_and_a_dead_worker_naming_the_item() {
    within(LIMIT, "apply_async", || {
        let pool = Pool::new(1).unwrap();
        let forever = Some(Duration::from_secs(30));
        let mut panics = pool
            .apply_async(|n: u64| -> u64 { panic!("no {n} for you") }, 5)
            .unwrap();
        let err = panics.get(forever).unwrap_err();
        assert!(
            matches!(&err, PoolError::TaskPanicked { item: 0, message } if message == "no 5 for you"),
            "{err}"
        );
        let mut dies = pool
            .apply_async(|_: u64| -> u64 { std::process::exit(4) }, 5)
            .unwrap();
        let err = dies.get(forever).unwrap_err();
        assert!(
            matches!(
                &err,
                PoolError::WorkerDied {
                    item: 0,
                    exitcode: Some(4),
                    ..
                }
            ),
            "{err}"
        );
        assert_usable(pool);
    });
}

#[test]
fn map_async_with_a_failing_item_calls_the_error_callback_once() {
    within(LIMIT, "map_async", || {
        let pool = Pool::new(2).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let tx2 = tx.clone();
        let mut r = pool
            .map_async_with_callbacks(
                |n: u64| {
                    if n == 4 {
                        std::process::exit(9)
                    }
                    n
                },
                (0..8).collect(),
                move |_| tx.send("callback".to_string()).unwrap(),
                move |e| tx2.send(e.to_string()).unwrap(),
            )
            .unwrap();
        let err = r.get(Some(Duration::from_secs(30))).unwrap_err();
        assert!(
            matches!(err, PoolError::WorkerDied { item: 4, .. }),
            "{err}"
        );
        let calls: Vec<String> = rx.try_iter().collect();
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert!(calls[0].contains("item 4"), "{calls:?}");
    });
}
