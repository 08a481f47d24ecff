"""Python's side of `cargo xtask bench`: the same jobs as the Rust benchmarks, on this machine.

    python3 reference/python/bench.py [--quick | --precise] [--only KEY[,KEY...]]

Prints one JSON object: {"id": {"value": number, "unit": "ns" | "x" | "msg/s" | "ms"}}.
Stdlib only. Figures are from one run on a shared machine: read them as ratios, not records.
"""

import asyncio
import json
import multiprocessing as mp
import queue
import statistics
import sys
import threading
import time

QUICK = "--quick" in sys.argv
PRECISE = "--precise" in sys.argv


def count_primes(lo, hi):
    """The CPU-bound job the Rust benches use too: primes in [lo, hi) by trial division."""
    n = 0
    for k in range(max(lo, 2), hi):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            n += 1
    return n


def timed(f, *args):
    t = time.perf_counter_ns()
    f(*args)
    return time.perf_counter_ns() - t


def thread_spawn_join(n):
    def run():
        for _ in range(n):
            t = threading.Thread(target=lambda: None)
            t.start()
            t.join()

    return timed(run) / n


def lock_uncontended(lock, n):
    """`with lock: pass`, nobody else around: ns per acquire+release."""

    def run():
        for _ in range(n):
            with lock:
                pass

    return timed(run) / n


def condition_ping_pong(n):
    """Two threads hand a turn back and forth under one Condition: ns per round trip."""
    cond = threading.Condition()
    turn = [0]

    def play(parity):
        for _ in range(n):
            with cond:
                cond.wait_for(lambda: turn[0] % 2 == parity)
                turn[0] += 1
                cond.notify()

    def run():
        other = threading.Thread(target=play, args=(1,))
        other.start()
        play(0)
        other.join()

    return timed(run) / n


def barrier_round(n):
    """Two threads pass a Barrier(2) n times: ns per round."""
    b = threading.Barrier(2)

    def go():
        for _ in range(n):
            b.wait()

    def run():
        other = threading.Thread(target=go)
        other.start()
        go()
        other.join()

    return timed(run) / n


def split(limit, parts):
    step = limit // parts
    return [(i * step, limit if i == parts - 1 else (i + 1) * step) for i in range(parts)]


