//! The no-GIL claim, measured: the same prime count run sequentially and split across
//! T = 1, 2, 4 threads. The speedup is sequential time / threaded time from one run of this
//! bench (criterion's report, or the summary line printed at the end). On a 2-core machine
//! the limit is 2.0x; CPython threads doing this get about 0.9x, under the GIL.
//!
//! Run: `cargo bench -p threading --bench speedup` (`SPEEDUP_LIMIT=2000000` for the
//! issue's figure; the default is smaller so the bench stays under a minute).

use std::hint::black_box;
use std::time::{Duration, Instant};

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
    for t in [1u64, 2, 4] {
        g.bench_with_input(BenchmarkId::new("threads", t), &t, |b, &t| {
            b.iter(|| primes::count_parallel(black_box(limit), t).0)
        });
    }
    g.finish();

    // One summary line of ratios, measured back to back on the same work.
    let time = |f: &dyn Fn() -> u64| {
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let t0 = Instant::now();
            black_box(f());
            best = best.min(t0.elapsed());
        }
        best
    };
    let seq = time(&|| primes::count_sequential(limit));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ratios: Vec<String> = [1u64, 2, 4]
        .iter()
        .map(|&t| {
            let par = time(&|| primes::count_parallel(limit, t).0);
            format!("{t} threads {:.2}x", seq.as_secs_f64() / par.as_secs_f64())
        })
        .collect();
    println!(
        "speedup over sequential (best of 5, primes below {limit}, {cores} cores): {}",
        ratios.join(", ")
    );
}

criterion_group!(benches, speedup);
criterion_main!(benches);
