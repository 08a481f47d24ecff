"""The coroutines lesson in Python: the notebook's In [20] to In [32], then priming, a running
average, a pipeline and a round-robin scheduler, on CPython's own generators.

    python3 -u py_coroutines.py           # as the notebook printed it
    python3 -u py_coroutines.py --trace   # JSON Lines, checked by the Rust demo's properties

It belongs in reference/python/ next to lab_trace.py (`cargo xtask compare coroutines`);
it finds lab_trace.py there from here too. Each call on a generator goes through `Traced`,
which records the same events as the Rust `coroutines::Traced`: the caller's `send`, `throw`,
`close` and `error`, the generator's `yield`, `return` and `raise`, and the generator's
prints under its own name. So the same properties judge Python's generators and ours.
"""

import inspect
import os
import sys
from collections import deque

HERE = os.path.dirname(os.path.abspath(__file__))
for where in (HERE, os.path.join(HERE, "..", "..", "reference", "python")):
    if os.path.exists(os.path.join(where, "lab_trace.py")):
        sys.path.insert(0, where)
        break

import lab_trace  # noqa: E402


def cell(name, **knobs):
    """A new cell. Each Rust cell makes its actors anew, so their seq restarts at 0: same here."""
    lab_trace.cell(name, **knobs)


class Traced:
    """A generator whose every switch is an event, as coroutines::Traced in Rust."""

    def __init__(self, gen, name, caller="main"):
        self.gen, self.name, self.caller, self.done = gen, name, caller, False

    def _run(self, call):
        if self.done:
            lab_trace.emit("error", "StopIteration", who=self.caller)
            raise StopIteration
        lab_trace.set_actor(self.name)
        try:
            value = call()
        except StopIteration as stop:
            self.done = True
            lab_trace.emit("return", repr(stop.value), who=self.name)
            raise
        except Exception as e:
            self.done = True
            lab_trace.emit("raise", repr(e), who=self.name)
            raise
        finally:
            lab_trace.set_actor(self.caller)
        lab_trace.emit("yield", repr(value), who=self.name)
        return value

    def next(self):
        lab_trace.emit("send", "None", who=self.caller)
        return self._run(lambda: next(self.gen))

    def send(self, value):
        lab_trace.emit("send", repr(value), who=self.caller)
        if inspect.getgeneratorstate(self.gen) == inspect.GEN_CREATED:
            try:
                self.gen.send(value)
            except TypeError as e:  # the just-started rule: refused, nothing ran
                lab_trace.emit("error", f"TypeError: {e}", who=self.caller)
                raise
        return self._run(lambda: self.gen.send(value))

    def close(self):
        was = inspect.getgeneratorstate(self.gen)
        lab_trace.emit("close", "", who=self.caller)
        lab_trace.set_actor(self.name)
        try:
            result = self.gen.close()
        finally:
            lab_trace.set_actor(self.caller)
        self.done = True
        if was == inspect.GEN_SUSPENDED:
            lab_trace.emit("return", repr(result), who=self.name)
        return result


def generator_repr(g):
    # Python shows an address here, different every run; the Rust demo shows the state instead.
    return f"<generator object {g.__name__} ({inspect.getgeneratorstate(g)})>"


# In [20]
def func():
    return 5


def func2():
    yield func()


# In [27]
def fancy_name(prefix):
    try:
        while True:  # Runs indefinitely
            name = yield
            print(prefix + ":" + name)
    except GeneratorExit:
        print("Done")


def averager():
    total, count, average = 0.0, 0, None
    while True:
        term = yield average
        if term is None:
            break
        total += term
        count += 1
        average = total / count
    return (count, average)


def grep(pattern, target):
    target.next()  # prime the next stage
    try:
        while True:
            line = yield
            if pattern in line:
                target.send(line)
    except GeneratorExit:
        target.close()


def printer():
    while True:
        line = yield
        print(line)


def countdown(n):
    while n > 0:
        print(f"{lab_trace.actor()}: {n}")
        yield
        n -= 1


LINES = [
    "python generators pause at yield",
    "rust has no generators",
    "send() resumes a python coroutine",
    "close() raises GeneratorExit",
    "asyncio is built on python coroutines",
]


def main():
    lab_trace.lesson("coroutines")
    cell("func2")  # In [21]
    g = func2()
    print(generator_repr(g))
    t = Traced(g, "func2")
    print(t.next())
    try:
        t.next()
    except StopIteration:
        print("StopIteration")
    print(generator_repr(g))

    cell("fancy-name")  # In [28] to In [32]
    co = Traced(fancy_name("Cool"), "fancy_name")
    co.next()
    co.send("Utkarsh")
    co.send("Gupta")
    co.close()

    cell("priming")
    gen = fancy_name("Cool")
    co = Traced(gen, "fancy_name")
    try:
        co.send("Utkarsh")
    except TypeError as e:
        print(f"TypeError: {e}")
    print(generator_repr(gen))
    co.next()
    co.send("Utkarsh")
    try:
        co.next()
    except TypeError as e:
        print(f"TypeError: {e}")
    try:
        co.send("Gupta")
    except StopIteration:
        print("StopIteration")

    cell("averager")
    avg = Traced(averager(), "averager")
    print(repr(avg.next()))
    for term in (10.0, 30.0, 5.0):
        print(repr(avg.send(term)))
    try:
        avg.next()
    except StopIteration as stop:
        print(f"StopIteration: {stop.value!r}")

    cell("pipeline")
    sink = Traced(printer(), "printer", caller="grep")
    p = Traced(grep("python", sink), "grep")
    p.next()
    for line in LINES:
        p.send(line)
    p.close()

    cell("scheduler", tasks=3, steps=3)
    tasks = deque()
    for i in range(3):
        name = f"task-{i + 1}"
        tasks.append(Traced(countdown(max(1, 3 - i)), name))
        lab_trace.emit("start", name)
    while tasks:  # round robin
        task = tasks.popleft()
        try:
            task.next()
            tasks.append(task)
        except StopIteration:
            pass
    lab_trace.end("coroutines")


if __name__ == "__main__":
    main()
