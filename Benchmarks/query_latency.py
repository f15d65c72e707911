#!/usr/bin/env python3
"""Query latency: one keep-alive client reading floorwatchd's query socket, next to Redis GET in the same run.

Every request goes over a Unix socket on both sides (floorwatchd's query socket; redis-server's
`unixsocket`), from the same Python loop, one request at a time, so the client's own cost is the same on
both sides. Resources: `/v1/health`, `/v1/queues/<q>`, `/v1/snapshot`; Redis: `GET` of a value the size of
the floorwatchd body it is compared with (so the bytes moved are the same), rounds interleaved.

Three floors: a small center (4 queues, 250 agents, a few dozen callers waiting), a large one (20,000
agents on 1,000 queues, 2,000 callers waiting) and a wide one (10,000 queues with one caller each, the
queue limits raised), to show `/v1/queues/<q>` stays flat as the center grows.

Where the processes run changes the figures more than anything the servers do, so each placement is
measured and printed (`--placements`): `apart` (both servers, every thread, pinned to CPU 0, the client
to CPU 1: the performance issue's setup, where a request's latency is one wake-up across cores plus the
server's work), `together` (servers and client on CPU 1: latency is the sum of client and server CPU, so
it shows the server's own cost per request), and `free` (the scheduler's choice: it tends to wake
single-threaded Redis on the client's core and floorwatchd's query loop on the other, which is a
placement, not a cost).

Run from the repository root after `swift build -c release --product floorwatchd`:
    python3 Benchmarks/query_latency.py [--samples 3000] [--rounds 5]
Needs redis-server (Debian package redis-server). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from freshness import BINARY, HTTPOverUnix, free_port, percentiles, wait_until_serving  # noqa: E402

EPOCH_MS = 1795597200000


class UnixRESP:
    """A minimal Redis client over a Unix socket: one command at a time."""

    def __init__(self, path: str):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile("rb")

    def command(self, *parts) -> bytes | int | None:
        encoded = [p if isinstance(p, bytes) else str(p).encode() for p in parts]
        message = b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in encoded)
        self.sock.sendall(message)
        line = self.file.readline()
        if line.startswith(b"$"):
            length = int(line[1:])
            if length < 0:
                return None
            data = self.file.read(length + 2)
            return data[:-2]
        if line.startswith(b":"):
            return int(line[1:])
        return line


def line(kind: str, t: int, **fields) -> str:
    return json.dumps({"v": 1, "type": kind, "time_ms": EPOCH_MS + t, **fields}, separators=(",", ":")) + "\n"


def small_floor() -> list[str]:
    lines = []
    queues = ["billing", "outages", "moves", "email-general"]
    for i in range(250):
        agent = f"agent-{i}"
        lines.append(line("agent.login", i, agent=agent, name=f"Agent {i}", team=f"team-{i % 10}"))
        lines.append(line("agent.profile", i, agent=agent, slots={"voice": 1, "chat": 2, "email": 1},
                          queues=[queues[i % 4], queues[(i + 1) % 4]]))
        lines.append(line("agent.state", i, agent=agent, state="available"))
    for i in range(4000):
        q = queues[i % 4]
        channel = "email" if q == "email-general" else "voice"
        lines.append(line("contact.queued", 1000 + i * 50, contact=f"c-{i}", queue=q, channel=channel))
        if i % 100 < 98:
            lines.append(line("contact.ended", 1000 + i * 50 + 20000, contact=f"c-{i}", reason="abandoned"))
    return lines


def large_floor() -> list[str]:
    lines = []
    for i in range(20_000):
        agent = f"agent-{i}"
        lines.append(line("agent.login", i, agent=agent, name=f"Agent {i}", team=f"team-{i % 200}"))
        lines.append(line("agent.profile", i, agent=agent, slots={"voice": 1, "email": 1},
                          queues=[f"q-{i % 1000}", f"q-{(i + 1) % 1000}"]))
        lines.append(line("agent.state", i, agent=agent, state="available"))
    for i in range(6000):
        lines.append(line("contact.queued", 30_000 + i * 10, contact=f"c-{i}", queue=f"q-{i % 1000}", channel="voice"))
        if i % 3:
            lines.append(line("contact.ended", 30_000 + i * 10 + 20000, contact=f"c-{i}", reason="abandoned"))
    return lines


def wide_floor() -> list[str]:
    lines = [line("agent.login", 0, agent="agent-0", name="Agent 0", team="team-0")]
    for i in range(10_000):
        lines.append(line("contact.queued", 1000 + i, contact=f"w-{i}", queue=f"wide-{i}", channel="email"))
    return lines


class Daemon:
    def __init__(self, workdir: str, name: str, config: str | None = None):
        self.tcp = free_port(socket.SOCK_STREAM)
        self.sock = os.path.join(workdir, f"{name}.sock")
        self.log = open(os.path.join(workdir, f"{name}.log"), "wb")
        options = []
        if config:
            path = os.path.join(workdir, f"{name}.toml")
            Path(path).write_text(config)
            options = ["--config", path]
        self.proc = subprocess.Popen(
            [str(BINARY), *options, "--clock", "event", "--tcp", f"127.0.0.1:{self.tcp}=native",
             "--query-socket", self.sock, "--state-dir", os.path.join(workdir, f"{name}-state")],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_serving(self.sock)

    def feed(self, lines: list[str], agents: int, last_queue: str | None = None) -> None:
        with socket.create_connection(("127.0.0.1", self.tcp)) as out:
            out.sendall("".join(lines).encode())
        client = HTTPOverUnix(self.sock)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            # Small documents only: the wide floor's snapshot is megabytes.
            if last_queue is not None:
                if b'"in_queue":1' in client.get(f"/v1/queues/{last_queue}"):
                    return
            elif json.loads(client.get("/v1/snapshot"))["agents"]["known"] >= agents:
                return
            time.sleep(0.2)
        raise RuntimeError("the floor did not arrive")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Redis:
    def __init__(self, workdir: str):
        self.sock = os.path.join(workdir, "redis.sock")
        self.proc = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.sock, "--save", "", "--appendonly", "no",
             "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client = UnixRESP(self.sock)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


PLACEMENTS = {"apart": ("0", 1), "together": ("1", 1), "free": (None, None)}


def place(pids: list[int], placement: str) -> None:
    """Pins every thread of each server and this client for `placement` (None: every CPU)."""
    servers, client = PLACEMENTS[placement]
    every = ",".join(str(c) for c in sorted(os.sched_getaffinity(0) | set(range(os.cpu_count() or 1))))
    for pid in pids:
        subprocess.run(["taskset", "-a", "-p", "-c", servers or every, str(pid)], check=True,
                       stdout=subprocess.DEVNULL)
    os.sched_setaffinity(0, {client} if client is not None else set(range(os.cpu_count() or 1)))


def timed(call, samples: int) -> list[float]:
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def measure(placement: str, args, resources, sizes, readers, redis, pids) -> None:
    results: dict = {}
    server_cpu: dict = {}
    for _ in range(args.rounds):
        for floor, resource in resources:
            reader = readers[floor]
            before = cpu_seconds(pids[floor])
            results.setdefault((floor, resource, "floorwatchd"), []).extend(
                timed(lambda: reader.get(resource), args.samples))
            server_cpu.setdefault((floor, resource, "floorwatchd"), []).append(
                (cpu_seconds(pids[floor]) - before) / args.samples)
            key = f"{floor}{resource}"
            before = cpu_seconds(redis.proc.pid)
            results.setdefault((floor, resource, "redis"), []).extend(
                timed(lambda: redis.client.command("GET", key), args.samples))
            server_cpu.setdefault((floor, resource, "redis"), []).append(
                (cpu_seconds(redis.proc.pid) - before) / args.samples)
    print(f"placement {placement}: latency of one request at a time, sent to answer read, as seen by the client; "
          "server CPU: the server's user + system time per request (median of the rounds)")
    print(f"{'place':8} {'floor':6} {'resource':22} {'bytes':>7} {'fw p50 µs':>10} {'fw p99 µs':>10} "
          f"{'redis p50':>10} {'redis p99':>10} {'p50 ×':>6} {'p99 ×':>6} {'fw cpu':>7} {'rd cpu':>7} {'cpu ×':>6}")
    summary = {}
    for floor, resource in resources:
        fw = percentiles(results[(floor, resource, "floorwatchd")])
        rd = percentiles(results[(floor, resource, "redis")])
        summary[(floor, resource)] = fw
        print(f"{placement:8} {floor:6} {resource:22} {sizes[(floor, resource)]:>7} {fw['p50'] * 1e6:>10.1f} "
              f"{fw['p99'] * 1e6:>10.1f} {rd['p50'] * 1e6:>10.1f} {rd['p99'] * 1e6:>10.1f} "
              f"{fw['p50'] / rd['p50']:>6.2f} {fw['p99'] / rd['p99']:>6.2f} "
              f"{statistics.median(server_cpu[(floor, resource, 'floorwatchd')]) * 1e6:>7.1f} "
              f"{statistics.median(server_cpu[(floor, resource, 'redis')]) * 1e6:>7.1f} "
              f"{statistics.median(server_cpu[(floor, resource, 'floorwatchd')]) / statistics.median(server_cpu[(floor, resource, 'redis')]):>6.2f}")
    flat = summary[("large", "/v1/queues/q-17")]["p50"] / summary[("small", "/v1/queues/billing")]["p50"]
    print(f"RESULT {placement}: /v1/queues/<q> p50, 20,000 agents and 1,000 queues against the small center: {flat:.2f}×")
    wide = summary[("wide", "/v1/queues/wide-77")]
    print(f"RESULT {placement}: /v1/queues/<q> on 10,000 queues: p50 {wide['p50'] * 1e3:.3f} ms, "
          f"p99 {wide['p99'] * 1e3:.3f} ms (target: under 1 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--placements", default="apart,together,free",
                        help="comma-separated: apart (the issue's setup), together, free")
    args = parser.parse_args()
    if not BINARY.exists():
        print(f"build first: swift build -c release --product floorwatchd ({BINARY})", file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="floorwatch-query-latency-")
    redis = Redis(workdir)
    small = Daemon(workdir, "small")
    large = Daemon(workdir, "large")
    wide = Daemon(workdir, "wide", "[limits]\nqueues = 20000\nqueues_per_source = 20000\n")
    try:
        small.feed(small_floor(), 250)
        large.feed(large_floor(), 20_000)
        wide.feed(wide_floor(), 1, last_queue="wide-9999")
        readers = {"small": HTTPOverUnix(small.sock), "large": HTTPOverUnix(large.sock),
                   "wide": HTTPOverUnix(wide.sock)}
        resources = [("small", "/v1/health"), ("small", "/v1/queues/billing"), ("small", "/v1/snapshot"),
                     ("large", "/v1/health"), ("large", "/v1/queues/q-17"), ("wide", "/v1/queues/wide-77")]
        sizes = {}
        for floor, resource in resources:
            body = readers[floor].get(resource)
            sizes[(floor, resource)] = len(body)
            redis.client.command("SET", f"{floor}{resource}", b"x" * len(body))
        pids = {"small": small.proc.pid, "large": large.proc.pid, "wide": wide.proc.pid}
        for placement in args.placements.split(","):
            place([small.proc.pid, large.proc.pid, wide.proc.pid, redis.proc.pid], placement)
            measure(placement, args, resources, sizes, readers, redis, pids)
    finally:
        small.stop()
        large.stop()
        wide.stop()
        redis.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
