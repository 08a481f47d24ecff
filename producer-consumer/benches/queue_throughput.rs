//! Messages per second through a queue, 1->1 and 4->4, bounded (1024) and unbounded (and
//! 2->2, 8->8 bounded):
//! our `Queue`, a naive Mutex+Condvar queue (Python's design, notify on every call, under
//! the lock), crossbeam-channel, and `std::sync::mpsc` (1->1 only: it has one receiver).
//!
//! `cargo bench -p producer-consumer --bench queue_throughput` (add `-- --quick` for a fast
//! look). Criterion prints elements/s per case; compare the rows of one run, on one machine.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use producer_consumer::Queue;

/// Messages per measured iteration (shared among the producers).
const N: u64 = 100_000;
const BOUND: usize = 1024;

/// Moves `N` items from `p` producers to `c` consumers through `put`/`get` closures; the
/// consumers stop after taking their share (so no shutdown call is timed).
fn pump<Q: Sync>(
    q: &Q,
    p: u64,
    c: u64,
    put: impl Fn(&Q, u64) + Sync,
    get: impl Fn(&Q) -> u64 + Sync,
) {
    thread::scope(|s| {
        for i in 0..c {
            let share = N / c + u64::from(i < N % c);
            let get = &get;
            s.spawn(move || {
                let mut sum = 0u64;
                for _ in 0..share {
                    sum = sum.wrapping_add(get(q));
                }
                std::hint::black_box(sum);
            });
        }
        for i in 0..p {
            let share = N / p + u64::from(i < N % p);
            let put = &put;
            s.spawn(move || (0..share).for_each(|x| put(q, x)));
        }
    });
}

/// The queue as Python writes it: notify on every put and get, with the lock held.
struct Naive {
    maxsize: usize,
    items: Mutex<VecDeque<u64>>,
    not_empty: Condvar,
    not_full: Condvar,
}

impl Naive {
    fn new(maxsize: usize) -> Self {
        Naive {
            maxsize,
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }
    fn put(&self, x: u64) {
        let mut q = self.items.lock().unwrap();
        while self.maxsize > 0 && q.len() >= self.maxsize {
            q = self.not_full.wait(q).unwrap();
        }
        q.push_back(x);
        self.not_empty.notify_one();
    }
    fn get(&self) -> u64 {
        let mut q = self.items.lock().unwrap();
        loop {
            if let Some(x) = q.pop_front() {
                self.not_full.notify_one();
                return x;
            }
            q = self.not_empty.wait(q).unwrap();
        }
    }
}

fn throughput(c: &mut Criterion) {
    let mut g = c.benchmark_group("queue_throughput");
    g.throughput(Throughput::Elements(N));
    g.sample_size(10);
    g.measurement_time(interleaving::cli::bench_time(Duration::from_secs(3)));
    g.warm_up_time(interleaving::cli::bench_time(Duration::from_millis(500)));
    // 2->2 and 8->8 (bounded only) complete `cargo xtask bench`'s curve of throughput
    // against producers x consumers.
    for (p, n) in [(1u64, 1u64), (2, 2), (4, 4), (8, 8)] {
        for bound in [BOUND, 0] {
            if bound == 0 && (p == 2 || p == 8) {
                continue;
            }
            let case = format!(
                "{p}->{n} {}",
                if bound == 0 {
                    "unbounded".into()
                } else {
                    format!("bounded {bound}")
                }
            );
            g.bench_function(BenchmarkId::new("ours", &case), |b| {
                b.iter(|| {
                    let q = Queue::new(bound);
                    pump(&q, p, n, |q, x| q.put(x).unwrap(), |q| q.get().unwrap());
                })
            });
            g.bench_function(BenchmarkId::new("naive", &case), |b| {
                b.iter(|| {
                    let q = Naive::new(bound);
                    pump(&q, p, n, Naive::put, Naive::get);
                })
            });
            g.bench_function(BenchmarkId::new("crossbeam", &case), |b| {
                b.iter(|| {
                    let q = if bound == 0 {
                        crossbeam_channel::unbounded()
                    } else {
                        crossbeam_channel::bounded(bound)
                    };
                    pump(
                        &q,
                        p,
                        n,
                        |q, x| q.0.send(x).unwrap(),
                        |q| q.1.recv().unwrap(),
                    );
                })
            });
            if n == 1 {
                g.bench_function(BenchmarkId::new("std-mpsc", &case), |b| {
                    b.iter(|| mpsc_1_to_1(bound))
                });
            }
        }
    }
    g.finish();
}

/// `std::sync::mpsc`: its Receiver is not Sync, so it gets its own loop.
fn mpsc_1_to_1(bound: usize) {
    let (tx, rx) = if bound == 0 {
        let (tx, rx) = mpsc::channel();
        (Sender::Unbounded(tx), rx)
    } else {
        let (tx, rx) = mpsc::sync_channel(bound);
        (Sender::Bounded(tx), rx)
    };
    thread::scope(|s| {
        s.spawn(move || {
            for x in 0..N {
                match &tx {
                    Sender::Unbounded(t) => t.send(x).unwrap(),
                    Sender::Bounded(t) => t.send(x).unwrap(),
                }
            }
        });
        let mut sum = 0u64;
        for _ in 0..N {
            sum = sum.wrapping_add(rx.recv().unwrap());
        }
        std::hint::black_box(sum);
    });
}

enum Sender {
    Unbounded(mpsc::Sender<u64>),
    Bounded(mpsc::SyncSender<u64>),
}

criterion_group!(benches, throughput);
criterion_main!(benches);
