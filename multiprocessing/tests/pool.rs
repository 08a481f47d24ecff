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

/// Python's workers take their next task from a shared queue without waiting for the parent;
/// here the next item is already in the worker's pipe. The parent reads no result, and still
/// both items run: each writes a byte to a pipe the parent reads.
#[test]
fn a_worker_starts_its_next_item_without_waiting_for_the_parent() {
    use std::io::Read;
    use std::os::fd::{AsRawFd, BorrowedFd};
    common::within(Duration::from_secs(60), "two items, no result read", || {
        let (rx, tx) = nix::unistd::pipe().unwrap();
        let tx_fd = tx.as_raw_fd();
        let say = move |k: u8| {
            // Safety: `tx` stays open in the parent until the end of the test, so the copy
            // the worker inherited at its fork is open too.
            let fd = unsafe { BorrowedFd::borrow_raw(tx_fd) };
            nix::unistd::write(fd, &[k]).is_ok()
        };
        let pool = Pool::new(1).unwrap();
        let run = pool.imap_unordered_indexed(say, vec![1, 2]).unwrap();
        // The run is not read from: with one item at a time the worker would wait for it, and
        // this read would wait for ever.
        let mut said = [0u8; 2];
        std::fs::File::from(rx).read_exact(&mut said).unwrap();
        assert_eq!(said, [1, 2]);
        let mut done: Vec<_> = run.map(|(i, r)| (i, r.unwrap())).collect();
        done.sort();
        assert_eq!(done, [(0, true), (1, true)]);
        drop(tx);
    });
}

#[test]
fn an_item_waiting_behind_one_that_kills_its_worker_runs_on_a_fresh_worker() {
    common::within(
        Duration::from_secs(60),
        "a worker dies with items queued",
        || {
            let pool = Pool::new(1).unwrap();
            let exit_on_zero = |n: u64| {
                if n == 0 {
                    std::process::exit(3)
                }
                (n, std::process::id())
            };
            let mut got: Vec<_> = pool
                .imap_unordered_indexed(exit_on_zero, vec![0, 1, 2])
                .unwrap()
                .collect();
            got.sort_by_key(|(i, _)| *i);
            assert!(
                matches!(
                    got[0].1,
                    Err(PoolError::WorkerDied {
                        item: 0,
                        exitcode: Some(3),
                        ..
                    })
                ),
                "{:?}",
                got[0]
            );
            assert_eq!(got[1].1.as_ref().unwrap().0, 1, "{got:?}");
            assert_eq!(got[2].1.as_ref().unwrap().0, 2, "{got:?}");
        },
    );
}

#[test]
fn an_item_waiting_behind_one_that_times_out_still_runs() {
    common::within(
        Duration::from_secs(60),
        "a timeout with an item queued",
        || {
            let pool = Pool::new(1)
                .unwrap()
                .task_timeout(Duration::from_millis(300));
            let nap = |ms: u64| {
                std::thread::sleep(Duration::from_millis(ms));
                ms
            };
            let mut got: Vec<_> = pool
                .imap_unordered_indexed(nap, vec![60_000, 1])
                .unwrap()
                .collect();
            got.sort_by_key(|(i, _)| *i);
            assert!(
                matches!(got[0].1, Err(PoolError::TaskTimedOut { item: 0, .. })),
                "{:?}",
                got[0]
            );
            assert_eq!(got[1].1.as_ref().ok(), Some(&1));
        },
    );
}

/// Items too large to wait in a pipe go one at a time: a large item and a large reply
/// cannot block the parent and the worker on each other.
#[test]
fn large_items_and_large_replies_do_not_deadlock() {
    common::within(
        Duration::from_secs(60),
        "100 KB items, 100 KB replies",
        || {
            let pool = Pool::new(1).unwrap();
            let items: Vec<String> = (0..4u8)
                .map(|k| char::from(b'a' + k).to_string().repeat(100_000))
                .collect();
            let echo = |s: String| s.repeat(2);
            let got = pool.map(echo, items.clone()).unwrap();
            let want: Vec<String> = items.iter().map(|s| s.repeat(2)).collect();
            assert_eq!(got, want);
        },
    );
}
