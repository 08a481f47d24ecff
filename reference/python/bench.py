"""Python's side of `cargo xtask bench`: the same jobs as the Rust benchmarks, on this machine.

    python3 reference/python/bench.py [--quick]

Prints one JSON object: {"id": {"value": number, "unit": "ns" | "x" | "msg/s" | "ms"}}.
Stdlib only. Figures are from one run on a shared machine: read them as ratios, not records.
"""

import asyncio
import json
import multiprocessing as mp
import queue
import sys
import threading
import time

QUICK = "--quick" in sys.argv


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


def queue_throughput(n):
    q = queue.Queue(maxsize=1024)

    def produce():
        for i in range(n):
            q.put(i)
        q.put(None)

    def consume():
        while q.get() is not None:
            pass

    def run():
        ts = [threading.Thread(target=produce), threading.Thread(target=consume)]
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
    """create_task + await, per task, best of `batches` batches (as asyncio/benches/tasks.rs)."""

    async def trivial(i):
        return i

    async def main():
        best = float("inf")
        for _ in range(batches):
            t = time.perf_counter_ns()
            spawned = [asyncio.create_task(trivial(i)) for i in range(tasks)]
            for task in spawned:
                await task
            best = min(best, time.perf_counter_ns() - t)
        return best

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


def main():
    q = QUICK
    limit = 200_000 if q else 2_000_000
    out = {
        "thread.spawn_join": (thread_spawn_join(200 if q else 2000), "ns"),
        "threads.speedup_2": (threads_speedup(limit, 2), "x"),
        "process.fork_start_join": (process_start_join("fork", 20 if q else 200), "ns"),
        "process.spawn_start_join": (process_start_join("spawn", 3 if q else 20), "ns"),
        "pool.speedup_2": (pool_speedup(limit, 2), "x"),
        "queue.throughput_1to1": (queue_throughput(20_000 if q else 200_000), "msg/s"),
        "generator.send": (generator_send(100_000 if q else 1_000_000), "ns"),
        "generator.life": (generator_life(10_000 if q else 100_000), "ns"),
        "asyncio.task_spawn_join": (asyncio_task(10 if q else 50), "ns"),
        "asyncio.echo_100_clients": (asyncio_echo(100, 100, 1 if q else 5), "round trips/s"),
        "asyncio.sleeps_100ms": (asyncio_sleeps(1_000 if q else 10_000, 0.1), "ms"),
    }
    # The distributed lesson's figures need redis-py and redis-server: left out without them.
    try:
        import py_distributed
    except ImportError:
        py_distributed = None
    if py_distributed is not None and py_distributed.can_bench():
        for w in (1, 2, 4):
            rate = py_distributed.bench(500 if q else 2000, w)
            out[f"stream.throughput_{w}_workers"] = (rate, "items/s")
    print(json.dumps({k: {"value": v, "unit": u} for k, (v, u) in out.items()}, indent=1))


if __name__ == "__main__":
    main()
