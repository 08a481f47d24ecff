//! What a task costs and what waiting together buys, on tokio; `reference/python/bench.py`
//! runs the same three measurements on Python's asyncio (`asyncio.*` keys), and
//! `cargo xtask bench` puts the two side by side as ratios. The workloads are in
//! `workloads/mod.rs`, shared with `curves.rs`.
//!
//! - `spawn_join`: 1,000 trivial tasks spawned, then each awaited (Python: `create_task` +
//!   `await`), three ways: `current_thread` (`tokio::spawn` in `block_on`), `multi_thread`,
//!   and `local_set` (`spawn_local` in a `LocalSet`: asyncio's one-thread model, tasks that
//!   never leave their thread).
//! - `sleeps`: 10,000 concurrent sleeps of 100 ms: the wall time's floor is 100 ms.
//! - `echo`: 100 concurrent clients, 100 round trips each, on a loopback echo server.
//!
//! Run with `cargo bench -p asyncio` (about a minute).
//!
//! # Where the time goes (issue 17; 2026-11-30, a loaded 2-core machine, load average 11-15)
//!
//! Figures from a probe that times each variant as the median of 400 batches, the variants
//! taking turns (A B C A B C), 2-3 rounds each; Python's from `bench.py --quick --only`,
//! run between the rounds.
//!
//! **Sleeps.** 105 ms on the quiet run was 100 ms + the spawn loop + the timer's rounding +
//! the wake-ups. `tokio::time::sleep` fixes its deadline when it is created, and the bench
//! created each sleep inside its spawn loop, so the last deadline came a whole spawn loop
//! (2 ms quiet, 5-13 ms loaded) after the first. Creating the 10,000 sleeps first (0.35 ms)
//! and then spawning them keeps every deadline at `start + 100 ms` or later (asserted) while
//! the spawning overlaps the sleep. Paired, 30 and 20 alternating rounds: 110.2 -> 106.0 ms
//! and 113.6 -> 107.6 ms (median; minimum 104.4 -> 103.5 and 104.3 -> 103.9). What is left
//! cannot go: the timer wheel's 1 ms ticks round each deadline up (<= 1 ms), `epoll_wait`
//! takes whole milliseconds (<= 1 ms; a timer-only runtime parks with a nanosecond timeout
//! but measured no better: 107.7 vs 106.0, 109.2 vs 107.6), and 10,000 tasks must each be
//! woken, run and joined (~1-2 ms). `asyncio::gather` over the same sleeps was 179-283 ms
//! before this round (it polled every unfinished child on each wake-up: quadratic); it
//! now waits in argument order, 108-143 ms here (its children are larger futures, wrapped to
//! report failures out of order).
//!
//! **Spawn + join.** Per task, `tokio::spawn` on `current_thread`: 192-195 ns (Python:
//! 2346-2602 ns: 12-13x). `perf` on the 1,000-task loop: tokio's own task code 66%
//! (of which the lock-protected list of `Send` tasks, `ShardedList` push and remove, 12%),
//! glibc's malloc and free 20% (tokio's task cell is 128-byte aligned, which takes
//! `posix_memalign`'s slow path), the kernel 13% (page faults: glibc gives freed heap back
//! and takes it again each batch). Drivers: enable_all 194, timer only 190, none 187 ns: not
//! where the time goes. Spawning from inside a task instead of `block_on`: 3% slower.
//! `spawn_local` in a `LocalSet` skips the lock and the `Arc` to the runtime: 163-168 ns
//! (14-16x Python): the `local_set` row. Criterion itself (`--quick`, the two ids taking
//! turns, 3 rounds, load ~11) agrees on the direction: 463-484 against 367-406 us a batch. The rest is the allocator: with jemalloc
//! preloaded (`LD_PRELOAD`, the same binary) `tokio::spawn` is 143-146 ns and `spawn_local`
//! 110-111 ns, 21-23x Python. So the 20x goal is reachable only by choosing another
//! global allocator for the process; that is a decision for the whole program (Python's
//! own small-object allocator is a pool too), not made in a bench behind the reader's back.
//! Without it, on this machine, 14-15x is what an honest tokio task costs.
//!
//! **The allocator, decided (the lead, same day).** Both asyncio benches run on mimalloc
//! (`workloads/mod.rs` sets it as the global allocator), and the report's rows say so.
//! CPython allocates its tasks and coroutines from pymalloc, a pool for small objects; a
//! tokio task is a small object too, and an async Rust service usually picks a pool-style
//! allocator for the same reason. On the quiet machine, criterion `--quick`, per 1,000
//! tasks: `tokio::spawn` 252 -> 136 us, `spawn_local` 225 -> 122 us (glibc -> mimalloc).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use asyncio::echo;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interleaving::Actor;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::sync::watch;
use tokio::task::LocalSet;

