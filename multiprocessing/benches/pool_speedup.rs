//! `Pool.map` on a CPU-bound job against the same work done sequentially, in one run.
//!
//! `cargo bench -p multiprocessing --bench pool_speedup`. The ratio of the two times is the
//! speedup (goal on 2 idle cores: 1.9x or more; Python's Pool reached 1.87x). On a loaded
//! machine it is lower: the figure is only as good as the cores that were free.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use multiprocessing::Pool;
use multiprocessing::cells::count_primes;

/// Eight equal items: balanced over 2 workers.
fn items() -> Vec<u64> {
    vec![150_000; 8]
}

/// Sequential and pooled runs alternated, so both see the same load; prints the medians
/// and their ratio, the speedup of this run.
fn report_speedup(runs: usize) {
    let pool = Pool::new(2).expect("pool");
    let (mut seq, mut par) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let a: Vec<u64> = items().into_iter().map(count_primes).collect();
        seq.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let b = pool.map(count_primes, items()).expect("map");
        par.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(a, b);
    }
    seq.sort_by(f64::total_cmp);
    par.sort_by(f64::total_cmp);
    let (s, p) = (seq[runs / 2], par[runs / 2]);
    println!(
        "interleaved medians over {runs} runs: sequential {s:.1} ms, Pool(2).map {p:.1} ms: speedup {:.2}x",
        s / p
    );
}

fn bench(c: &mut Criterion) {
    report_speedup(30);
    let mut g = c.benchmark_group("count primes below 150000, 8 times");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(8)));
    g.bench_function("sequential", |b| {
        b.iter(|| items().into_iter().map(count_primes).collect::<Vec<_>>())
    });
    for workers in [2, 4] {
        let pool = Pool::new(workers).expect("pool");
        g.bench_function(format!("Pool({workers}).map"), |b| {
            b.iter(|| pool.map(count_primes, items()).expect("map"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
