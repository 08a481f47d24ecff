"""The asyncio lesson the notebook never wrote, in Python: seven of the Rust demo's cells.

    python3 -u reference/python/py_asyncio.py           # prose
    python3 -u reference/python/py_asyncio.py --trace   # JSON Lines, for `cargo xtask compare`

Every task runs on the main thread, so each names itself when it emits (who=...), as each
Rust task has its own Actor. The queue cells record every put and get as a "call" and a
"ret" (interleaving::linear), so the checker decides whether asyncio.Queue behaved as a FIFO
queue. Python 3.11 has no Queue.shutdown() (3.13 does; the Rust cells mirror it): here each
consumer stops on a sentinel of its own, put after the "shutdown" event, so that every value
in the queue's history is distinct.
"""

import asyncio
import time

import lab_trace

TASKS, SLEEP_MS = 10, 30
ITEMS, CAPACITY, PRODUCERS, CONSUMERS, WORKERS = 20, 4, 2, 2, 3


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

    await fail_fast()
    await cancelled_awaiter()

    for i in range(n):
        lab_trace.emit("arg", f"set-{i}")
    index = {i * i: i for i in range(n)}
    completed = []
    for done in asyncio.as_completed([square(f"set-{i}", i, (n - i) * 5) for i in range(n)]):
        v = await done
        lab_trace.emit("result", f"set-{index[v]}")
        completed.append(v)
    print(f"as_completed -> {completed}")


async def fail_fast():
    """The first error reaches the awaiter while `slow` still waits for its gate."""
    gate, ended = asyncio.Event(), asyncio.Event()

    async def slow():
        await gate.wait()
        lab_trace.emit("done", "slow", who="slow")
        ended.set()
        return 0

    async def fails():
        lab_trace.emit("error", "ValueError", who="fails")
        raise ValueError("fails")

    try:
        await asyncio.gather(slow(), fails())
    except ValueError as e:
        lab_trace.emit("raise", f"ValueError: {e}")
        print(f"gather(slow, fails) raised ValueError: {e} while slow was still waiting")
    gate.set()
    await ended.wait()
    print("...and slow ran on to its end, as in Python: nobody cancelled it")


async def cancelled_awaiter():
    """Cancelling the task that awaits gather cancels the children."""
    started = []
    all_started = asyncio.Event()

    async def child(i):
        me = f"child-{i}"
        started.append(i)
        if len(started) == 2:
            all_started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lab_trace.emit("cleanup", "cancelled", who=me)
            raise
        lab_trace.emit("cleanup", "finished", who=me)
        return i

    async def awaits():
        return await asyncio.gather(child(0), child(1))

    awaiter = asyncio.create_task(awaits())
    await all_started.wait()
    awaiter.cancel()
    try:
        await awaiter
    except asyncio.CancelledError:
        pass
    lab_trace.emit("cancel", "awaiter")
    print("cancelling the task awaiting gather cancelled both children (cleanup ran)")


async def child(name, i, ms):
    """Returns i * 10 after ms milliseconds, reporting its cleanup (the Rust cell's Finally)."""
    try:
        await asyncio.sleep(ms / 1000)
    except asyncio.CancelledError:
        lab_trace.emit("cleanup", "cancelled", who=name)
        raise
    lab_trace.emit("done", i * 10, who=name)
    lab_trace.emit("cleanup", "finished", who=name)
    return i * 10


async def task_group_cell():
    async with asyncio.TaskGroup() as tg:
        fast = tg.create_task(child("tg-0", 0, 5))
        slow = tg.create_task(child("tg-1", 1, 10_000))
        also = tg.create_task(child("tg-2", 2, 10))
        v0 = await fast
        slow.cancel()
    lab_trace.emit("group-end", "ok")
    print(
        f"TaskGroup ended: tg-0 -> {v0}, tg-2 -> {also.result()}, "
        f"tg-1 cancelled on purpose: {str(slow.cancelled()).lower()}"
    )

    started = asyncio.Event()

    async def owner():
        async with asyncio.TaskGroup() as tg:
            for i in range(2):
                tg.create_task(child(f"owned-{i}", i, 10_000))
            await asyncio.sleep(0)  # let the children start
            started.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(owner())
    await started.wait()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        lab_trace.emit("cancel", "owner")
    print("the owner was cancelled; both of its children were cancelled first")


async def task_group_failure_cell():
    async def fails(name):
        lab_trace.emit("error", name, who=name)
        raise ValueError(name)

    async def sibling():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            lab_trace.emit("cleanup", "cancelled", who="sibling")
            raise
        lab_trace.emit("cleanup", "finished", who="sibling")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(sibling())
            tg.create_task(fails("fail-0"))
            tg.create_task(fails("fail-1"))
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                lab_trace.emit("cleanup", "cancelled", who="body")
                raise
    except ExceptionGroup as eg:
        lab_trace.emit("group-end", f"ExceptionGroup: {eg}")
        for e in eg.exceptions:
            lab_trace.emit("raise", str(e))
        shown = ", ".join(f"ValueError: {e}" for e in eg.exceptions)
        print(f"the TaskGroup raised ExceptionGroup: {eg}: [{shown}]; sibling and body were cancelled first")


async def put(q, item, who, obj=""):
    """await q.put(item), recorded as a call and a return: the operation's interval. A named
    queue (obj) prefixes the operation: "lifo.put 3"."""
    op = f"{obj}.put" if obj else "put"
    lab_trace.call(op, item, who=who)
    await q.put(item)
    lab_trace.ret(op, "ok", who=who)


