"""The notebook's multiprocessing cells, In [1] to In [6], as a script, with fork and spawn,
and its producer and consumer (In [13] to In [17]) as two processes and a multiprocessing.Queue.

    python3 -u reference/python/py_multiprocessing.py           # as the notebook printed it
    python3 -u reference/python/py_multiprocessing.py --trace   # JSON Lines, for xtask compare

Unlike the notebook (run in a Jupyter kernel on macOS, where "spawn" could not find
showSquare in __main__), a script can use spawn: the child re-imports this file as
__mp_main__ and finds showSquare there, which is the fix for the notebook's traceback.

The queue cell records every put and get as a "call" and a "ret" (interleaving::linear), from
two processes on one clock (time.monotonic_ns() is CLOCK_MONOTONIC on Linux), so the checker
decides whether the queue behaved as a FIFO queue. With one producer it must: put hands the
item to a feeder thread that writes items to the pipe in order. With two, a later put could
overtake an earlier one in the pipe.
"""

import multiprocessing as mp

import lab_trace


# In [2]
def showSquare(n=2):
    # The child is its own actor, named like the Rust demo's.
    lab_trace.reset_after_fork(f"child-{n}")
    print(n**2)
    for i in range(1000):
        pass


def start_all(ctx):
    # In [3], In [4]
    procs = []
    for i in range(5):
        procs.append(ctx.Process(target=showSquare, args=(i + 1,), name=f"child-{i + 1}"))
    # In [5]
    for proc in procs:
        proc.start()
        lab_trace.emit("start", proc.name)
    return procs


def start_hello(ctx):
    procs = start_all(ctx)
    print("Hello")
    # Not in the notebook's cell: Python joins non-daemon children at exit anyway; we do it
    # here, silently, so no square lands in the next cell (as the Rust demo's Drop does).
    for proc in procs:
        proc.join()


def join_waits(ctx):
    procs = start_all(ctx)
    # In [6]
    for proc in procs:
        proc.join()
        lab_trace.emit("join", proc.name)
    print("Hello World")


# In [14], with processes: the producer puts 0..n, then the sentinel None.
def producer(q, n):
    lab_trace.reset_after_fork("producer")
    for i in range(n):
        lab_trace.emit("put", i)  # before the put: get(i) can only come after put(i) began
        lab_trace.call("put", i)
        q.put(i)
        lab_trace.ret("put", "ok")
        print(f"Published {i}")
    lab_trace.call("put", None)
    q.put(None)
    lab_trace.ret("put", "ok")


def consumer(q):
    lab_trace.reset_after_fork("consumer")
    while True:
        lab_trace.call("get")
        i = q.get()
        lab_trace.ret("get", i)
        if i is None:
            break
        lab_trace.emit("get", i)
        print(f"Consumed {i}")
    print("Consumer done")


def queue_cell(ctx, n):
    q = ctx.Queue()
    procs = {
        "consumer": ctx.Process(target=consumer, args=(q,), name="consumer"),
        "producer": ctx.Process(target=producer, args=(q, n), name="producer"),
    }
    # In [16]-[17]: the consumer first, then the producer.
    for name in ("consumer", "producer"):
        procs[name].start()
        lab_trace.emit("start", name)
    for name in ("producer", "consumer"):
        procs[name].join()
        lab_trace.emit("join", name)
    p, c = procs["producer"].exitcode, procs["consumer"].exitcode
    print(f"producer exitcode={p}, consumer exitcode={c}")


def main():
    fork = mp.get_context("fork")
    lab_trace.lesson("multiprocessing")
    lab_trace.cell("start-hello", children=5, work_ms=0)
    start_hello(fork)
    lab_trace.cell("join-waits", children=5, work_ms=0)
    join_waits(fork)
    # The same two cells with spawn, as the Rust demo's "spawn" cell does them in one.
    lab_trace.cell("spawn", children=5, work_ms=0)
    procs = start_all(mp.get_context("spawn"))
    print("Hello")
    for proc in procs:
        proc.join()
        lab_trace.emit("join", proc.name)
    print("Hello World")
    lab_trace.cell("queue", items=5)
    queue_cell(fork, 5)
    lab_trace.end("multiprocessing")


if __name__ == "__main__":
    main()