mod workloads;

const TASKS: u64 = 1_000;
const SLEEPERS: usize = 10_000;
const CLIENTS: usize = 100;
const ROUND_TRIPS: usize = 100;

fn spawn_join(c: &mut Criterion) {
    let mut g = c.benchmark_group("spawn_join");
    g.throughput(Throughput::Elements(TASKS));
    let runtimes: [(&str, Runtime); 2] = [
        (
            "current_thread",
            asyncio::runtime::current_thread().unwrap(),
        ),
        ("multi_thread", asyncio::runtime::multi_thread(2).unwrap()),
    ];
    for (name, rt) in &runtimes {
        g.bench_function(*name, |b| {
            b.iter(|| rt.block_on(workloads::spawn_join(TASKS)))
        });
    }
    let rt = asyncio::runtime::current_thread().unwrap();
    let local = LocalSet::new();
    g.bench_function("local_set", |b| {
        b.iter(|| local.block_on(&rt, workloads::spawn_join_local(TASKS)))
    });
    g.finish();
}

fn sleeps(c: &mut Criterion) {
    let mut g = c.benchmark_group("sleeps");
    g.sample_size(10)
        .warm_up_time(interleaving::cli::bench_time(Duration::from_millis(500)))
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(6)));
    let rt = asyncio::runtime::current_thread().unwrap();
    g.bench_function("10000_concurrent_sleeps_of_100ms", |b| {
        b.iter(|| rt.block_on(workloads::concurrent_sleeps(SLEEPERS)))
    });
    g.finish();
}

/// One client: connect once, then `ROUND_TRIPS` lines out and back.
async fn chatty_client(addr: std::net::SocketAddr) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (r, mut w) = stream.into_split();
    let mut lines = BufReader::new(r).lines();
    for i in 0..ROUND_TRIPS {
        w.write_all(format!("round trip {i}\n").as_bytes())
            .await
            .unwrap();
        black_box(lines.next_line().await.unwrap());
    }
}

fn echo_round_trips(c: &mut Criterion) {
    let mut g = c.benchmark_group("echo");
    g.throughput(Throughput::Elements((CLIENTS * ROUND_TRIPS) as u64))
        .sample_size(10)
        .measurement_time(interleaving::cli::bench_time(Duration::from_secs(6)));
    let rt = asyncio::runtime::multi_thread(2).unwrap();
    // Text mode (the default): the server's accept/echo events print nothing, but each still
    // builds its event, as in the demo.
    let (stop, stopping) = watch::channel(echo::Stop::Serving);
    let (addr, server) = rt.block_on(async {
        let listener = echo::bind(0).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(echo::serve(
            listener,
            stopping,
            Arc::new(Actor::new("server")),
            echo::Limits::default(),
        ));
        (addr, server)
    });
    g.bench_function("100_clients_x_100_round_trips", |b| {
        b.iter(|| {
            rt.block_on(async {
                let clients: Vec<_> = (0..CLIENTS)
                    .map(|_| tokio::spawn(chatty_client(addr)))
                    .collect();
                for c in clients {
                    c.await.unwrap();
                }
            })
        })
    });
    g.finish();
    stop.send(echo::Stop::Drain).unwrap();
    rt.block_on(server).unwrap();
}

criterion_group!(benches, spawn_join, sleeps, echo_round_trips);
criterion_main!(benches);
