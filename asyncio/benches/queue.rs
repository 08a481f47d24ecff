//! `asyncio::Queue` against `tokio::sync::mpsc` on the same work: one producer task puts
//! 10,000 numbers through a queue of 1,024, one consumer task gets them, on a `current_thread`
//! runtime. `reference/python/bench.py` runs the same with `asyncio.Queue`
//! (`asyncio.queue_throughput_1to1`), and `cargo xtask bench` shows the three side by side.
//!
//! Run with `cargo bench -p asyncio --bench queue` (add `-- --quick` for one short pass).

use std::hint::black_box;

use asyncio::Queue;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio::sync::mpsc;

const ITEMS: u64 = 10_000;
const CAPACITY: usize = 1024;

fn throughput(c: &mut Criterion) {
    let rt = asyncio::runtime::current_thread().unwrap();
    let mut g = c.benchmark_group("async_queue");
    g.throughput(Throughput::Elements(ITEMS));
    g.bench_function("asyncio::Queue/1->1 bounded 1024", |b| {
        b.iter(|| {
            rt.block_on(async {
                let q = Queue::new(CAPACITY);
                let consumer = {
                    let q = q.clone();
                    tokio::spawn(async move {
                        for _ in 0..ITEMS {
                            black_box(q.get().await.unwrap());
                        }
                    })
                };
                for i in 0..ITEMS {
                    q.put(i).await.unwrap();
                }
                consumer.await.unwrap();
            })
        })
    });
    g.bench_function("tokio mpsc/1->1 bounded 1024", |b| {
        b.iter(|| {
            rt.block_on(async {
                let (tx, mut rx) = mpsc::channel(CAPACITY);
                let consumer = tokio::spawn(async move {
                    while let Some(i) = rx.recv().await {
                        black_box(i);
                    }
                });
                for i in 0..ITEMS {
                    tx.send(i).await.unwrap();
                }
                drop(tx);
                consumer.await.unwrap();
            })
        })
    });
    g.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
