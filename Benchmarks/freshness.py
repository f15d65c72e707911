#!/usr/bin/env python3
"""Freshness: how long after an event is sent does the query API show it, next to Redis in the same run.

floorwatchd: a native event for queue `fresh` goes out (UDP or TCP), a contact queued or, the next time,
ended; a client polls `GET /v1/queues/fresh` over the query socket (one keep-alive connection) until
`in_queue` shows it (a queue per transport).
Redis (the baseline): a writer connection sends `INCR fresh`; a reader connection polls `GET fresh` until it
shows the new value. Both sides are driven by the same Python loop, so the polling cost is the same on both.
The live stream is measured the same way: a client follows `/v1/stream?interval=100ms` and waits for the
snapshot event that shows the change (the chunked framing is not decoded: the SSE frames are found by their
blank-line separators). Each is measured idle and under a background load of `--load` events/s (floorwatchd: native events on 20
other queues over UDP, contacts queued and ended with about 500 open; Redis: INCR of another key), with `--samples` samples each, interleaved in rounds.

With `--pin` (the performance issue's setup) both servers, every thread, run on CPU 0 and the sampler
and the load generators on CPU 1, so the servers share one core alike and the clients do not take it
from them; without it the scheduler places everything.

Run from the repository root after `swift build -c release --product floorwatchd`:
    python3 Benchmarks/freshness.py [--samples 400] [--load 10000] [--rounds 3] [--pin]
Needs redis-server (Debian package redis-server). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import multiprocessing
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("FLOORWATCHD_BINARY", ROOT / ".build/release/floorwatchd"))


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def now_rfc3339() -> str:
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"


class HTTPOverUnix:
    """A keep-alive HTTP/1.1 client over a Unix socket (Content-Length bodies only)."""

    def __init__(self, path: str):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""

    def get(self, resource: str) -> bytes:
        self.sock.sendall(f"GET {resource} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buffer = rest[length:]
        return rest[:length]


class RESP:
    """A minimal Redis client: one command at a time."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")

    def command(self, *args: str):
        payload = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
        self.sock.sendall(payload.encode())
        line = self.file.readline()
        if line[:1] == b"$":
            n = int(line[1:])
            if n < 0:
                return None
            data = self.file.read(n + 2)[:-2]
            return data
        if line[:1] == b":":
            return int(line[1:])
        return line.strip()


