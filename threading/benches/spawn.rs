//! What a thread costs: spawn + join of one thread, with `std::thread::spawn` and with
//! `thread::scope`, per thread. (Python's `Thread(...).start(); t.join()` costs the same OS
//! thread plus the interpreter's bookkeeping.) Run: `cargo bench -p threading --bench spawn`.

use std::hint::black_box;
use std::thread;

use criterion::{Criterion, criterion_group, criterion_main};

fn spawn_join(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn+join one thread");
    g.bench_function("std::thread::spawn", |b| {
        b.iter(|| thread::spawn(|| black_box(1)).join().expect("no panic"))
    });
    g.bench_function("thread::scope", |b| {
        b.iter(|| thread::scope(|s| s.spawn(|| black_box(1)).join().expect("no panic")))
    });
    g.finish();
}

criterion_group!(benches, spawn_join);
criterion_main!(benches);
