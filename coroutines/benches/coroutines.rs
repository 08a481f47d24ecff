//! What a generator costs (SPEC section 6), against the floor and against Python.
//!
//! `send`: one round trip into the body and back, against a raw corosensei resume/suspend
//! round trip (the floor our PEP 342 layer adds to) and a plain `Iterator::next`.
//! `life`: a small generator's whole life (create, prime, one send, close), on corosensei's
//! default 1 MiB stack, a right-sized fresh stack, and our pooled stack. At the end, a
//! summary with the ratios, measured in this run, and Python's figures from
//! `benches/python_reference.py` (skipped with a line if there is no `python3`).
//!
//! Criterion ids: `coroutines/send` (our `Generator::send`), `coroutines/send_raw_corosensei`,
//! `coroutines/send_iterator_next`; `coroutines/life` (pooled stack, the default),
//! `coroutines/life_fresh_64kib_stack`, `coroutines/life_raw_corosensei_1mib_stack`,
//! `coroutines/life_raw_corosensei_16kib_stack`.
//!
//! Run with `cargo bench -p coroutines` (also run by `cargo xtask bench`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, Yielder};
use coroutines::{DEFAULT_STACK_SIZE, Exception, Generator, Stack};
use criterion::{Criterion, criterion_group};

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

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = send, life
}

/// Nanoseconds per call of `f`, the best of five runs of `n` calls.
fn ns_per(n: u32, mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(n)
        })
        .fold(f64::INFINITY, f64::min)
}

/// Python's figures: (send ns, life ns), or why there are none.
fn python() -> Result<(f64, f64), String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/python_reference.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .output()
        .map_err(|e| format!("no python3 ({e})"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("python3 printed no {key}: {text}"))
    };
    Ok((get("send_ns")?, get("life_ns")?))
}

fn summary() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let mut raw = raw_echo();
    let mut gen_ = echo();
    gen_.advance().unwrap();
    let raw_ns = ns_per(2_000_000, || {
        black_box(raw.resume(black_box(1)));
    });
    let send_ns = ns_per(2_000_000, || {
        let _ = black_box(gen_.send(black_box(1)));
    });
    let mut it = 0u64..;
    let next_ns = ns_per(2_000_000, || {
        black_box(it.next());
    });
    let raw_life_ns = ns_per(5_000, || raw_life(DefaultStack::default()));
    let fresh_ns = ns_per(5_000, || generator_life(Stack::Fresh(DEFAULT_STACK_SIZE)));
    let pooled_ns = ns_per(50_000, || generator_life(Stack::Pooled));

    println!("\nsummary (best of 5, this run)");
    println!("  Iterator::next                     {next_ns:>9.1} ns");
    println!("  raw corosensei resume/suspend      {raw_ns:>9.1} ns");
    println!(
        "  Generator::send                    {send_ns:>9.1} ns   {:.2}x raw corosensei (goal: at most 2x)",
        send_ns / raw_ns
    );
    println!("  life, raw corosensei 1 MiB stack   {raw_life_ns:>9.1} ns");
    println!("  life, Generator, fresh 64 KiB      {fresh_ns:>9.1} ns");
    println!(
        "  life, Generator, pooled stack      {pooled_ns:>9.1} ns   {:.1}x faster than raw 1 MiB",
        raw_life_ns / pooled_ns
    );
    match python() {
        Ok((py_send, py_life)) => {
            println!(
                "  Python generator send              {py_send:>9.1} ns   ours is {:.1}x faster",
                py_send / send_ns
            );
            println!(
                "  Python generator life              {py_life:>9.1} ns   ours (pooled) is {:.1}x faster",
                py_life / pooled_ns
            );
        }
        Err(why) => println!("  Python: skipped, {why}"),
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary();
}
