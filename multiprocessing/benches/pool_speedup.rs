//! `Pool.map` on a CPU-bound job against the same work done sequentially, in one run.
//!
//! `cargo bench -p multiprocessing --bench pool_speedup`. The ratio of the two times is the
//! speedup (goal on 2 idle cores: 1.9x or more; Python's Pool reached 1.87x). On a loaded
//! machine it is lower: the figure is only as good as the cores that were free.
//!
//! The job stays 8 equal items of `count_primes(150000)` (8.3 ms of CPU each), so each of 2
//! workers does 4 and any slowness of one core lands whole in the tail. Per call, the pool
//! itself costs ~0.45 ms of CPU (2 forks and exits, measured on trivial items, see `pool.rs`),
//! ~1.4% of the ~33 ms parallel time. In CPU time (parent and workers, 6 pairs sequential /
//! Pool(2), 3 calls each) the whole call costs 1.7% more than sequential, 0.983x [0.948-0.996]
//! (threads: 1.00x), so with 2 free cores its bound is ~1.97x; the rest of the distance from
//! there to the last quiet run's 1.84x [1.81-1.90] is wall time: forking before the first item
//! runs, reaping after the last, and 4 items a worker with nothing to rebalance the tail. On
//! 2026-11-30 06:40-07:00 UTC (load 12-15) no speedup could be measured at all: Rust threads
//! on the same items gave 0.84x-1.08x, so the goal is neither met nor refuted by this session.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use multiprocessing::Pool;
use multiprocessing::primes::count_primes;

/// Eight equal items: balanced over 2 workers.
fn items() -> Vec<u64> {
    vec![150_000; 8]
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("count primes below 150000, 8 times");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(8)));
    g.bench_function("sequential", |b| {
        b.iter(|| items().into_iter().map(count_primes).collect::<Vec<_>>())
    });
    // 1 to 8 workers: the curve of speedup against workers in `cargo xtask bench`.
    for workers in [1, 2, 4, 8] {
        let pool = Pool::new(workers).expect("pool");
        g.bench_function(format!("Pool({workers}).map"), |b| {
            b.iter(|| pool.map(count_primes, items()).expect("map"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