async def get(q, who, obj=""):
    """await q.get(), recorded as a call and a return (with the item got)."""
    op = f"{obj}.get" if obj else "get"
    lab_trace.call(op, who=who)
    item = await q.get()
    lab_trace.ret(op, item, who=who)
    return item


def stop(i):
    """The sentinel that stops consumer i (distinct, as every value in a checked history)."""
    return f"stop-{i}"


async def queue_cell():
    lab_trace.emit("capacity", CAPACITY, who="main")
    q = asyncio.Queue(CAPACITY)

    async def producer(p):
        me = f"producer-{p}"
        for i in range(ITEMS):
            item = f"p{p}-{i}"
            lab_trace.emit("put", item, who=me)
            await put(q, item, me)
        lab_trace.emit("exit", "done", who=me)

    async def consumer(c):
        me, got = f"consumer-{c}", 0
        while (item := await get(q, me)) is not None and not item.startswith("stop-"):
            lab_trace.emit("get", item, who=me)
            got += 1
        lab_trace.emit("exit", f"{got} items", who=me)
        return got

    consumers = asyncio.gather(*(consumer(c) for c in range(CONSUMERS)))
    await asyncio.gather(*(producer(p) for p in range(PRODUCERS)))
    lab_trace.emit("shutdown", "queue", who="main")
    for c in range(CONSUMERS):
        await put(q, stop(c), "main")
    got = await consumers
    print(f"{PRODUCERS} producers put {PRODUCERS * ITEMS} items through a queue of {CAPACITY}; "
          f"the consumers got {sum(got)} and ended")


async def queue_join_cell():
    lab_trace.emit("capacity", CAPACITY, who="main")
    q = asyncio.Queue(CAPACITY)

    async def worker(w):
        me = f"worker-{w}"
        while not str(item := await get(q, me)).startswith("stop-"):
            lab_trace.emit("get", item, who=me)
            await asyncio.sleep(0)  # the work; other workers run meanwhile
            lab_trace.emit("task-done", item, who=me)
            q.task_done()
        lab_trace.emit("exit", "shut down", who=me)

    workers = asyncio.gather(*(worker(w) for w in range(WORKERS)))
    for i in range(ITEMS):
        lab_trace.emit("put", i, who="producer")
        await put(q, i, "producer")
    await q.join()
    lab_trace.emit("joined", "queue", who="main")
    print(f"q.join() returned: all {ITEMS} items processed")
    lab_trace.emit("shutdown", "queue", who="main")
    for w in range(WORKERS):
        await put(q, stop(w), "main")
    await workers
    print(f"the {WORKERS} workers ended on their sentinels (3.11 has no q.shutdown())")


SCRAMBLED = [3, 1, 4, 0, 2]


async def queue_family_round(cls, obj):
    """The scrambled five in and out by main alone, then producers and consumers at once.
    3.11 has no shutdown(): main waits for q.join(), then cancels the consumers, whose last
    get stays a call without a return (it never took effect)."""
    q = cls()
    for x in SCRAMBLED:
        await put(q, x, "main", obj)
    got = [await get(q, "main", obj) for _ in SCRAMBLED]
    for _ in SCRAMBLED:
        q.task_done()
    print(f"{cls.__name__}: put {' '.join(map(str, SCRAMBLED))}, got {' '.join(map(str, got))}")
    counts = [0] * CONSUMERS

    async def producer(p):
        me = f"{obj}-producer-{p}"
        for i in range(ITEMS):
            await put(q, 10 + p * ITEMS + i, me, obj)
        lab_trace.emit("exit", "done", who=me)

    async def consumer(c):
        me = f"{obj}-consumer-{c}"
        try:
            while True:
                await get(q, me, obj)
                counts[c] += 1
                q.task_done()
        except asyncio.CancelledError:
            lab_trace.emit("exit", f"{counts[c]} items", who=me)

    consumers = [asyncio.create_task(consumer(c)) for c in range(CONSUMERS)]
    await asyncio.gather(*(producer(p) for p in range(PRODUCERS)))
    await q.join()
    lab_trace.emit("shutdown", obj, who="main")
    for t in consumers:
        t.cancel()
    await asyncio.gather(*consumers)
    print(f"{cls.__name__}: {PRODUCERS} producers put {PRODUCERS * ITEMS} items, "
          f"{CONSUMERS} consumers got {sum(counts)}")


async def queue_family_cell():
    await queue_family_round(asyncio.LifoQueue, "lifo")
    await queue_family_round(asyncio.PriorityQueue, "priority")


def main():
    lab_trace.lesson("asyncio")
    lab_trace.cell("concurrent-sleeps", tasks=TASKS, sleep_ms=SLEEP_MS)
    asyncio.run(concurrent_sleeps())
    lab_trace.cell("gather")
    asyncio.run(gather_cell())
    lab_trace.cell("queue", items=ITEMS, capacity=CAPACITY, runtime="asyncio")
    asyncio.run(queue_cell())
    lab_trace.cell("queue-join", items=ITEMS, capacity=CAPACITY, runtime="asyncio")
    asyncio.run(queue_join_cell())
    lab_trace.cell("task-group")
    asyncio.run(task_group_cell())
    lab_trace.cell("task-group-failure")
    asyncio.run(task_group_failure_cell())
    lab_trace.cell("queue-family", items=ITEMS, runtime="asyncio")
    asyncio.run(queue_family_cell())
    lab_trace.end("asyncio")


if __name__ == "__main__":
    main()
