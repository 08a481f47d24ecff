"""The same three measurements as benches/tasks.rs, on Python's asyncio, for the ratios.

Run: python3 asyncio/benches/python/bench.py   (about 20 s; prints one line per measurement)
"""
import asyncio
import time

TASKS = 1_000
SLEEPERS = 10_000
CLIENTS = 100
ROUND_TRIPS = 100


async def trivial(i):
    return i


async def spawn_join():
    best = float("inf")
    for _ in range(50):
        t0 = time.perf_counter()
        tasks = [asyncio.create_task(trivial(i)) for i in range(TASKS)]
        for t in tasks:
            await t
        best = min(best, time.perf_counter() - t0)
    print(f"spawn_join: create_task + await: {best / TASKS * 1e6:.2f} us per task (best of 50 x {TASKS})")


async def sleeps():
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        await asyncio.gather(*(asyncio.sleep(0.1) for _ in range(SLEEPERS)))
        runs.append(time.perf_counter() - t0)
    runs.sort()
    print(f"sleeps: {SLEEPERS} concurrent sleeps of 100 ms: median {runs[2] * 1000:.1f} ms, best {runs[0] * 1000:.1f} ms")


async def handle(reader, writer):
    try:
        while line := await reader.readline():
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()


async def chatty_client(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(ROUND_TRIPS):
        writer.write(f"round trip {i}\n".encode())
        await reader.readline()
    writer.close()
    await writer.wait_closed()


async def echo():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(chatty_client(port) for _ in range(CLIENTS))), 60)
        best = min(best, time.perf_counter() - t0)
    server.close()
    await server.wait_closed()
    n = CLIENTS * ROUND_TRIPS
    print(f"echo: {CLIENTS} clients x {ROUND_TRIPS} round trips: {n / best:,.0f} round trips/s (best of 5, {best * 1000:.1f} ms)")


async def main():
    await spawn_join()
    await sleeps()
    await echo()


if __name__ == "__main__":
    asyncio.run(main())
