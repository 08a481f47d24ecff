//! Fork from a threaded parent never hangs a child: 8 threads start and join processes at
//! once, hundreds of times, with a deadline on every join. (`fork_spawn_stress.rs`: forked
//! children start spawned ones while other threads take every lock of the crate.)
//!
//! Before the at-fork locking, a child forked while another thread held Rust's stdout lock
//! (every `Process::start` flushes stdout) or the list of live children (every join updates
//! it) inherited that lock held forever, and hung on its first flush or on starting a child.

mod common;

use std::time::{Duration, Instant};

use multiprocessing::tasks::SLEEP_MS;
use multiprocessing::{Process, active_children};

const THREADS: usize = 8;
const ROUNDS: usize = 100;
/// A bound, not a timing claim: a healthy child here ends in well under a millisecond.
const JOIN_DEADLINE: Duration = Duration::from_secs(10);

/// A child that needs the locks a parent thread may hold at the fork: it writes to stdout
/// through Rust's lock, and it starts (and joins) a grandchild through the live-children list.
fn child_needing_locks() {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(b"");
    assert!(
        active_children().is_empty(),
        "a forked child inherited its parent's children"
    );
    let mut grandchild = Process::new("grandchild", || {});
    grandchild.start().unwrap();
    grandchild.join().unwrap();
    assert_eq!(grandchild.exitcode(), Some(0));
}

/// One thread's rounds; returns the rounds whose child did not end in time (killed then).
fn rounds(thread: usize) -> Vec<String> {
    let mut hung = Vec::new();
    for round in 0..ROUNDS {
        let name = format!("t{thread}-r{round}");
        let mut p = if round % 10 == 9 {
            Process::spawn(&name, &SLEEP_MS, &0).unwrap()
        } else {
            Process::new(&name, child_needing_locks)
        };
        p.start().unwrap();
        p.join_timeout(JOIN_DEADLINE).unwrap();
        if p.is_alive().unwrap_or(false) {
            let _ = p.kill();
            hung.push(name);
        } else if p.exitcode() != Some(0) {
            hung.push(format!("{name} exited with {:?}", p.exitcode()));
        }
        let _ = p.join();
    }
    hung
}

#[test]
fn eight_threads_start_and_join_processes_without_hanging() {
    multiprocessing::set_executable(env!("CARGO_BIN_EXE_multiprocessing"));
    let t0 = Instant::now();
    let failed: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS).map(|t| s.spawn(move || rounds(t))).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failed.is_empty(),
        "{} of {} children hung or failed: {failed:?}",
        failed.len(),
        THREADS * ROUNDS
    );
    assert!(active_children().is_empty());
    assert!(
        common::children_of(std::process::id()).is_empty(),
        "a child outlived the test"
    );
    eprintln!("{} processes in {:?}", THREADS * ROUNDS, t0.elapsed());
}
