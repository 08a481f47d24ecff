//! What a generator costs (SPEC section 6), against the floor and against Python.
//!
//! `send`: one round trip into the body and back, against a raw corosensei resume/suspend
//! round trip (the floor our PEP 342 layer adds to) and a plain `Iterator::next`.
//! `life`: a small generator's whole life (create, prime, one send, close), on corosensei's
//! default 1 MiB stack, a right-sized fresh stack, and our pooled stack. `cargo xtask bench`
//! pairs these with Python's (`reference/python/bench.py`) and with each other.
//!
//! Criterion ids: `coroutines/send` (our `Generator::send`), `coroutines/send_raw_corosensei`,
//! `coroutines/send_iterator_next`; `coroutines/life` (pooled stack, the default),
//! `coroutines/life_fresh_64kib_stack`, `coroutines/life_raw_corosensei_1mib_stack`,
//! `coroutines/life_raw_corosensei_16kib_stack`; `generator_life_by_stack/{16,64,256,1024}`
//! (fresh stacks of that many KiB).
//!
//! Run with `cargo bench -p coroutines` (also run by `cargo xtask bench`).

use std::hint::black_box;
use std::time::Duration;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, Yielder};
use coroutines::{DEFAULT_STACK_SIZE, Exception, Generator, Stack};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// A generator that yields back whatever it is sent (Python: `x = yield x`).
fn echo() -> Generator<u64, u64> {
    Generator::new("echo", |co| {
        let mut x = 0;
        loop {
            x = co.yield_(x)?.unwrap_or(x);
        }
    })
}

/// The same on a raw corosensei coroutine: no states, no exceptions, no stack pool.
fn raw_echo() -> Coroutine<u64, u64, ()> {
    Coroutine::new(|y: &Yielder<u64, u64>, mut x| {
        loop {
            x = y.suspend(x);
        }
    })
}

/// The notebook's fancy_name, silent: waits for names until closed.
fn fancy_name(stack: Stack) -> Generator<(), String> {
    Generator::with_stack("fancy_name", stack, |co| {
        loop {
            match co.yield_(()) {
                Ok(name) => {
                    black_box(name);
                }
                Err(Exception::GeneratorExit) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    })
    .expect("a stack")
}

fn generator_life(stack: Stack) {
    let mut co = fancy_name(stack);
    co.advance().unwrap();
    co.send(black_box("Utkarsh".to_owned())).unwrap();
    co.close().unwrap();
}

/// The same life on a raw corosensei coroutine (closing is dropping: a forced unwind).
fn raw_life(stack: DefaultStack) {
    let mut co = Coroutine::with_stack(stack, |y: &Yielder<Option<String>, ()>, _| {
        loop {
            black_box(y.suspend(()));
        }
    });
    co.resume(None);
    co.resume(Some(black_box("Utkarsh".to_owned())));
    drop(co);
}

/// Criterion ids are `coroutines/<function>`; `cargo xtask bench` reads `coroutines/send` and
/// `coroutines/life` (the pooled generator) for its rows against Python.
fn send(c: &mut Criterion) {
    let mut g = c.benchmark_group("coroutines");
    g.bench_function("send_iterator_next", |b| {
        let mut it = 0u64..;
        b.iter(|| black_box(it.next()))
    });
    g.bench_function("send_raw_corosensei", |b| {
        let mut co = raw_echo();
        b.iter(|| black_box(co.resume(black_box(1))))
    });
    g.bench_function("send", |b| {
        let mut co = echo();
        co.advance().unwrap();
        b.iter(|| black_box(co.send(black_box(1))))
    });
    g.finish();
}

fn life(c: &mut Criterion) {
    let mut g = c.benchmark_group("coroutines");
    g.bench_function("life_raw_corosensei_1mib_stack", |b| {
        b.iter(|| raw_life(DefaultStack::default()))
    });
    g.bench_function("life_raw_corosensei_16kib_stack", |b| {
        b.iter(|| raw_life(DefaultStack::new(16 * 1024).unwrap()))
    });
    g.bench_function("life_fresh_64kib_stack", |b| {
        b.iter(|| generator_life(Stack::Fresh(DEFAULT_STACK_SIZE)))
    });
    g.bench_function("life", |b| b.iter(|| generator_life(Stack::Pooled)));
    g.finish();
}

/// A generator's life on fresh stacks of growing size: the curve in `cargo xtask bench`.
/// The stack is mapped, not touched, so its size should barely show.
fn life_by_stack(c: &mut Criterion) {
    let mut g = c.benchmark_group("generator_life_by_stack");
    for kib in [16usize, 64, 256, 1024] {
        g.bench_with_input(BenchmarkId::from_parameter(kib), &kib, |b, &kib| {
            b.iter(|| generator_life(Stack::Fresh(kib * 1024)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = send, life, life_by_stack
}

criterion_main!(benches);
