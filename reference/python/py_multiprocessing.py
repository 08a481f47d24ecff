"""The notebook's multiprocessing cells, In [1] to In [6], as a script, with fork and spawn.

    python3 -u reference/python/py_multiprocessing.py           # as the notebook printed it
    python3 -u reference/python/py_multiprocessing.py --trace   # JSON Lines, for xtask compare

Unlike the notebook (run in a Jupyter kernel on macOS, where "spawn" could not find
showSquare in __main__), a script can use spawn: the child re-imports this file as
__mp_main__ and finds showSquare there, which is the fix for the notebook's traceback.
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
    lab_trace.end("multiprocessing")


if __name__ == "__main__":
    main()
