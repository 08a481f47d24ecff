//! How a task's cost and a sleep's lateness grow with their number: the points of two curves
//! in `cargo xtask bench` (Python's asyncio beside them, from `reference/python/bench.py`).
//!
//! - `spawn_join_per_task/N`: spawn N trivial tasks, then await each (per task: the
//!   throughput is N elements), N = 1,000 to 1,000,000.
//! - `concurrent_sleeps_of_100ms/N`: N tasks each sleeping 100 ms at once; the wall time's
//!   floor is 100 ms whatever N, so what is above it is the runtime's cost of N timers. The
//!   N sleeps are created (their deadlines fixed) before the N tasks are spawned, as in
//!   `tasks.rs`: the spawn loop overlaps the sleep instead of delaying the last deadline.
//!
//! The workloads are `workloads/mod.rs`'s, the same as `tasks.rs`'s rows.
//!
//! `cargo bench -p asyncio --bench curves` (about a minute at full length).

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod workloads;

fn spawn_join_per_task(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn_join_per_task");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    let rt = asyncio::runtime::current_thread().expect("a runtime");
    for n in [1_000u64, 10_000, 100_000, 1_000_000] {
        g.throughput(Throughput::Elements(n));
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| rt.block_on(workloads::spawn_join(n)))
        });
    }
    g.finish();
}

fn concurrent_sleeps(c: &mut Criterion) {
    let mut g = c.benchmark_group("concurrent_sleeps_of_100ms");
    g.sample_size(10)
        .warm_up_time(interleaving::cli::bench_time(Duration::from_millis(500)))
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(6)));
    let rt = asyncio::runtime::current_thread().expect("a runtime");
    for n in [10_000usize, 100_000, 1_000_000] {
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            b.iter(|| rt.block_on(workloads::concurrent_sleeps(n)))
        });
    }
    g.finish();
}

criterion_group!(benches, spawn_join_per_task, concurrent_sleeps);
criterion_main!(benches);