def threads_speedup(limit, threads):
    seq = timed(count_primes, 0, limit)

    def par():
        ts = [threading.Thread(target=count_primes, args=r) for r in split(limit, threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    return seq / timed(par)


def pool_speedup(limit, workers):
    chunks = split(limit, workers * 8)
    seq = timed(lambda: [count_primes(*c) for c in chunks])
    with mp.get_context("fork").Pool(workers) as pool:
        pool.starmap(count_primes, [(0, 10)] * workers)  # workers up before timing
        par = timed(lambda: pool.starmap(count_primes, chunks))
    return seq / par


def _nothing():
    pass


def process_start_join(method, n):
    ctx = mp.get_context(method)

    def run():
        for _ in range(n):
            p = ctx.Process(target=_nothing)
            p.start()
            p.join()

    return timed(run) / n


def queue_throughput(n, producers=1, consumers=1):
    """Messages per second from `producers` to `consumers` threads through queue.Queue(1024)."""
    q = queue.Queue(maxsize=1024)

    def produce(share):
        for i in range(share):
            q.put(i)

    def consume(share):
        for _ in range(share):
            q.get()

    def shares(parts):
        return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]

    def run():
        ts = [threading.Thread(target=consume, args=(k,)) for k in shares(consumers)]
        ts += [threading.Thread(target=produce, args=(k,)) for k in shares(producers)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    return n / (timed(run) / 1e9)


def generator_send(n):
    def echo():
        x = None
        while True:
            x = yield x

    g = echo()
    next(g)

    def run():
        for i in range(n):
            g.send(i)

    return timed(run) / n


def generator_life(n):
    def fancy_name(prefix):
        try:
            while True:
                name = yield
                _ = prefix + ":" + name
        except GeneratorExit:
            pass

    def run():
        for _ in range(n):
            co = fancy_name("Cool")
            next(co)
            co.send("Utkarsh")
            co.close()

    return timed(run) / n


def asyncio_task(batches, tasks=1_000):
    """create_task + await, per task: the median of `batches` batches, after one to warm up.

    A typical batch, not the best one: criterion's figure for asyncio/benches/tasks.rs is not
    the fastest iteration either (the best batch favoured Python by 5-15%, the mean let one
    garbage collection move the quick figure by 2x).
    """

    async def trivial(i):
        return i

    async def batch():
        t = time.perf_counter_ns()
        spawned = [asyncio.create_task(trivial(i)) for i in range(tasks)]
        for task in spawned:
            await task
        return time.perf_counter_ns() - t

    async def main():
        await batch()
        return statistics.median([await batch() for _ in range(batches)])

    return asyncio.run(main()) / tasks


def asyncio_echo(clients, round_trips, rounds):
    """Round trips per second through an asyncio echo server on 127.0.0.1, best of `rounds`."""

    async def handle(reader, writer):
        try:
            while line := await reader.readline():
                writer.write(line)
                await writer.drain()
        finally:
            writer.close()

    async def client(port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for i in range(round_trips):
            writer.write(f"round trip {i}\n".encode())
            await reader.readline()
        writer.close()
        await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        best = float("inf")
        for _ in range(rounds):
            t = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*(client(port) for _ in range(clients))), 60)
            best = min(best, time.perf_counter() - t)
        server.close()
        await server.wait_closed()
        return clients * round_trips / best

    return asyncio.run(main())


def asyncio_sleeps(n, seconds):
    async def main():
        t = time.perf_counter_ns()
        await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(n)))
        return time.perf_counter_ns() - t

    return asyncio.run(main()) / 1e6


def asyncio_queue_throughput(n):
    """One producer task, one consumer task, asyncio.Queue(1024) (as asyncio/benches/queue.rs)."""

    async def main():
        q = asyncio.Queue(maxsize=1024)

        async def consume():
            for _ in range(n):
                await q.get()

        t = time.perf_counter_ns()
        consumer = asyncio.create_task(consume())
        for i in range(n):
            await q.put(i)
        await consumer
        return time.perf_counter_ns() - t

    return n / (asyncio.run(main()) / 1e9)


# The batch sizes of the stream-batch curve (distributed/benches/stream_batch.rs).
BATCHES = (1, 4, 16, 64, 256)


def _size(quick, default, precise):
    return quick if QUICK else precise if PRECISE else default