def wait_until_serving(query_socket: str, timeout: float = 30) -> None:
    """Polls /v1/health on the query socket until floorwatchd answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            HTTPOverUnix(query_socket).get("/v1/health")
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("floorwatchd did not start")


def percentiles(values: list) -> dict:
    ordered = sorted(values)
    def at(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return {"p50": at(0.50), "p99": at(0.99), "max": ordered[-1], "n": len(ordered)}


class Floorwatchd:
    def __init__(self, workdir: str):
        self.udp = free_port(socket.SOCK_DGRAM)
        self.tcp = free_port(socket.SOCK_STREAM)
        self.sock = os.path.join(workdir, "q.sock")
        self.log = open(os.path.join(workdir, "floorwatchd.log"), "wb")
        self.proc = subprocess.Popen(
            [str(BINARY), "--udp", f"127.0.0.1:{self.udp}=native", "--tcp", f"127.0.0.1:{self.tcp}=native",
             "--query-socket", self.sock, "--state-dir", os.path.join(workdir, "state")],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_serving(self.sock)
        self.udp_out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tcp_out = socket.create_connection(("127.0.0.1", self.tcp))
        self.tcp_out.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = HTTPOverUnix(self.sock)
        self.sent: dict = {}
        self.stream = None

    def sample(self, transport: str) -> float:
        """Seconds from sending one event until /v1/queues/fresh-TRANSPORT shows it: a contact queued
        (in_queue goes 0 -> 1), then the next sample ends it (1 -> 0), so the floor under test stays the same
        size. Each transport has its own queue: a contact belongs to the source that reported it."""
        count = self.sent[transport] = self.sent.get(transport, 0) + 1
        queue = f"fresh-{transport}"
        if count % 2:
            event, expected = f'"type":"contact.queued","contact":"f{count}","queue":"{queue}","channel":"chat"', 1
        else:
            event, expected = f'"type":"contact.ended","contact":"f{count - 1}","reason":"abandoned"', 0
        line = f'{{"v":1,"time":"{now_rfc3339()}",{event}}}\n'.encode()
        start = time.perf_counter()
        if transport == "udp":
            self.udp_out.sendto(line, ("127.0.0.1", self.udp))
        else:
            self.tcp_out.sendall(line)
        while True:
            body = self.reader.get(f"/v1/queues/{queue}")
            if body.startswith(b"{") and json.loads(body).get("in_queue") == expected:
                return time.perf_counter() - start

    def sample_stream(self) -> float:
        """Seconds from sending one event (UDP) until the live stream (`/v1/stream?interval=100ms`, one
        client following it throughout) delivers a snapshot that shows it."""
        if self.stream is None:
            self.stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.stream.connect(self.sock)
            self.stream.sendall(b"GET /v1/stream?interval=100ms HTTP/1.1\r\nHost: localhost\r\n\r\n")
            self.stream_buffer = b""
        count = self.sent["stream"] = self.sent.get("stream", 0) + 1
        if count % 2:
            event, expected = f'"type":"contact.queued","contact":"s{count}","queue":"fresh-stream","channel":"chat"', 1
        else:
            event, expected = f'"type":"contact.ended","contact":"s{count - 1}","reason":"abandoned"', 0
        line = f'{{"v":1,"time":"{now_rfc3339()}",{event}}}'.encode()
        # The stream sends at most one event per interval: wait out two intervals (a change of the
        # samples before may hold a push for the next interval),
        # reading what arrives meanwhile, so what is measured is the push, not the rate limit.
        deadline = time.perf_counter() + 0.21
        self.stream.settimeout(0.01)
        while time.perf_counter() < deadline:
            try:
                self.stream_buffer += self.stream.recv(1 << 20)
            except (socket.timeout, BlockingIOError):
                pass
        self.stream.settimeout(None)
        self.stream_buffer = self.stream_buffer[self.stream_buffer.rfind(b"\n\n") + 2:] if b"\n\n" in self.stream_buffer else self.stream_buffer
        start = time.perf_counter()
        self.udp_out.sendto(line, ("127.0.0.1", self.udp))
        while True:
            while b"\n\n" not in self.stream_buffer:
                self.stream_buffer += self.stream.recv(1 << 20)
            frame, _, self.stream_buffer = self.stream_buffer.partition(b"\n\n")
            if b"event: snapshot" not in frame:
                continue
            data = frame.split(b"data: ", 1)[1].split(b"\n", 1)[0]
            queue = (json.loads(data).get("queues") or {}).get("fresh-stream") or {}
            if queue.get("in_queue") == expected:
                return time.perf_counter() - start

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Redis:
    def __init__(self, workdir: str):
        self.port = free_port(socket.SOCK_STREAM)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.writer = RESP(self.port)
                break
            except OSError:
                time.sleep(0.05)
        self.reader = RESP(self.port)
        self.writer.command("SET", "fresh", "0")

    def sample(self) -> float:
        start = time.perf_counter()
        expected = self.writer.command("INCR", "fresh")
        while int(self.reader.command("GET", "fresh") or 0) < expected:
            pass
        return time.perf_counter() - start

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def background_load(rate: int, send, stop) -> None:
    """Calls send() `rate` times a second, in bursts of 10 every millisecond, until stopped."""
    burst = 10
    interval = burst / rate
    next_at = time.perf_counter()
    while not stop.is_set():
        for _ in range(burst):
            send()
        next_at += interval
        delay = next_at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)


def load_floorwatchd(port: int, rate: int, stop) -> None:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    counter = [0]

    def send():
        # A steady floor: each contact queued is ended 1,000 events later (about 500 open).
        counter[0] += 1
        n = counter[0]
        if n % 2:
            line = (f'{{"v":1,"time":"{now_rfc3339()}","type":"contact.queued","contact":"l{n}",'
                    f'"queue":"load-{n % 20}","channel":"email"}}')
        else:
            line = (f'{{"v":1,"time":"{now_rfc3339()}","type":"contact.ended","contact":"l{n - 1001}",'
                    f'"reason":"abandoned"}}')
        udp.sendto(line.encode(), ("127.0.0.1", port))
    background_load(rate, send, stop)


def load_redis(port: int, rate: int, stop) -> None:
    client = RESP(port)
    background_load(rate, lambda: client.command("INCR", "load"), stop)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--load", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pin", action="store_true", help="servers on CPU 0, clients and load on CPU 1")
    args = parser.parse_args()
    if not BINARY.exists():
        print(f"build it first: swift build -c release --product floorwatchd ({BINARY})", file=sys.stderr)
        return 2
    if not shutil.which("redis-server"):
        print("needs redis-server (apt-get install redis-server)", file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="fw-fresh-")
    fw, rd = Floorwatchd(workdir), Redis(workdir)
    if args.pin:
        for pid in (fw.proc.pid, rd.proc.pid):
            subprocess.run(["taskset", "-a", "-p", "-c", "0", str(pid)], check=True, stdout=subprocess.DEVNULL)
        os.sched_setaffinity(0, {1})
    results: dict = {}
    try:
        for condition in ("idle", f"{args.load} events/s"):
            stop = multiprocessing.Event()
            loaders = []
            if condition != "idle":
                # In their own processes: the sampling loop must not share an interpreter with them.
                loaders = [multiprocessing.Process(target=load_floorwatchd, args=(fw.udp, args.load, stop)),
                           multiprocessing.Process(target=load_redis, args=(rd.port, args.load, stop))]
                for process in loaders:
                    process.start()
                time.sleep(1.0)
            for name in ("floorwatchd udp", "floorwatchd tcp", "floorwatchd stream", "redis"):
                results.setdefault(condition, {}).setdefault(name, [])
            for _ in range(args.rounds):
                for _ in range(args.samples // args.rounds):
                    results[condition]["floorwatchd udp"].append(fw.sample("udp"))
                    results[condition]["floorwatchd tcp"].append(fw.sample("tcp"))
                    results[condition]["floorwatchd stream"].append(fw.sample_stream())
                    results[condition]["redis"].append(rd.sample())
                    time.sleep(0.002)
            stop.set()
            for process in loaders:
                process.join(timeout=5)
    finally:
        fw.stop()
        rd.stop()
    print(f"freshness: event sent -> visible to a reader (ms); {args.samples} samples each, interleaved")
    print(f"{'condition':<18} {'side':<17} {'p50':>8} {'p99':>8} {'max':>8}   p99 / redis p99")
    for condition, sides in results.items():
        redis_p99 = percentiles(sides["redis"])["p99"]
        for name, values in sides.items():
            p = percentiles(values)
            print(f"{condition:<18} {name:<17} {p['p50'] * 1000:8.3f} {p['p99'] * 1000:8.3f} {p['max'] * 1000:8.3f}"
                  f"   {p['p99'] / redis_p99:6.2f}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
