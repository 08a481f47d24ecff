//! The rows of `cargo xtask bench`: which criterion results (by the ids each crate's
//! `benches/*.rs` gives them) and which `reference/python/bench.py` figures make each ratio.

use crate::bench::{Kind, Row};

/// The rows of the report. Criterion ids are `group/function[/parameter]` as each crate's
/// `benches/*.rs` names them; a row whose benchmark did not run says "not run".
pub const ROWS: &[Row] = &[
    Row {
        label: "primes below 500,000: 2 threads vs 1",
        kind: Kind::Speedup {
            seq: "primes below 500000/sequential",
            par: "primes below 500000/threads/2",
        },
        python: Some("threads.speedup_2"),
    },
    Row {
        label: "Pool(2).map vs sequential",
        kind: Kind::Speedup {
            seq: "count primes below 150000, 8 times/sequential",
            par: "count primes below 150000, 8 times/Pool(2).map",
        },
        python: Some("pool.speedup_2"),
    },
    Row {
        label: "thread spawn+join",
        kind: Kind::Cost {
            id: "spawn+join one thread/std::thread::spawn",
        },
        python: Some("thread.spawn_join"),
    },
    Row {
        label: "Lock acquire+release, uncontended",
        kind: Kind::Cost {
            id: "uncontended acquire+release/Lock",
        },
        python: Some("threading.lock"),
    },
    Row {
        label: "Lock over std Mutex, uncontended",
        // In alternation (`threading/benches/primitives.rs`, `uncontended_alternating`).
        // Ours is an atomic and a parking place of its own, not a layer on std's Mutex
        // (`threading/src/lock.rs`): a rival, so no 0.9x flag when it is the faster.
        kind: Kind::Alternating {
            id: "uncontended, alternating/Lock over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "RLock acquire+release, uncontended",
        kind: Kind::Cost {
            id: "uncontended acquire+release/RLock",
        },
        python: Some("threading.rlock"),
    },
    Row {
        label: "RLock over std Mutex, uncontended",
        // In alternation (`threading/benches/primitives.rs`, `uncontended_alternating`).
        // Ours is an atomic and a parking place of its own, not a layer on std's Mutex
        // (`threading/src/lock.rs`): a rival, so no 0.9x flag when it is the faster.
        kind: Kind::Alternating {
            id: "uncontended, alternating/RLock over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "Semaphore(1) over std Mutex, uncontended",
        // In alternation (`threading/benches/primitives.rs`, `uncontended_alternating`).
        // Ours is an atomic and a parking place of its own, not a layer on std's Mutex
        // (`threading/src/lock.rs`): a rival, so no 0.9x flag when it is the faster.
        kind: Kind::Alternating {
            id: "uncontended, alternating/Semaphore(1) over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "Lock over std Mutex, 2 threads contending",
        // In alternation (`threading/benches/primitives.rs`, `contended_alternating`): side
        // after side, std's Mutex alone moved 13-25 ns a pair between runs seconds apart.
        // Ours is a rival, not a layer on std's Mutex, so no 0.9x flag when it is faster.
        kind: Kind::Alternating {
            id: "contended, 2 threads, alternating/Lock over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "RLock over std Mutex, 2 threads contending",
        // In alternation (`threading/benches/primitives.rs`, `contended_alternating`): side
        // after side, std's Mutex alone moved 13-25 ns a pair between runs seconds apart.
        // Ours is a rival, not a layer on std's Mutex, so no 0.9x flag when it is faster.
        kind: Kind::Alternating {
            id: "contended, 2 threads, alternating/RLock over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "Semaphore(1) over std Mutex, 2 threads contending",
        // In alternation (`threading/benches/primitives.rs`, `contended_alternating`): side
        // after side, std's Mutex alone moved 13-25 ns a pair between runs seconds apart.
        // Ours is a rival, not a layer on std's Mutex, so no 0.9x flag when it is faster.
        kind: Kind::Alternating {
            id: "contended, 2 threads, alternating/Semaphore(1) over std Mutex",
            unit_label: "x std Mutex",
            floor: false,
        },
        python: None,
    },
    Row {
        label: "Condition wake-up round trip, 2 threads",
        kind: Kind::Cost {
            id: "wake-up round trip, 2 threads/Condition",
        },
        python: Some("threading.condition_ping_pong"),
    },
    Row {
        label: "Condition over std Mutex+Condvar, round trip",
        kind: Kind::Overhead {
            ours: "wake-up round trip, 2 threads/Condition",
            raw: "wake-up round trip, 2 threads/std Mutex+Condvar",
        },
        python: None,
    },
    Row {
        label: "Barrier(2) round",
        kind: Kind::Cost {
            id: "barrier round, 2 threads/Barrier",
        },
        python: Some("threading.barrier_round"),
    },
    Row {
        label: "Barrier over std Barrier, 2 threads",
        // Ours is a Mutex and a Condvar (Python's state machine), not a layer on std's
        // Barrier: a rival, not a floor, so no 0.9x flag.
        kind: Kind::Ratio {
            num: "barrier round, 2 threads/Barrier",
            den: "barrier round, 2 threads/std Barrier",
            unit_label: "x std Barrier",
        },
        python: None,
    },
    Row {
        label: "process start+join, fork",
        kind: Kind::Cost {
            id: "start+join one process/Process fork",
        },
        python: Some("process.fork_start_join"),
    },
    Row {
        label: "Process fork over raw fork+waitpid",
        // In alternation (`multiprocessing/benches/start_join.rs`, `OverRaw`): measured side
        // after side, one pair's two medians were seconds apart and moved 0.92x-1.51x.
        kind: Kind::Alternating {
            id: "start+join, alternating/Process fork over raw fork+waitpid",
            unit_label: "x over raw",
            floor: true,
        },
        python: None,
    },
    Row {
        label: "page faults per start+join: Process fork",
        kind: Kind::Count {
            id: "page faults per start+join/Process fork",
            unit_label: "faults",
        },
        python: None,
    },
    Row {
        label: "page faults per start+join: raw fork+waitpid",
        kind: Kind::Count {
            id: "page faults per start+join/raw fork+waitpid",
            unit_label: "faults",
        },
        python: None,
    },
    Row {
        label: "page faults, Process fork over raw fork+waitpid",
        kind: Kind::Overhead {
            ours: "page faults per start+join/Process fork",
            raw: "page faults per start+join/raw fork+waitpid",
        },
        python: None,
    },
    Row {
        label: "process start+join, spawn",
        kind: Kind::Cost {
            id: "start+join one process/Process spawn",
        },
        python: Some("process.spawn_start_join"),
    },
    Row {
        label: "Process spawn over raw fork+exec+wait",
        kind: Kind::Overhead {
            ours: "start+join one process/Process spawn",
            raw: "start+join one process/raw fork+exec+wait",
        },
        python: None,
    },
    Row {
        label: "queue 1->1 bounded 1024: our Queue",
        kind: Kind::Rate {
            id: "queue_throughput/ours/1->1 bounded 1024",
        },
        python: Some("queue.throughput_1to1"),
    },
    Row {
        label: "queue 1->1 bounded 1024: crossbeam",
        kind: Kind::Rate {
            id: "queue_throughput/crossbeam/1->1 bounded 1024",
        },
        python: Some("queue.throughput_1to1"),
    },
    Row {
        label: "queue 1->1 bounded 1024: std mpsc",
        kind: Kind::Rate {
            id: "queue_throughput/std-mpsc/1->1 bounded 1024",
        },
        python: Some("queue.throughput_1to1"),
    },
    Row {
        label: "our Queue over crossbeam, 1->1 bounded",
        // Our Queue is a Mutex and Condvars, not a layer on crossbeam: a rival, not a floor.
        kind: Kind::Ratio {
            num: "queue_throughput/ours/1->1 bounded 1024",
            den: "queue_throughput/crossbeam/1->1 bounded 1024",
            unit_label: "x crossbeam",
        },
        python: None,
    },
    Row {
        label: "linearizability check, 1,000,000 queue ops",
        kind: Kind::Rate {
            id: "linearizability/check 1,000,000 ops",
        },
        python: None,
    },
    Row {
        label: "linearizability check over recording (4x4)",
        kind: Kind::Ratio {
            num: "linearizability/check 1,000,000 ops",
            den: "linearizability/record 1,000,000 ops (4x4 threads)",
            unit_label: "x recording",
        },
        python: None,
    },
    Row {
        label: "generator send",
        kind: Kind::Cost {
            id: "coroutines/send",
        },
        python: Some("generator.send"),
    },
    Row {
        label: "generator send over raw corosensei",
        kind: Kind::Overhead {
            ours: "coroutines/send",
            raw: "coroutines/send_raw_corosensei",
        },
        python: None,
    },
    Row {
        label: "generator life (create, prime, send, close)",
        kind: Kind::Cost {
            id: "coroutines/life",
        },
        python: Some("generator.life"),
    },
    Row {
        label: "async task spawn+join: tokio::spawn, current_thread (mimalloc)",
        kind: Kind::Cost {
            id: "spawn_join/current_thread",
        },
        python: Some("asyncio.task_spawn_join"),
    },
    Row {
        label: "async task spawn+join: spawn_local in a LocalSet (mimalloc)",
        kind: Kind::Cost {
            id: "spawn_join/local_set",
        },
        python: Some("asyncio.task_spawn_join"),
    },
    Row {
        label: "echo round trips, 100 clients",
        kind: Kind::Rate {
            id: "echo/100_clients_x_100_round_trips",
        },
        python: Some("asyncio.echo_100_clients"),
    },
    Row {
        label: "10,000 concurrent sleeps of 100 ms (limit 100)",
        kind: Kind::WallMs {
            id: "sleeps/10000_concurrent_sleeps_of_100ms",
        },
        python: Some("asyncio.sleeps_100ms"),
    },
    Row {
        label: "async queue 1->1 bounded 1024: asyncio::Queue",
        kind: Kind::Rate {
            id: "async_queue/asyncio::Queue/1->1 bounded 1024",
        },
        python: Some("asyncio.queue_throughput_1to1"),
    },
    Row {
        label: "async queue 1->1 bounded 1024: tokio mpsc",
        kind: Kind::Rate {
            id: "async_queue/tokio mpsc/1->1 bounded 1024",
        },
        python: Some("asyncio.queue_throughput_1to1"),
    },
    Row {
        label: "Redis stream, 1 worker(s): XADD+XREADGROUP+XACK",
        kind: Kind::Rate {
            id: "stream_throughput/redis stream/1 workers",
        },
        python: Some("stream.throughput_1_workers"),
    },
    Row {
        label: "Redis stream, 2 worker(s): XADD+XREADGROUP+XACK",
        kind: Kind::Rate {
            id: "stream_throughput/redis stream/2 workers",
        },
        python: Some("stream.throughput_2_workers"),
    },
    Row {
        label: "Redis stream, 4 worker(s): XADD+XREADGROUP+XACK",
        kind: Kind::Rate {
            id: "stream_throughput/redis stream/4 workers",
        },
        python: Some("stream.throughput_4_workers"),
    },
    Row {
        label: "Redis stream over in-process Queue, 1 worker(s)",
        kind: Kind::Ratio {
            num: "stream_throughput/redis stream/1 workers",
            den: "stream_throughput/in-process Queue/1 workers",
            unit_label: "x in-process",
        },
        python: None,
    },
    Row {
        label: "Redis stream over in-process Queue, 4 worker(s)",
        kind: Kind::Ratio {
            num: "stream_throughput/redis stream/4 workers",
            den: "stream_throughput/in-process Queue/4 workers",
            unit_label: "x in-process",
        },
        python: None,
    },
];
