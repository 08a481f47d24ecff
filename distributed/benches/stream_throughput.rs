//! Items per second through a Redis stream (XADD, XREADGROUP, XACK, one round trip each) with
//! 1, 2 and 4 workers, against the same items through the in-process `producer_consumer::Queue`:
//! the cost of crossing a process and a network hop, as ratios from one run.
//!
//! `cargo bench -p distributed --bench stream_throughput -- --quick`. It starts its own
//! `redis-server` (and skips, saying why, without one). The workers are threads here, each
//! with its own connection: to the server that is what a process on another machine is, and
//! it keeps process start-up out of the figure.

use std::cell::OnceCell;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use distributed::{Body, Broker, EmbeddedServer};
use interleaving::cli::bench_time;
use producer_consumer::Queue;

/// Items per measured iteration.
const N: u64 = 2_000;

/// One worker: read, acknowledge, until the producer is done and nothing is pending.
fn drain(url: &str, stream: &str, name: &str) {
    let mut b = Broker::connect(url, stream).expect("worker connects");
    loop {
        let done = b.is_done().expect("EXISTS");
        match b.get(name, Duration::from_millis(5)).expect("XREADGROUP") {
            Some(e) => {
                if let Body::Item(i) = &e.body {
                    std::hint::black_box(i);
                }
                b.task_done(&e.id).expect("XACK");
            }
            None if done && b.pending().expect("XPENDING") == 0 => return,
            None => {}
        }
    }
}

/// `N` items from one producer to `workers` workers through the stream; the time until the
/// last is acknowledged.
fn through_stream(url: &str, workers: usize) -> Duration {
    let stream = format!("bench:{workers}");
    let mut p = Broker::connect(url, &stream).expect("producer connects");
    p.prepare().expect("fresh stream");
    let start = Instant::now();
    thread::scope(|s| {
        for w in 0..workers {
            let (url, stream) = (url, stream.as_str());
            s.spawn(move || drain(url, stream, &format!("w{w}")));
        }
        for i in 0..N {
            p.put(&i.to_string()).expect("XADD");
        }
        p.set_done().expect("SET done");
    });
    start.elapsed()
}

/// The same through our in-process `Queue`, `workers` consumer threads, ended by shutdown.
fn through_queue(workers: usize) -> Duration {
    let q: Queue<u64> = Queue::new(0);
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Ok(i) = q.get() {
                    std::hint::black_box(i.to_string());
                    q.task_done().ok();
                }
            });
        }
        for i in 0..N {
            q.put(i).ok();
        }
        q.shutdown(false);
    });
    start.elapsed()
}

fn bench(c: &mut Criterion) {
    // Started on the first Redis measurement only (listing the benchmarks, or measuring the
    // in-process Queue, needs no server), and stopped when this function returns.
    let server: OnceCell<EmbeddedServer> = OnceCell::new();
    let url = || {
        let s = server.get_or_init(|| EmbeddedServer::start().expect("redis-server starts"));
        s.url().to_owned()
    };
    // Without redis-server only the in-process figures exist (the Redis rows say "not run").
    let redis = distributed::server::available();
    if !redis {
        eprintln!("stream_throughput: {}", distributed::server::MISSING);
    }
    let mut g = c.benchmark_group("stream_throughput");
    g.sample_size(10)
        .warm_up_time(bench_time(Duration::from_secs(1)))
        .measurement_time(bench_time(Duration::from_secs(4)))
        .throughput(Throughput::Elements(N));
    for workers in [1, 2, 4] {
        let label = format!("{workers} workers");
        if redis {
            g.bench_function(BenchmarkId::new("redis stream", &label), |b| {
                let url = url();
                b.iter_custom(|iters| (0..iters).map(|_| through_stream(&url, workers)).sum())
            });
        }
        g.bench_function(BenchmarkId::new("in-process Queue", &label), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| through_queue(workers)).sum())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
