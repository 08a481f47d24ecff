//! The async workloads that `tasks.rs` (one figure each) and `curves.rs` (the same against N)
//! both time, written once so that a row and its curve cannot drift apart.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Both benches allocate with mimalloc, a pool for small objects as CPython's pymalloc is
/// for its tasks and coroutines (see `tasks.rs` for the figures with glibc's malloc).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long each sleeper sleeps.
pub const NAP: Duration = Duration::from_millis(100);

/// `create_task` + `await`, N times, with `tokio::spawn`: each task can move between threads
/// (`Send`), so tokio keeps it in a list shared with other threads (a lock per spawn and per
/// end) and holds an `Arc` to the runtime in it.
pub async fn spawn_join(n: u64) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::spawn(async move { black_box(i) }))
        .collect();
    for h in handles {
        black_box(h.await.expect("a trivial task"));
    }
}

/// The same with `tokio::task::spawn_local`, inside a `LocalSet`: asyncio's model, a task that
/// never leaves its thread (it may hold `Rc`s), listed without a lock. Still a real task per
/// `create_task`: scheduled on its own, joinable, abortable through its `JoinHandle`.
#[allow(dead_code, reason = "curves.rs draws tokio::spawn only")]
pub async fn spawn_join_local(n: u64) {
    let handles: Vec<_> = (0..n)
        .map(|i| tokio::task::spawn_local(async move { black_box(i) }))
        .collect();
    for h in handles {
        black_box(h.await.expect("a trivial task"));
    }
}

/// N tasks each sleeping [`NAP`], all started at the beginning; returns the wall time.
///
/// `tokio::time::sleep` fixes its deadline when it is created, so the N sleeps are created
/// first (about 35 ns each) and only then spawned: spawning 10,000 tasks takes 2-8 ms here,
/// and creating each sleep inside the spawn loop put the last deadline that much later than
/// the first (the wall time was 100 ms plus the whole spawn loop). Every deadline is still at
/// least `start + NAP`, which the assertion checks: nothing is shortened, only the spawn loop
/// no longer runs before the clock of the last sleep starts.
pub async fn concurrent_sleeps(n: usize) -> Duration {
    let start = Instant::now();
    let sleeps: Vec<_> = (0..n).map(|_| tokio::time::sleep(NAP)).collect();
    let handles: Vec<_> = sleeps.into_iter().map(tokio::spawn).collect();
    for h in handles {
        h.await.expect("a sleeper");
    }
    let took = start.elapsed();
    assert!(took >= NAP, "{n} sleeps of {NAP:?} ended after {took:?}");
    took
}
