//! What checking costs against what recording costs: 4 producers and 4 consumers move
//! 500,000 items through our `Queue`, each operation's call and return stamped from one
//! shared counter (the trace's line order, without the writes): 1,000,000 operations. Then
//! `interleaving::linear::check` decides that history's linearizability. The goal of issue
//! 15: checking costs less than the run that produced it.
//!
//! `cargo bench -p producer-consumer --bench linearizability` (add `-- --quick` for a fast
//! look); `cargo xtask bench` shows the ratio as "linearizability check over recording".
//!
//! Beside it, `check_vs_size/N ops`: the whole check of the lesson (`check_lesson`, every
//! rule and property, not only linearizability) on a real `many-to-many` trace of N queue
//! operations (N/2 messages, 4 x 4), recorded once from the lesson's binary. Its time per
//! operation should stay flat from 10,000 to 1,000,000 operations: no rule is quadratic.
//! And `run_vs_size/N ops`: that recording itself, the lesson's process run to its end with
//! its trace read from the pipe, which checking must stay below (issue 25).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interleaving::linear::{self, History, Model, OK, Op};
use producer_consumer::Queue;

const ITEMS: u64 = 500_000;
const SIDES: u64 = 4;
/// Items per producer, and per consumer (`ITEMS` divides evenly).
const SHARE: u64 = ITEMS / SIDES;

/// One operation as a thread records it: (call stamp, return stamp, item, is it a put).
type Stamp = (usize, usize, u64, bool);

/// The real run: every put and get between two ticks of the shared clock.
fn record() -> Vec<Vec<Stamp>> {
    let q = Queue::new(0);
    let clock = AtomicUsize::new(1);
    let tick = || clock.fetch_add(1, Ordering::SeqCst);
    thread::scope(|s| {
        let mut hs = Vec::new();
        for _ in 0..SIDES {
            let (q, tick) = (&q, &tick);
            hs.push(s.spawn(move || {
                let mut log = Vec::with_capacity(SHARE as usize);
                for _ in 0..SHARE {
                    let call = tick();
                    let item = q.get().unwrap_or(u64::MAX);
                    log.push((call, tick(), item, false));
                }
                log
            }));
        }
        for p in 0..SIDES {
            let (q, tick) = (&q, &tick);
            hs.push(s.spawn(move || {
                let mut log = Vec::with_capacity(SHARE as usize);
                for j in 0..SHARE {
                    let item = p * ITEMS + j;
                    let call = tick();
                    let _ = q.put(item);
                    log.push((call, tick(), item, true));
                }
                log
            }));
        }
        hs.into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The stamps as the history the monitor reads from a trace.
fn history(logs: &[Vec<Stamp>]) -> History {
    let mut ops = Vec::with_capacity(2 * ITEMS as usize);
    for (t, log) in logs.iter().enumerate() {
        let actor = format!("thread-{t}");
        for &(call, ret, item, is_put) in log {
            let item = item.to_string();
            ops.push(if is_put {
                Op::new(&actor, "put", &item, OK, call, ret)
            } else {
                Op::new(&actor, "get", "", &item, call, ret)
            });
        }
    }
    History { ops }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("linearizability");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(20)))
        .throughput(Throughput::Elements(2 * ITEMS));
    g.bench_function("record 1,000,000 ops (4x4 threads)", |b| b.iter(record));
    // The history is made here, not above: criterion calls this closure only when the check
    // is the benchmark asked for, and `cargo xtask bench` asks for the two one at a time
    // (recording and building it cost the recording's run about a second for nothing).
    g.bench_function("check 1,000,000 ops", |b| {
        let h = history(&record());
        assert_eq!(h.ops.len(), 2 * ITEMS as usize);
        b.iter(|| {
            let verdict = linear::check(&h, Model::Fifo);
            assert!(verdict.is_ok(), "our queue is linearizable");
            verdict
        })
    });
    g.finish();
}

/// The trace sizes of `check_vs_size`, in queue operations.
const SIZES: [u64; 5] = [10_000, 30_000, 100_000, 300_000, 1_000_000];

/// A real trace of the `many-to-many` cell with `ops` queue operations (4 producers, 4
/// consumers), recorded from the lesson's binary.
fn recorded(ops: u64) -> interleaving::Trace {
    interleaving::Trace::parse(&String::from_utf8_lossy(&run(ops))).expect("its trace")
}

/// The lesson's run that records `ops` operations: its trace, read from the pipe to the end.
fn run(ops: u64) -> Vec<u8> {
    let messages = (ops / 2).to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_producer-consumer"))
        .args(["--trace", "--cell", "many-to-many", "--messages", &messages])
        .output()
        .expect("running the lesson");
    assert!(out.status.success(), "the lesson failed: {}", out.status);
    out.stdout
}

fn check_vs_size(c: &mut Criterion) {
    let mut g = c.benchmark_group("check_vs_size");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(10)));
    let (spec, properties) = (
        producer_consumer::properties::spec(),
        producer_consumer::properties::properties(),
    );
    for ops in SIZES {
        g.throughput(Throughput::Elements(ops));
        g.bench_function(format!("{ops} ops"), |b| {
            // Recorded here: criterion calls this only for the id asked for.
            let trace = recorded(ops);
            b.iter(|| {
                let report = interleaving::check_lesson(&trace, &spec, &properties);
                assert!(report.is_ok(), "{report}");
                report
            })
        });
    }
    g.finish();
}

/// The run each `check_vs_size` point checks: what checking is compared with.
fn run_vs_size(c: &mut Criterion) {
    let mut g = c.benchmark_group("run_vs_size");
    g.sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(10)));
    for ops in SIZES {
        g.throughput(Throughput::Elements(ops));
        g.bench_function(format!("{ops} ops"), |b| b.iter(|| run(ops)));
    }
    g.finish();
}

criterion_group!(benches, bench, check_vs_size, run_vs_size);
criterion_main!(benches);
