"""The distributed lesson's partition cell in Python (py_distributed.py runs it): hosts as
network namespaces, as distributed/src/hosts/ makes them, and a worker cut off holding an item.

Linux and root only (`ip netns`, veth pairs); elsewhere the cell says "skip" with the reason.
Traffic goes only to the addresses given here to the namespaces made here (10.231.K.1/30 the
broker's end of host K's cable, 10.231.K.2 the host's), and everything made is removed in a
`finally` (Ctrl-C included). Namespaces are named `clab-PID-py-...`, so a later run of either
language removes those of a run killed outright.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import redis

import lab_trace
from lab_trace import emit

GROUP = "workers"
MARK = {"lab": "distributed"}


def ip(*args):
    r = subprocess.run(["ip", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"`ip {' '.join(args)}` failed: {r.stderr.strip()}")
    return r.stdout


def unsupported():
    """Why this machine cannot make hosts, or None."""
    if not sys.platform.startswith("linux"):
        return f"hosts as network namespaces need Linux (this is {sys.platform})"
    if os.geteuid() != 0:
        return f"hosts as network namespaces need root (this process runs as uid {os.geteuid()})"
    if not shutil.which("ip"):
        return "`ip` (iproute2) not found on PATH: hosts as network namespaces need it"
    return None


class Hosts:
    """A broker namespace and n hosts, each cabled to it; a redis-server in the broker's."""

    def __init__(self, n):
        tag = f"clab-{os.getpid()}-py"
        self.broker, self.made, self.server, self.dir = f"{tag}-broker", [], None, None
        try:
            self._ns(self.broker)
            for k in range(1, n + 1):
                ns = f"{tag}-h{k}"
                self._ns(ns)
                ip("-n", self.broker, "link", "add", f"to-h{k}", "type", "veth",
                   "peer", "name", "to-broker", "netns", ns)
                ip("-n", self.broker, "addr", "add", f"10.231.{k}.1/30", "dev", f"to-h{k}")
                ip("-n", ns, "addr", "add", f"10.231.{k}.2/30", "dev", "to-broker")
                ip("-n", self.broker, "link", "set", f"to-h{k}", "up")
                ip("-n", ns, "link", "set", "to-broker", "up")
            self.dir = tempfile.mkdtemp(prefix="py-distributed-redis-")
            self.sock = os.path.join(self.dir, "redis.sock")
            binds = [f"10.231.{k}.1" for k in range(1, n + 1)]
            self.server = subprocess.Popen(
                ["ip", "netns", "exec", self.broker, "redis-server", "--bind", *binds,
                 "--port", "6379", "--unixsocket", self.sock, "--unixsocketperm", "700",
                 # Only our cables reach this namespace: protected mode would refuse them.
                 "--protected-mode", "no", "--save", "", "--appendonly", "no",
                 "--dir", self.dir, "--logfile", os.path.join(self.dir, "redis.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(1000):
                try:
                    if redis.Redis(unix_socket_path=self.sock).ping():
                        return
                except (redis.ConnectionError, FileNotFoundError):
                    time.sleep(0.01)
            raise RuntimeError("redis-server in the broker's namespace did not answer PING")
        except BaseException:
            self.remove()
            raise

    def _ns(self, ns):
        ip("netns", "add", ns)
        self.made.append(ns)
        ip("-n", ns, "link", "set", "lo", "up")

    def url_for(self, k):
        return f"redis://10.231.{k}.1:6379/"

    def cut(self, k):
        ip("-n", self.broker, "link", "set", f"to-h{k}", "down")

    def heal(self, k):
        ip("-n", self.broker, "link", "set", f"to-h{k}", "up")

    def remove(self):
        if self.server is not None:
            self.server.kill()
            self.server.wait()
            self.server = None
        for ns in reversed(self.made):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        self.made = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def far_worker(url, stream, name, claim_ms, stall_on, work_ms):
    """`--role worker` on a host: the loop of py_distributed.worker (square task), plus a
    stall between the work and the XACK of the `stall_on`-th read, until SIGUSR1 (the word
    to go on cannot come through Redis: the worker is cut off from it)."""
    lab_trace.set_actor(name)
    if stall_on:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    r = redis.Redis.from_url(url, decode_responses=True)
    reads = 0
    while True:
        done = r.exists(f"{stream}:done")
        entry = None
        if claim_ms is not None:
            _, claimed, _ = r.xautoclaim(stream, GROUP, name, claim_ms, "0-0", count=1)
            if claimed:
                entry = claimed[0]
                emit("claim", f"{entry[1]['item']} {entry[0]}")
                print(f"{name}: claimed {entry[1]['item']} (read by another, never acknowledged)")
        if entry is None:
            got = r.xreadgroup(GROUP, name, {stream: ">"}, count=1, block=20)
            if not got:
                if done and r.xpending(stream, GROUP)["pending"] == 0:
                    emit("exit", "drained")
                    return
                continue
            entry = got[0][1][0]
            emit("read", f"{entry[1]['item']} {entry[0]}")
        entry_id, fields = entry
        item = fields["item"]
        t = f"{item} {entry_id}"
        reads += 1
        time.sleep(work_ms / 1000)
        x = int(item)
        written = r.hsetnx(f"{stream}:results", item, x * x)
        emit("stored" if written else "skipped", item)
        print(f"{name}: {item} squared is {x * x}{'' if written else ' (already stored: skipped)'}")
        emit("process", t)
        if stall_on == reads:
            emit("hold", t)
            r.rpush(f"{stream}:held", entry_id)
            signal.sigwait({signal.SIGUSR1})
        emit("acking", t)
        if r.xack(stream, GROUP, entry_id):
            emit("ack", t)
        else:
            # Removed nothing: another consumer claimed it and acknowledged it first.
            emit("late-ack", t)


def start(hosts, k, stream, name, extra):
    args = [sys.executable, "-u", os.path.abspath(__file__), "--role", "worker",
            "--redis", hosts.url_for(k), "--stream", stream, "--name", name, *extra]
    p = subprocess.Popen(["ip", "netns", "exec", hosts.made[k], *args], stdin=subprocess.DEVNULL)
    emit("start", name, who="main")
    return p


def join(p, name):
    if p.wait() != 0:
        raise RuntimeError(f"{name} ended with {p.returncode}")
    emit("join", name, who="main")


def cell(items, min_idle_ms, work_ms):
    """worker-1 on host 1 holds item 0 and is cut off; its XACK goes into the dead link;
    worker-2 on host 2 claims it; the link comes back and worker-1's XACK arrives late."""
    lab_trace.cell("partition", items=items, min_idle_ms=min_idle_ms)
    why = unsupported()
    if why is not None:
        emit("skip", why, who="main")
        print("skipped:", why)
        return
    hosts = Hosts(2)
    try:
        stream = "py:partition"
        r = redis.Redis(unix_socket_path=hosts.sock, decode_responses=True)
        r.xgroup_create(stream, GROUP, id="0", mkstream=True)
        w1 = start(hosts, 1, stream, "worker-1", ["--stall-on", "1", "--work-ms", str(work_ms)])
        for i in range(items):
            emit("adding", i, who="producer")
            entry_id = r.xadd(stream, {**MARK, "item": i})
            emit("add", f"{i} {entry_id}", who="producer")
        r.set(f"{stream}:done", 1)
        emit("done", items, who="producer")
        _, held = r.blpop(f"{stream}:held", timeout=20)
        hosts.cut(1)
        emit("cut", "worker-1", who="main")
        print("worker-1 holds item 0, processed, not acknowledged: its link goes down")
        w1.send_signal(signal.SIGUSR1)
        w2 = start(hosts, 2, stream, "worker-2",
                   ["--claim-ms", str(min_idle_ms), "--work-ms", str(work_ms)])
        deadline = time.monotonic() + 20
        while r.xpending_range(stream, GROUP, held, held, 1):
            if time.monotonic() > deadline:
                raise RuntimeError(f"entry {held} still pending: nobody claimed it")
            time.sleep(0.01)  # polling the server for a condition; it orders nothing
        print("worker-2 claimed item 0 and acknowledged it: the link comes back")
        emit("heal", "worker-1", who="main")
        hosts.heal(1)
        join(w1, "worker-1")
        join(w2, "worker-2")
    finally:
        hosts.remove()


if __name__ == "__main__" and "--role" in sys.argv:
    def arg(flag, default=None):
        return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default
    claim = arg("--claim-ms")
    stall = arg("--stall-on")
    far_worker(arg("--redis"), arg("--stream"), arg("--name"),
               int(claim) if claim else None, int(stall) if stall else None,
               int(arg("--work-ms", "2")))
