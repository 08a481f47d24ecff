//! Pools used from several threads at once: every call ends with its results or an error
//! naming the item, workers dying included. (A worker's death is seen through its sentinel
//! as well as its pipe, for the rare case where a process forked by another thread holds a
//! copy of the pipe; this test does not reliably hit that window.)

mod common;

use std::time::Duration;

use multiprocessing::{Pool, PoolError};

const THREADS: usize = 4;
const ROUNDS: usize = 20;

fn rounds(thread: usize) {
    let pool = Pool::new(2).unwrap();
    for round in 0..ROUNDS {
        let items: Vec<u64> = (0..6).collect();
        // One item in four rounds kills its worker: its death must still be noticed.
        let dies = round % 4 == thread % 4;
        let got = pool.map(
            move |n: u64| {
                if dies && n == 3 {
                    std::process::exit(5)
                }
                n * n
            },
            items,
        );
        match (dies, got) {
            (false, Ok(v)) => assert_eq!(v, [0, 1, 4, 9, 16, 25]),
            (true, Err(PoolError::WorkerDied { item: 3, .. })) => {}
            (_, other) => panic!("thread {thread} round {round}: {other:?}"),
        }
    }
}

#[test]
fn pools_in_four_threads_at_once_never_hang() {
    common::within(Duration::from_secs(120), "pools in threads", || {
        std::thread::scope(|s| {
            for t in 0..THREADS {
                s.spawn(move || rounds(t));
            }
        });
    });
    assert!(
        common::children_of(std::process::id()).is_empty(),
        "a worker outlived the test"
    );
}
