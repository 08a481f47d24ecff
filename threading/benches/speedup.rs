//! The no-GIL claim, measured: the same prime count run sequentially and split across
//! T = 1, 2, 4, 8 threads. The speedup is sequential time / threaded time from one run of this
//! bench (`cargo xtask bench` pairs the two sides, A B A B, and gives the spread). On a 2-core machine
//! the limit is 2.0x; CPython threads doing this get about 0.9x, under the GIL.
//!
//! Run: `cargo bench -p threading --bench speedup` (`SPEEDUP_LIMIT=2000000` for the
//! issue's figure; the default is smaller so the bench stays under a minute).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threading::primes;

fn limit() -> u64 {
    std::env::var("SPEEDUP_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500_000)
}

fn speedup(c: &mut Criterion) {
    let limit = limit();
    let mut g = c.benchmark_group(format!("primes below {limit}"));
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    g.bench_function("sequential", |b| {
        b.iter(|| primes::count_sequential(black_box(limit)))
    });
    // 8 threads on 2 cores: where oversubscription starts to cost (`cargo xtask bench`'s curve).
    for t in [1u64, 2, 4, 8] {
        g.bench_with_input(BenchmarkId::new("threads", t), &t, |b, &t| {
            b.iter(|| primes::count_parallel(black_box(limit), t).0)
        });
    }
    g.finish();
}

criterion_group!(benches, speedup);
criterion_main!(benches);
