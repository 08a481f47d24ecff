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


def asyncio_task(n):
    async def nothing():
        return None

    async def main():
        t = time.perf_counter_ns()
        for _ in range(n):
            await asyncio.create_task(nothing())
        return time.perf_counter_ns() - t

    return asyncio.run(main()) / n


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
        "asyncio.task_spawn_join": (asyncio_task(10_000 if q else 100_000), "ns"),
        "asyncio.sleeps_100ms": (asyncio_sleeps(1_000 if q else 10_000, 0.1), "ms"),
    }
    print(json.dumps({k: {"value": v, "unit": u} for k, (v, u) in out.items()}, indent=1))


if __name__ == "__main__":
    main()
