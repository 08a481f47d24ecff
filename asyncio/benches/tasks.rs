//! What a task costs and what waiting together buys, on tokio; `reference/python/bench.py`
//! runs the same three measurements on Python's asyncio (`asyncio.*` keys), and
//! `cargo xtask bench` puts the two side by side as ratios.
//!
//! - `spawn_join`: `tokio::spawn` + await of 1,000 trivial tasks (Python: `create_task`).
//! - `sleeps`: 10,000 concurrent sleeps of 100 ms: the wall time's floor is 100 ms.
//! - `echo`: 100 concurrent clients, 100 round trips each, on a loopback echo server.
//!
//! Run with `cargo bench -p asyncio` (about a minute).

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
