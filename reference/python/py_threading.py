"""The notebook's threading cells, In [7] to In [12], as a script.

    python3 -u reference/python/py_threading.py           # as the notebook printed it
    python3 -u reference/python/py_threading.py --trace   # JSON Lines, for `cargo xtask compare`
"""

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
    lab_trace.end("threading")


if __name__ == "__main__":
    main()