def figures(wanted=None):
    """Every figure bench.py can measure, by key: a thunk and its unit. Keys ending in a number
    (`threads.speedup.4`) are the points of `cargo xtask bench`'s curves. With `wanted` (the
    keys of `--only`), the distributed lesson's figures are left out unless asked for: importing
    redis-py costs more than a small figure takes to measure, and `cargo xtask bench` starts
    bench.py once per figure, about a hundred times a run."""
    limit = _size(200_000, 2_000_000, 2_000_000)
    out = {
        "thread.spawn_join": (lambda: thread_spawn_join(_size(200, 2000, 5000)), "ns"),
        "threading.lock": (
            lambda: lock_uncontended(threading.Lock(), _size(20_000, 200_000, 500_000)),
            "ns",
        ),
        "threading.rlock": (
            lambda: lock_uncontended(threading.RLock(), _size(20_000, 200_000, 500_000)),
            "ns",
        ),
        "threading.condition_ping_pong": (
            lambda: condition_ping_pong(_size(500, 5_000, 10_000)),
            "ns",
        ),
        "threading.barrier_round": (lambda: barrier_round(_size(500, 5_000, 10_000)), "ns"),
        "threads.speedup_2": (lambda: threads_speedup(limit, 2), "x"),
        "process.fork_start_join": (
            lambda: process_start_join("fork", _size(20, 200, 500)),
            "ns",
        ),
        "process.spawn_start_join": (
            lambda: process_start_join("spawn", _size(3, 20, 50)),
            "ns",
        ),
        "pool.speedup_2": (lambda: pool_speedup(limit, 2), "x"),
        "queue.throughput_1to1": (
            lambda: queue_throughput(_size(20_000, 200_000, 500_000)),
            "msg/s",
        ),
        "generator.send": (lambda: generator_send(_size(100_000, 1_000_000, 3_000_000)), "ns"),
        "generator.life": (lambda: generator_life(_size(10_000, 100_000, 300_000)), "ns"),
        "asyncio.task_spawn_join": (lambda: asyncio_task(_size(10, 50, 200)), "ns"),
        "asyncio.echo_100_clients": (
            lambda: asyncio_echo(100, 100, _size(1, 5, 10)),
            "round trips/s",
        ),
        "asyncio.sleeps_100ms": (lambda: asyncio_sleeps(10_000, 0.1), "ms"),  # as the Rust row, in every mode
        "asyncio.queue_throughput_1to1": (
            lambda: asyncio_queue_throughput(_size(10_000, 100_000, 300_000)),
            "msg/s",
        ),
    }
    for w in (1, 2, 4, 8):
        out[f"threads.speedup.{w}"] = (lambda w=w: threads_speedup(limit, w), "x")
        out[f"pool.speedup.{w}"] = (lambda w=w: pool_speedup(limit, w), "x")
        out[f"queue.throughput.{w}x{w}"] = (
            lambda w=w: queue_throughput(_size(20_000, 200_000, 500_000), w, w),
            "msg/s",
        )
    for n in (1_000, 10_000, 100_000, 1_000_000):
        out[f"asyncio.task_spawn_join.{n}"] = (lambda n=n: asyncio_task(1, n), "ns")
        out[f"asyncio.sleeps.{n}"] = (lambda n=n: asyncio_sleeps(n, 0.1), "ms")
    # The distributed lesson's figures need redis-py and redis-server: left out without them.
    if wanted is not None and not any(k.startswith("stream.") for k in wanted):
        return out
    try:
        import py_distributed
    except ImportError:
        py_distributed = None
    if py_distributed is not None and py_distributed.can_bench():
        for w in (1, 2, 4):
            out[f"stream.throughput_{w}_workers"] = (
                lambda w=w: py_distributed.bench(_size(500, 2000, 5000), w),
                "items/s",
            )
        # The batch curve: 2 workers, `batch` entries per round trip.
        for b in BATCHES:
            out[f"stream.batch.{b}"] = (
                lambda b=b: py_distributed.bench(_size(2048, 4096, 8192), 2, batch=b),
                "items/s",
            )
    return out


def main():
    """`--only KEY[,KEY...]` measures just those (how `cargo xtask bench` pairs each Python
    figure with its Rust twin, one at a time); without it, every figure but the curves'."""
    only = sys.argv.index("--only") + 1 if "--only" in sys.argv else None
    keys = sys.argv[only].split(",") if only is not None else None
    table = figures(keys)
    if keys is not None:
        # Figures that need what this machine may lack (redis-server): absent, not an error.
        optional = {f"stream.throughput_{w}_workers" for w in (1, 2, 4)}
        optional |= {f"stream.batch.{b}" for b in BATCHES}
        unknown = [k for k in keys if k not in table and k not in optional]
        keys = [k for k in keys if k in table]
        if unknown:
            sys.exit(f"bench.py: unknown figure {', '.join(unknown)}")
    else:
        keys = [k for k in table if not k[-1].isdigit()]
    out = {}
    for k in keys:
        thunk, unit = table[k]
        out[k] = {"value": thunk(), "unit": unit}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
