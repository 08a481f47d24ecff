"""The asyncio lesson the notebook never wrote, in Python: two of the Rust demo's cells.

    python3 -u reference/python/py_asyncio.py           # prose
    python3 -u reference/python/py_asyncio.py --trace   # JSON Lines, for `cargo xtask compare`

Every task runs on the main thread, so each names itself when it emits (who=...), as each
Rust task has its own Actor.
"""

import asyncio
import time

import lab_trace

TASKS, SLEEP_MS = 10, 30


async def sleeper(i, d):
    me = f"task-{i}"
    lab_trace.emit("sleep", me, who=me)
    await asyncio.sleep(d)
    lab_trace.emit("wake", me, who=me)


async def concurrent_sleeps():
    n, d = TASKS, SLEEP_MS / 1000
    t0 = time.perf_counter()
    for _ in range(n):
        await asyncio.sleep(d)
    sequential = time.perf_counter() - t0
    print(f"sequential: {n} sleeps of {SLEEP_MS:.1f} ms one after another took {sequential * 1000:.1f} ms")
    t0 = time.perf_counter()
    await asyncio.gather(*(sleeper(i, d) for i in range(n)))
    gathered = time.perf_counter() - t0
    print(
        f"gathered:   {n} sleeps of {SLEEP_MS:.1f} ms together took {gathered * 1000:.1f} ms "
        f"({sequential / gathered:.1f}x faster)"
    )
    lab_trace.emit("elapsed", f"sequential={int(sequential * 1e6)}")
    lab_trace.emit("elapsed", f"gathered={int(gathered * 1e6)}")
    lab_trace.emit("elapsed", f"n*d={int(n * d * 1e6)}")


async def square(name, i, ms):
    await asyncio.sleep(ms / 1000)
    lab_trace.emit("done", i * i, who=name)
    return i * i


async def checked_square(i):
    me = f"try-{i}"
    await asyncio.sleep((4 - i) * 5 / 1000)
    if i == 2:
        lab_trace.emit("error", "ValueError", who=me)
        raise ValueError(f"bad input {i}")
    lab_trace.emit("done", i * i, who=me)
    return i * i


async def gather_cell():
    n = 5
    tasks = []
    for i in range(n):
        lab_trace.emit("arg", f"task-{i}")
        tasks.append(asyncio.create_task(square(f"task-{i}", i, (n - i) * 5)))
    values = await asyncio.gather(*tasks)
    for i in range(n):
        lab_trace.emit("result", f"task-{i}")
    print(f"gather(square(0..5)) -> {values}")

    a, b = await asyncio.gather(square("join-a", 3, 10), square("join-b", 1, 5))
    print(f"join!(square(3), square(1)) -> ({a}, {b})")

    completed = []
    for done in asyncio.as_completed([square(f"set-{i}", i, (n - i) * 5) for i in range(n)]):
        completed.append(await done)
    print(f"JoinSet::join_next (as_completed) -> {completed}")

    tasks = []
    for i in range(4):
        lab_trace.emit("arg", f"try-{i}")
        tasks.append(asyncio.create_task(checked_square(i)))
    results = await asyncio.gather(*tasks, return_exceptions=True)
    shown = []
    for i, r in enumerate(results):
        lab_trace.emit("result", f"try-{i}")
        shown.append(f"ValueError: {r}" if isinstance(r, Exception) else str(r))
    print(f"gather(..., return_exceptions=True) -> [{', '.join(shown)}]")


def main():
    lab_trace.lesson("asyncio")
    lab_trace.cell("concurrent-sleeps", tasks=TASKS, sleep_ms=SLEEP_MS)
    asyncio.run(concurrent_sleeps())
    lab_trace.cell("gather")
    asyncio.run(gather_cell())
    lab_trace.end("asyncio")


if __name__ == "__main__":
    main()
