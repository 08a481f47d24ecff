"""The distributed lesson in Python: the notebook's queue and Pool.map on Redis Streams.

    python3 -u reference/python/py_distributed.py            # starts its own redis-server
    python3 -u reference/python/py_distributed.py --trace    # JSON Lines, for xtask compare
    python3 -u reference/python/py_distributed.py --redis redis://127.0.0.1:6379/

What an RQ or Celery worker does underneath, with redis-py (pip install -r requirements.txt)
and the same cells (the sixth, a partition, in py_partition.py), events and names as the Rust demo (distributed/): XADD is put,
XREADGROUP get, XACK task_done, XAUTOCLAIM the redelivery of what a dead worker held. Workers
are processes started with multiprocessing's "spawn", as they would be on other machines.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import multiprocessing as mp

import redis

import lab_trace
import py_partition
from lab_trace import call, emit, ret

GROUP = "workers"
MARK = {"lab": "distributed"}
ITEMS, WORKERS, WORK_MS, KILL_AFTER, MIN_IDLE_MS, FAIL_AT, BOUND = 6, 3, 2, 2, 100, 3, 2


def arg(flag, default=None):
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default


# The server: ours on a free port in a temporary directory, or the one given with --redis.
def start_server():
    if not shutil.which("redis-server"):
        sys.exit("error: redis-server not found on PATH: install it (Debian/Ubuntu: "
                 "`sudo apt-get install -y redis-server`) or pass --redis redis://HOST:PORT")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="py-distributed-redis-")
    proc = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", tmp, "--logfile", os.path.join(tmp, "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/"
    for _ in range(500):
        try:
            if redis.Redis.from_url(url).ping():
                return url, proc, tmp
        except redis.ConnectionError:
            time.sleep(0.01)
    proc.kill()
    sys.exit("error: redis-server did not answer PING")


# `--batch N` (cells 1-5), as the Rust demo's: N entries per round trip.
BATCH = int(arg("--batch", "1"))
if not 1 <= BATCH <= 1024:
    print("error: --batch must be in 1..=1024", file=sys.stderr)
    sys.exit(2)


def tag(entry_id, fields):
    item = fields.get("item", "end")
    return f"{item} {entry_id}"


# Every stream command of producer and workers is also a "call" just before and a "ret" just
# after (interleaving::linear::consumer_group), for the consumer-group check.
def xadd(r, stream, fields, shown):
    call("xadd", shown, who="producer")
    entry_id = r.xadd(stream, {**MARK, **fields})
    ret("xadd", entry_id, who="producer")
    return entry_id


def xack(r, stream, entries):
    """The entries' XACKs in one round trip (pipelined: each id gets its own answer), between
    one "call" and "ret" naming them all; `acking` before, `ack` or `late-ack` after."""
    tags = [tag(*e) for e in entries]
    for t in tags:
        emit("acking", t)
    call("xack", " ".join(tags))
    pipe = r.pipeline(transaction=False)
    for entry_id, _ in entries:
        pipe.xack(stream, GROUP, entry_id)
    removed = pipe.execute()
    ret("xack", " ".join("1" if n else "0" for n in removed))
    for t, n in zip(tags, removed):
        emit("ack" if n else "late-ack", t)


def delivered(op, entries):
    """The entries a read or claim brought, recorded as its "ret"."""
    ret(op, " ".join(tag(*e) for e in entries) if entries else "!Empty")
    return entries


def say(who, text):
    """print(text) as actor `who` (the producer and main share this process)."""
    before = getattr(lab_trace._local, "actor", None)
    lab_trace.set_actor(who)
    try:
        print(text)
    finally:
        lab_trace.set_actor(before)


# One worker: claim what a dead worker left (if told to), else read; work; store once; ack.
# Up to BATCH entries at a time, but never past the read it must hold (it ends its batch).
def worker(url, stream, name, task, claim_ms, hold_on, fail_at, work_ms):
    lab_trace.set_actor(name)
    r = redis.Redis.from_url(url, decode_responses=True)
    reads = 0
    while True:
        done = r.exists(f"{stream}:done")
        count = BATCH if hold_on is None or hold_on <= reads else min(BATCH, hold_on - reads)
        entries = []
        if claim_ms is not None:
            call("xautoclaim")
            _, claimed, _ = r.xautoclaim(stream, GROUP, name, claim_ms, "0-0", count=count)
            entries = delivered("xautoclaim", claimed)
            for e in entries:
                emit("claim", tag(*e))
                if "item" in e[1]:
                    print(f"{name}: claimed {e[1]['item']} (read by another, never acknowledged)")
        if not entries:
            call("xreadgroup")
            got = r.xreadgroup(GROUP, name, {stream: ">"}, count=count, block=20)
            entries = delivered("xreadgroup", got[0][1] if got else [])
            if not entries:
                if done and r.xpending(stream, GROUP)["pending"] == 0:
                    emit("exit", "drained")
                    return
                continue
            for e in entries:
                emit("read", tag(*e))
        finished = []
        for entry in entries:
            entry_id, fields = entry
            if fields.get("lab") != "distributed":
                sys.exit(f"error: stream {stream} holds an entry this lesson did not write ({entry_id})")
            if "item" not in fields:
                xack(r, stream, finished + [entry])
                emit("exit", "end-marker")
                return
            item = fields["item"]
            x = int(item)
            reads += 1
            time.sleep(work_ms * (3 - x % 3 if task == "map" else 1) / 1000)
            if task == "consume":
                print("Consumed", item)
            elif task == "square":
                written = r.hsetnx(f"{stream}:results", item, x * x)
                emit("stored" if written else "skipped", item)
                print(f"{name}: {item} squared is {x * x}{'' if written else ' (already stored: skipped)'}")
            else:
                reply = f"{x} err ValueError: item {x} is bad" if x == fail_at else f"{x} ok {x * x}"
                emit("reply", reply)
                r.rpush(f"{stream}:replies", reply)
            emit("process", tag(*entry))
            if hold_on == reads:
                if finished:
                    xack(r, stream, finished)
                emit("hold", tag(*entry))
                r.rpush(f"{stream}:held", entry_id)
                while True:
                    time.sleep(3600)  # waiting for SIGKILL
            finished.append(entry)
        xack(r, stream, finished)


class Cell:
    def __init__(self, url, name, knobs):
        self.url, self.name, self.stream = url, name, f"py:{name}"
        self.r = redis.Redis.from_url(url, decode_responses=True)
        lab_trace.cell(name, **knobs)
        keys = [self.stream] + [f"{self.stream}:{s}" for s in ("done", "results", "replies", "held")]
        self.r.delete(*keys)
        self.r.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        self.ctx = mp.get_context("spawn")

    def start(self, name, task="square", claim_ms=None, hold_on=None):
        p = self.ctx.Process(target=worker, name=name, args=(
            self.url, self.stream, name, task, claim_ms, hold_on, FAIL_AT, WORK_MS))
        p.start()
        emit("start", name, who="main")
        return p

    def join(self, procs):
        for p in procs:
            p.join()
            emit("join", p.name, who="main")

    def put(self, i):
        emit("adding", i, who="producer")
        entry_id = xadd(self.r, self.stream, {"item": i}, i)
        emit("add", f"{i} {entry_id}", who="producer")

    def put_many(self, items):
        """Pipelined XADDs in one round trip, one "call" and "ret" naming them all."""
        if len(items) == 1:
            return self.put(items[0])
        for i in items:
            emit("adding", i, who="producer")
        call("xadd", " ".join(str(i) for i in items), who="producer")
        pipe = self.r.pipeline(transaction=False)
        for i in items:
            pipe.xadd(self.stream, {**MARK, "item": i})
        ids = pipe.execute()
        ret("xadd", " ".join(ids), who="producer")
        for i, entry_id in zip(items, ids):
            emit("add", f"{i} {entry_id}", who="producer")

    def put_all(self, n):
        for lo in range(0, n, BATCH):
            self.put_many(list(range(lo, min(n, lo + BATCH))))

    def done(self, n):
        self.r.set(f"{self.stream}:done", 1)
        emit("done", n, who="producer")


def can_bench():
    """Whether bench() can run here: redis-server on PATH."""
    return shutil.which("redis-server") is not None


def bench(n, workers, batch=1):
    """Items per second through a stream (XADD, XREADGROUP, XACK), one producer and
    `workers` threads each with its own connection, as in distributed/benches/: `batch`
    entries per round trip (pipelined XADDs, XREADGROUP COUNT, the batch's XACKs pipelined)."""
    import threading

    url, server, tmp = start_server()
    try:
        r = redis.Redis.from_url(url, decode_responses=True)
        stream = f"bench:{workers}"
        r.delete(stream, f"{stream}:done")
        r.xgroup_create(stream, GROUP, id="0", mkstream=True)

        def drain(name):
            c = redis.Redis.from_url(url, decode_responses=True)
            while True:
                done = c.exists(f"{stream}:done")
                got = c.xreadgroup(GROUP, name, {stream: ">"}, count=batch, block=5)
                if got:
                    entries = got[0][1]
                    for _, fields in entries:
                        int(fields["item"])
                    pipe = c.pipeline(transaction=False)
                    for entry_id, _ in entries:
                        pipe.xack(stream, GROUP, entry_id)
                    pipe.execute()
                elif done and c.xpending(stream, GROUP)["pending"] == 0:
                    return

        t = time.perf_counter()
        ts = [threading.Thread(target=drain, args=(f"w{i}",)) for i in range(workers)]
        for th in ts:
            th.start()
        for lo in range(0, n, batch):
            pipe = r.pipeline(transaction=False)
            for i in range(lo, min(n, lo + batch)):
                pipe.xadd(stream, {**MARK, "item": i})
            pipe.execute()
        r.set(f"{stream}:done", 1)
        for th in ts:
            th.join()
        return n / (time.perf_counter() - t)
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    url, server, tmp = (arg("--redis"), None, None)
    if url is None:
        url, server, tmp = start_server()
    lab_trace.lesson("distributed")
    try:
        # 1. The notebook's queue on a stream, ended by an end marker.
        c = Cell(url, "stream-queue", {"items": ITEMS, "work_ms": WORK_MS, "batch": BATCH})
        consumer = c.start("consumer", task="consume")
        for lo in range(0, ITEMS, BATCH):
            items = list(range(lo, min(ITEMS, lo + BATCH)))
            c.put_many(items)
            for i in items:
                say("producer", f"Published {i}")
        emit("adding", "end", who="producer")
        entry_id = xadd(c.r, c.stream, {"end": 1}, "end")
        emit("add", f"end {entry_id}", who="producer")
        c.join([consumer])

        # 2. Competing workers in one group.
        c = Cell(url, "competing-workers", {"items": ITEMS, "workers": WORKERS, "work_ms": WORK_MS,
                                            "batch": BATCH})
        procs = [c.start(f"worker-{i + 1}") for i in range(WORKERS)]
        c.put_all(ITEMS)
        c.done(ITEMS)
        c.join(procs)

        # 3. A worker dies holding an item; the survivors claim it.
        c = Cell(url, "worker-dies", {"items": ITEMS, "workers": WORKERS,
                                      "kill_after": KILL_AFTER, "min_idle_ms": MIN_IDLE_MS,
                                      "batch": BATCH})
        doomed = c.start("worker-1", hold_on=KILL_AFTER)
        c.put_all(ITEMS)
        c.done(ITEMS)
        c.r.blpop(f"{c.stream}:held", timeout=10)
        print("worker-1 holds an item, processed, not acknowledged: SIGKILL")
        doomed.kill()
        doomed.join()
        emit("kill", "worker-1", who="main")
        procs = [c.start(f"worker-{i + 2}", claim_ms=MIN_IDLE_MS) for i in range(WORKERS - 1)]
        c.join(procs)

        # 4. Pool.map over the broker: replies in any order, results in input order.
        c = Cell(url, "pool-map", {"items": ITEMS, "workers": WORKERS, "fail_at": FAIL_AT,
                                   "batch": BATCH})
        procs = [c.start(f"worker-{i + 1}", task="map") for i in range(WORKERS)]
        c.put_all(ITEMS)
        c.done(ITEMS)
        results = [None] * ITEMS
        for _ in range(ITEMS):
            _, reply = c.r.blpop(f"{c.stream}:replies", timeout=10)
            emit("result", reply, who="main")
            print(f"reply arrived: {reply}")
            i, kind, rest = reply.split(" ", 2)
            results[int(i)] = int(rest) if kind == "ok" else "err"
        emit("map", ", ".join(str(x) for x in results), who="main")
        print("map returned", results)
        c.join(procs)

        # 5. Backpressure: wait while the backlog (lag + pending) is at the bound.
        c = Cell(url, "backpressure", {"items": ITEMS, "workers": WORKERS, "bound": BOUND,
                                       "work_ms": WORK_MS, "batch": BATCH})
        procs = [c.start(f"worker-{i + 1}") for i in range(WORKERS)]
        i = 0
        while i < ITEMS:
            waited = False
            while True:
                g = next(g for g in c.r.xinfo_groups(c.stream) if g["name"] == GROUP)
                backlog = (g.get("lag") or 0) + g["pending"]
                if backlog < BOUND:
                    if waited:
                        emit("resume", f"backlog={backlog}", who="producer")
                    break
                if not waited:
                    emit("wait", f"backlog={backlog}", who="producer")
                    say("producer", f"backlog {backlog} at the bound: put({i}) waits")
                    waited = True
                time.sleep(0.001)
            # A batch fills the room, no more: the bound holds for every item in it.
            end = min(ITEMS, i + min(BATCH, BOUND - backlog))
            c.put_many(list(range(i, end)))
            i = end
        c.done(ITEMS)
        c.join(procs)

        # 6. A partition: hosts as network namespaces (py_partition.py; root and Linux).
        py_partition.cell(ITEMS, MIN_IDLE_MS, WORK_MS)
        lab_trace.end("distributed")
    finally:
        if server is not None:
            server.send_signal(signal.SIGKILL)
            server.wait()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
