"""The notebook's threading cells, In [7] to In [12], as a script; then the lesson's own
cells for Python's primitives (lock, condition, event, barrier, rlock), written the way a
Python programmer would, emitting the same events as the Rust cells so that `cargo xtask
compare` judges CPython's own Lock, RLock, Condition, Event and Barrier by the same properties.

    python3 -u reference/python/py_threading.py           # as the notebook printed it
    python3 -u reference/python/py_threading.py --trace   # JSON Lines, for `cargo xtask compare`
"""

import threading
import time
from collections import deque
from threading import Thread

import lab_trace


# In [8]
def square(n):
    print("Square:", n**2)


def cube(n):
    print("Cube:", n**3)


def main():
    lab_trace.lesson("threading")
    lab_trace.cell("square-cube")
    # In [9], In [10]: named like the Rust demo's threads, so the same properties apply.
    t1 = Thread(target=square, args=(2,), name="square")
    t2 = Thread(target=cube, args=(3,), name="cube")
    # In [11]
    t1.start()
    lab_trace.emit("start", "square")
    t2.start()
    lab_trace.emit("start", "cube")
    print("Hello")
    # In [12]
    t1.join()
    lab_trace.emit("join", "square")
    t2.join()
    lab_trace.emit("join", "cube")
    print("Hello")


def run_threads(target, names):
    threads = [Thread(target=target, args=(n,), name=n) for n in names]
    for t in threads:
        t.start()
    return threads


def join_all(threads):
    for t in threads:
        t.join()


def lock_cell():
    lab_trace.cell("lock")
    lock = threading.Lock()

    def three_turns(name):
        for i in range(1, 4):
            with lock:
                lab_trace.emit("enter", "lock")
                print(f"{name}: turn {i}")
                lab_trace.emit("leave", "lock")

    join_all(run_threads(three_turns, ["lock-a", "lock-b"]))

    def raiser():
        with lock:
            raise RuntimeError("raised inside with lock:")

    hook, threading.excepthook = threading.excepthook, lambda args: None  # on purpose: quiet
    t = Thread(target=raiser)
    t.start()
    t.join()
    threading.excepthook = hook
    got = lock.acquire(timeout=1)
    print(f"after the panic: lock.acquire(timeout=1) returned {got}")
    released = []

    def release():
        try:
            lock.release()
            released.append(True)
        except RuntimeError:
            released.append(False)

    t = Thread(target=release)
    t.start()
    t.join()
    again = lock.acquire(blocking=False)
    print(f"released by another thread: {released[0]}; acquire(blocking=False) returned {again}")
    lock.release()


def condition_cell(consumers=3, items_n=6, batch=2):
    lab_trace.cell("condition", consumers=consumers, items=items_n, batch=batch)
    cond = threading.Condition()
    items = deque()
    done = [False]

    def notify(n):
        # Python's notify() returns None; how many it woke is what left cond._waiters.
        before = len(cond._waiters)
        if n == "all":
            cond.notify_all()
        else:
            cond.notify(n)
        return before - len(cond._waiters)

    def producer():
        for start in range(0, items_n, batch):
            with cond:
                for item in range(start, min(start + batch, items_n)):
                    items.append(item)
                    lab_trace.emit("put", item)
                woke = notify(batch)
                lab_trace.emit("notify", f"n={batch} woke={woke}")
                print(f"producer: put {batch}, notify({batch}) woke {woke}")
        with cond:
            done[0] = True
            woke = notify("all")
            lab_trace.emit("notify", f"n=all woke={woke}")

    def consumer(name):
        while True:
            with cond:
                while not items and not done[0]:
                    if cond.wait():
                        lab_trace.emit("woke")
                if not items:
                    return
                item = items.popleft()
                lab_trace.emit("get", item)
            print(f"{name} got {item}")

    threads = run_threads(consumer, [f"consumer-{i}" for i in range(1, consumers + 1)])
    threads += run_threads(lambda _: producer(), ["producer"])
    join_all(threads)


def event_cell(waiters=3):
    lab_trace.cell("event", waiters=waiters)
    go = threading.Event()

    def waiter(name):
        print(f"{name}: wait() returned {go.wait(10)}")

    threads = run_threads(waiter, [f"event-{i}" for i in range(1, waiters + 1)])
    while len(go._cond._waiters) < waiters:  # every waiter blocked in wait(), no sleep needed
        time.sleep(0)
    lab_trace.emit("set", "go")
    go.set()
    go.clear()
    lab_trace.emit("clear", "go")
    join_all(threads)
    print(f"after clear(): wait(0.01) returned {go.wait(0.01)}")


def barrier_cell(parties=3, rounds_n=2):
    lab_trace.cell("barrier", parties=parties, rounds=rounds_n)
    rounds = [0]

    def announce():
        rounds[0] += 1
        me = lab_trace.actor()
        lab_trace.set_actor("action")  # the action runs in the last thread to arrive
        lab_trace.emit("action", f"round={rounds[0]}")
        print(f"action: round {rounds[0]} complete")
        lab_trace.set_actor(me)

    gate = threading.Barrier(parties, action=announce)

    def meet(name):
        for r in range(1, rounds_n + 1):
            print(f"{name} arrived (round {r})")
            i = gate.wait()
            lab_trace.emit("index", f"round={r} index={i}")
            print(f"{name} passed round {r}: wait() returned {i}")

    join_all(run_threads(meet, [f"barrier-{i}" for i in range(1, parties + 1)]))
    doomed = threading.Barrier(parties)

    def stranded(name):
        try:
            i = doomed.wait()
            lab_trace.emit("index", "passed")
            print(f"{name}: wait() returned {i}")
        except threading.BrokenBarrierError:
            lab_trace.emit("index", "broken")
            print(f"{name}: BrokenBarrierError")

    threads = run_threads(stranded, [f"stranded-{i}" for i in range(1, parties)])
    while doomed.n_waiting < parties - 1:
        time.sleep(0)
    print(f"{parties - 1} of {parties} arrived; abort()")
    doomed.abort()
    join_all(threads)
    print(f"broken is {doomed.broken}")


def rlock_cell(depth=3):
    lab_trace.cell("rlock", depth=depth)
    lock = threading.RLock()

    def visit(name, d=1):
        with lock:
            lab_trace.emit("enter", d)
            print(f"{name}: depth {d}, holding {d} levels")
            if d < depth:
                visit(name, d + 1)
            lab_trace.emit("leave", d)

    join_all(run_threads(visit, ["rlock-a", "rlock-b"]))
    try:
        lock.release()
        print("release() without owning it: allowed?!")
    except RuntimeError as e:
        print(f"release() without owning it: RuntimeError: {e}")


if __name__ == "__main__":
    main()
    lock_cell()
    condition_cell()
    event_cell()
    barrier_cell()
    rlock_cell()
    lab_trace.end("threading")
