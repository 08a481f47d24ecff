//! Items per second end to end (put, process, ack) through a Redis stream with 2 workers,
//! against the batch size: the producer pipelines `batch` `XADD`s, each worker reads
//! `XREADGROUP ... COUNT batch` and acknowledges the batch's `XACK`s in one round trip, the
//! lesson's own `Broker` calls (`--batch`). Beside it, Redis's own ceiling on this machine:
//! `redis-benchmark` sending `XADD` with the same pipeline depth (`-P batch`) to the same
//! server, when `redis-benchmark` is on PATH (else that benchmark is not listed).
//!
//! `cargo bench -p distributed --bench stream_batch -- --quick`; one point:
//! `cargo bench -p distributed --bench stream_batch -- --exact "stream_batch/2 workers/64"`.
//! Workers are threads with a connection each, as in `stream_throughput`; no trace is written.

use std::cell::OnceCell;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use distributed::{Body, Broker, EmbeddedServer};
use interleaving::cli::bench_time;

/// Items per measured iteration at `batch`: it grows with the batch, so that what a run costs
/// whatever its size (three connections, a fresh stream and group, each worker's last read
/// blocking until its timeout because the producer was not done yet) stays a small part of a
/// figure that is about throughput. Measured at batch 64: 4,096 items took 33 ms, 13.8 ms of
/// them that fixed part (123k items/s), where 32,768 items give 192k items/s.
fn items(batch: usize) -> u64 {
    (1024 * batch as u64).clamp(4_096, 32_768)
}
/// The batch sizes of the curve.
const BATCHES: [usize; 5] = [1, 4, 16, 64, 256];
/// `XADD`s per `redis-benchmark` run.
const CEILING_REQUESTS: u64 = 20_000;

/// One worker, the lesson's turn without the trace: read a batch (with whether the producer
/// is done, in the same round trip), process each item, acknowledge the batch, until the
/// producer is done and nothing is pending.
fn drain(url: &str, stream: &str, name: &str, batch: usize) {
    let mut b = Broker::connect(url, stream).expect("worker connects");
    // As the lesson's worker: once a read brought entries after the producer was done, the
    // next one does not block.
    let mut done_before_last_read = false;
    loop {
        let block = if done_before_last_read {
            Duration::ZERO
        } else {
            Duration::from_millis(5)
        };
        let (done, got) = b
            .done_then_get(name, block, batch)
            .expect("EXISTS, XREADGROUP");
        done_before_last_read = done && !got.is_empty();
        if got.is_empty() {
            if done && b.pending().expect("XPENDING") == 0 {
                return;
            }
            continue;
        }
        for e in &got {
            if let Body::Item(i) = &e.body {
                std::hint::black_box(i.parse::<u64>().ok());
            }
        }
        let ids: Vec<&str> = got.iter().map(|e| e.id.as_str()).collect();
        b.task_done_each(&ids).expect("XACK");
    }
}

/// [`items`] from one producer to 2 workers, `batch` per round trip; the time until the last
/// is acknowledged.
fn through_stream(url: &str, batch: usize) -> Duration {
    let stream = format!("batch:{batch}");
    let mut p = Broker::connect(url, &stream).expect("producer connects");
    p.prepare().expect("fresh stream");
    let values: Vec<String> = (0..items(batch)).map(|i| i.to_string()).collect();
    let start = Instant::now();
    thread::scope(|s| {
        for w in 0..2 {
            let stream = stream.as_str();
            s.spawn(move || drain(url, stream, &format!("w{w}"), batch));
        }
        for chunk in values.chunks(batch) {
            p.put_many(chunk).expect("XADD");
        }
        p.set_done().expect("SET done");
    });
    start.elapsed()
}

/// `redis-benchmark`'s own rate for `XADD` with `pipeline` in flight, one connection, as the
/// time [`items`] would take at that rate (so criterion reports it as a rate like the others).
fn ceiling(url: &str, pipeline: usize) -> Duration {
    let port = url.trim_end_matches('/').rsplit(':').next().unwrap_or("");
    let out = Command::new("redis-benchmark")
        .args(["-h", "127.0.0.1", "-p", port, "-c", "1", "-q", "--csv"])
        .args([
            "-n",
            &CEILING_REQUESTS.to_string(),
            "-P",
            &pipeline.to_string(),
        ])
        .args(["XADD", "ceiling", "*", "lab", "distributed", "item", "1"])
        .output()
        .expect("redis-benchmark runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // The CSV's last line: "XADD ...","RPS",...
    let rps: f64 = text
        .lines()
        .last()
        .and_then(|l| l.split(',').nth(1))
        .and_then(|f| f.trim_matches('"').parse().ok())
        .unwrap_or_else(|| panic!("redis-benchmark said {text:?}"));
    // Each run starts from an empty stream, as the lesson's do.
    let mut conn = distributed::broker::connect(url).expect("connects");
    let _: usize = redis::cmd("DEL")
        .arg("ceiling")
        .query(&mut conn)
        .expect("DEL");
    Duration::from_secs_f64(items(pipeline) as f64 / rps)
}

/// Whether `redis-benchmark` is on PATH.
fn has_redis_benchmark() -> bool {
    Command::new("redis-benchmark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn bench(c: &mut Criterion) {
    let server: OnceCell<EmbeddedServer> = OnceCell::new();
    let url = || {
        let s = server.get_or_init(|| EmbeddedServer::start().expect("redis-server starts"));
        s.url().to_owned()
    };
    if !distributed::server::available() {
        eprintln!("stream_batch: {}", distributed::server::MISSING);
        return;
    }
    let ceiling_too = has_redis_benchmark();
    if !ceiling_too {
        eprintln!("stream_batch: no redis-benchmark on PATH: the ceiling is not measured");
    }
    let mut g = c.benchmark_group("stream_batch");
    g.sample_size(10)
        .warm_up_time(bench_time(Duration::from_secs(1)))
        .measurement_time(bench_time(Duration::from_secs(3)));
    for batch in BATCHES {
        g.throughput(Throughput::Elements(items(batch)));
        g.bench_function(BenchmarkId::new("2 workers", batch), |b| {
            let url = url();
            b.iter_custom(|iters| (0..iters).map(|_| through_stream(&url, batch)).sum())
        });
        if ceiling_too {
            g.bench_function(BenchmarkId::new("redis-benchmark XADD -P", batch), |b| {
                let url = url();
                b.iter_custom(|iters| (0..iters).map(|_| ceiling(&url, batch)).sum())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
