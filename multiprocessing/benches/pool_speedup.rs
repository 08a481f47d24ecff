//! `Pool.map` on a CPU-bound job against the same work done sequentially, in one run.
//!
//! `cargo bench -p multiprocessing --bench pool_speedup`. The ratio of the two times is the
//! speedup (goal on 2 idle cores: 1.9x or more; Python's Pool reached 1.87x). On a loaded
//! machine it is lower: the figure is only as good as the cores that were free.

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
