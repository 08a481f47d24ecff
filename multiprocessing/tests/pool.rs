//! `Pool`: input order kept, panics and dead workers surface as errors, never a hang.

mod common;

use std::time::Duration;

use multiprocessing::{Pool, PoolError};

#[test]
fn zero_workers_is_pythons_value_error() {
    let err = Pool::new(0).unwrap_err();
    assert!(matches!(err, PoolError::NoWorkers));
    assert_eq!(
        err.to_string(),
        "ValueError: Number of processes must be at least 1"
    );
}

#[test]
fn map_keeps_input_order_when_later_items_finish_first() {
    // Item 0 sleeps longest, so it finishes last; the results still come back in input order.
    let pool = Pool::new(2).unwrap();
    let slow_first = |ms: u64| {
        std::thread::sleep(Duration::from_millis(ms));
        (ms, std::process::id())
    };
    let got = pool.map(slow_first, vec![60, 1, 2, 3, 4]).unwrap();
    let values: Vec<u64> = got.iter().map(|(v, _)| *v).collect();
    assert_eq!(values, [60, 1, 2, 3, 4]);
    assert!(
        got.iter().all(|(_, pid)| *pid != std::process::id()),
        "work ran in the parent"
    );
}

#[test]
fn imap_unordered_yields_every_result_once() {
    let pool = Pool::new(3).unwrap();
    let mut got: Vec<u64> = pool
        .imap_unordered(|n: u64| n * n, (0..20).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    got.sort();
    assert_eq!(got, (0..20u64).map(|n| n * n).collect::<Vec<_>>());
}

#[test]
fn indexed_results_carry_their_input_position() {
    let pool = Pool::new(2).unwrap();
    let mut got: Vec<(usize, u64)> = pool
        .imap_unordered_indexed(|n: u64| n + 100, vec![5, 6, 7])
        .unwrap()
        .map(|(i, r)| (i, r.unwrap()))
        .collect();
    got.sort();
    assert_eq!(got, [(0, 105), (1, 106), (2, 107)]);
}

#[test]
fn a_panicking_task_is_an_err_in_the_parent_and_the_rest_still_run() {
    let pool = Pool::new(2).unwrap();
    let f = |n: u64| {
        assert!(n != 3, "three is not allowed");
        n
    };
    let results: Vec<(usize, Result<u64, PoolError>)> = pool
        .imap_unordered_indexed(f, (0..6).collect())
        .unwrap()
        .collect();
    assert_eq!(results.len(), 6);
    for (i, r) in results {
        match r {
            Ok(n) => assert_eq!(n, i as u64),
            Err(PoolError::TaskPanicked { item, message }) => {
                assert_eq!((item, i), (3, 3));
                assert!(message.contains("three is not allowed"), "{message}");
            }
            Err(e) => panic!("unexpected {e}"),
        }
    }
    // map reports the first failure.
    let err = pool.map(f, (0..6).collect()).unwrap_err();
    assert!(
        matches!(err, PoolError::TaskPanicked { item: 3, .. }),
        "{err}"
    );
}

#[test]
fn a_worker_that_dies_is_an_err_not_a_hang() {
    let pool = Pool::new(2).unwrap();
    let f = |n: u64| {
        if n == 2 {
            std::process::exit(7);
        }
        n
    };
    let results: Vec<(usize, Result<u64, PoolError>)> = pool
        .imap_unordered_indexed(f, (0..8).collect())
        .unwrap()
        .collect();
    assert_eq!(results.len(), 8, "every item accounted for");
    let died: Vec<&PoolError> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .collect();
    assert_eq!(died.len(), 1, "{died:?}");
    assert!(
        matches!(
            died[0],
            PoolError::WorkerDied {
                item: 2,
                exitcode: Some(7),
                ..
            }
        ),
        "{}",
        died[0]
    );
}

#[test]
fn when_every_worker_dies_the_remaining_items_fail() {
    let pool = Pool::new(1).unwrap();
    let results: Vec<(usize, Result<u64, PoolError>)> = pool
        .imap_unordered_indexed(|_: u64| -> u64 { std::process::exit(3) }, vec![1, 2, 3])
        .unwrap()
        .collect();
    assert_eq!(results.len(), 3);
    assert!(
        results
            .iter()
            .all(|(_, r)| matches!(r, Err(PoolError::WorkerDied { .. })))
    );
}

#[test]
fn dropping_a_run_early_stops_and_reaps_its_workers() {
    let pool = Pool::new(2).unwrap();
    let mut run = pool
        .imap_unordered_indexed(
            |ms: u64| {
                std::thread::sleep(Duration::from_millis(ms));
                ms
            },
            vec![1, 60_000, 60_000],
        )
        .unwrap();
    assert_eq!(run.next().map(|(i, r)| (i, r.ok())), Some((0, Some(1))));
    let workers = run.pids();
    assert_eq!(workers.len(), 2);
    assert!(workers.iter().all(|&p| common::is_our_child(p)));
    drop(run); // does not wait 60 s: busy workers are terminated
    for p in workers {
        assert!(!common::is_our_child(p), "worker {p} left behind");
    }
}

#[test]
fn empty_input_gives_empty_output() {
    let pool = Pool::new(2).unwrap();
    assert_eq!(pool.map(|n: u64| n, vec![]).unwrap(), Vec::<u64>::new());
}
