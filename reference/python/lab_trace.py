"""The trace format of concurrency-lab (SPEC section 3), for the notebook's Python.

With --trace, every event is one JSON object on one line, written with a single os.write(2)
so that lines from several threads or processes never tear; print() is routed through a
stdout whose every write() becomes a "write" event of the actor that called it, which is
exactly how CPython's print works: "Square:", " ", "4" and "\\n" are four writes.

Stdlib only. Without --trace, nothing changes: the script prints as the notebook did.
"""

import json
import os
import sys
import threading
import time

# Children started with multiprocessing's "spawn" do not see our argv: the environment
# carries trace mode to them.
TRACE = "--trace" in sys.argv or os.environ.get("LAB_TRACE") == "1"
if TRACE:
    os.environ["LAB_TRACE"] = "1"
_seq = {}
_seq_lock = threading.Lock()
_local = threading.local()


def actor():
    """The current actor: set_actor()'s name, else the thread's name ("main" for MainThread)."""
    name = getattr(_local, "actor", None)
    if name is None:
        name = threading.current_thread().name
        if name == "MainThread":
            name = "main"
    return name


def set_actor(name):
    """Names the calling thread (or, after fork, the process) as an actor."""
    _local.actor = name


def reset_after_fork(name):
    """In a forked child: a fresh per-actor counter, and the child's actor name."""
    global _seq_lock
    _seq.clear()
    _seq_lock = threading.Lock()
    set_actor(name)


def emit(kind, value="", who=None):
    """One event: a JSON line in trace mode; nothing in text mode (print does the talking)."""
    if not TRACE:
        return
    who = who or actor()
    with _seq_lock:
        seq = _seq.get((who, os.getpid()), 0)
        _seq[(who, os.getpid())] = seq + 1
    # The clock is read here, before the line is written: a `call` before its operation
    # starts, a `ret` after it ended. The Rust checker takes operation intervals from t_ns
    # (interleaving::linear); time.monotonic_ns() is CLOCK_MONOTONIC on Linux, the clock the
    # Rust emitter reads, one clock for every process.
    line = json.dumps(
        {
            "seq": seq,
            "t_ns": time.monotonic_ns(),
            "pid": os.getpid(),
            "actor": who,
            "kind": kind,
            "value": str(value),
        },
        separators=(",", ":"),
    )
    os.write(1, (line + "\n").encode())


def call(op, arg="", who=None):
    """An operation on a shared object begins: a "call" event, "OP ARG" (interleaving::linear).

    Emitted just before the operation, so its clock is read before the operation starts."""
    emit("call", f"{op} {arg}".rstrip(), who=who)


def ret(op, result, who=None):
    """The caller's open operation returned: a "ret" event, "OP RESULT".

    Emitted just after the operation, so its clock is read after it ended."""
    emit("ret", f"{op} {result}", who=who)


class _TraceStdout:
    """A sys.stdout whose every write() is one "write" event: print's pieces, as they come."""

    def write(self, s):
        if s:
            emit("write", s)
        return len(s)

    def flush(self):
        pass


def lesson(name):
    """The run's first event: it names the lesson (a rule every trace gets)."""
    emit("lesson", name, who="lesson")


def end(name):
    """The run's last event: the run ended, it was not cut short."""
    emit("end", name, who="lesson")


def cell(name, **knobs):
    """Marks the start of a lesson cell (same names as the Rust demo's cells), then its knobs.

    Each cell's actors count their events from 0 again, as the Rust cells make theirs afresh;
    the lesson actor counts on. Every cell opens with its knobs (`key=value` fields).
    """
    emit("cell", name, who="lesson")
    with _seq_lock:
        for key in [k for k in _seq if k[0] != "lesson"]:
            del _seq[key]
    emit("knob", " ".join(f"{k}={v}" for k, v in knobs.items()), who="lesson")


if TRACE:
    sys.stdout = _TraceStdout()
