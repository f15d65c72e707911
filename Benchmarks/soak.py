#!/usr/bin/env python3
"""Soak: floorwatchd under a steady load for a long time, its resident memory sampled throughout.

A sender process sends native events over UDP at `--rate` events/s for `--minutes`: 200 agents log
in, then callers are queued on 20 voice queues, connected to an agent and ended (three events a
caller, about a thousand open at once), so every contact that ends is remembered as ended
(`metrics.ended_contact_memory_minutes`, up to `limits.ended_contacts`). The daemon runs as shipped
(wall clock, checkpoints every second to a state directory). Every 10 s the script reads VmRSS from
/proc and the events applied from /v1/sources; at the end it prints RSS after warm-up (the first
`--warm-up` minutes) and its growth, and events sent against applied.

Run from the repository root after `swift build -c release --product floorwatchd`:
    python3 Benchmarks/soak.py [--rate 50000] [--minutes 30] [--warm-up 5] [--binary PATH]
Each sample also splits the resident memory by kind of mapping (`memory_parts`): malloc's main
heap, its thread arenas, other anonymous mappings, files. `--contend-at MINUTE` puts another
workload (`--contend-workers` busy processes, two per core by default) for `--contend-for`
seconds (a backup, a build), as on a shared host; the sender shares the cores too, so it
slows and then catches up in bursts.
Loopback only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BINARY = Path(__file__).resolve().parent.parent / ".build" / "release" / "floorwatchd"


def get(sock_path: str, resource: str):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(sock_path)
        s.sendall(f"GET {resource} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(1 << 20):
            data += chunk
    return json.loads(data.split(b"\r\n\r\n", 1)[1])


def rss(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def memory_parts(pid: int) -> dict[str, int]:
    """Resident bytes by kind of mapping, from /proc/PID/smaps: the main heap (brk), glibc's thread
    arenas (64 MiB-aligned reservations of 64 MiB or less), other anonymous mappings (large
    allocations malloc maps on their own, stacks) and file-backed pages (the binary, libraries)."""
    parts = {"heap": 0, "arenas": 0, "anonymous": 0, "files": 0}
    kind = "files"
    for line in open(f"/proc/{pid}/smaps"):
        fields = line.split()
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            start, end = (int(x, 16) for x in fields[0].split("-"))
            name = fields[5] if len(fields) > 5 else ""
            if name == "[heap]":
                kind = "heap"
            elif name.startswith("/"):
                kind = "files"
            elif start % (64 << 20) == 0 and end - start <= 64 << 20:
                kind = "arenas"
            else:
                kind = "anonymous"
        elif fields[0] == "Rss:":
            parts[kind] += int(fields[1]) * 1024
    return parts


def busy(seconds: float) -> None:
    """Another workload on the machine: one core kept busy for `seconds`."""
    end = time.time() + seconds
    while time.time() < end:
        pass


def send_load(port: int, rate: int, seconds: float, sent) -> None:
    """Sends `rate` events/s in bursts every millisecond; counts what it sent."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    target = ("127.0.0.1", port)
    count = 0
    for agent in range(200):
        now = int(time.time() * 1000)
        udp.sendto(b'{"v":1,"type":"agent.login","time_ms":%d,"agent":"a%d"}' % (now, agent), target)
        udp.sendto(b'{"v":1,"type":"agent.profile","time_ms":%d,"agent":"a%d","slots":{"voice":1},'
                   b'"queues":["q%d"]}' % (now, agent, agent % 20), target)
        udp.sendto(b'{"v":1,"type":"agent.state","time_ms":%d,"agent":"a%d","state":"available"}'
                   % (now, agent), target)
        count += 3
    burst = max(1, rate // 1000)
    interval = burst / rate
    start = time.perf_counter()
    next_at = start
    caller = 0
    while time.perf_counter() - start < seconds:
        now = int(time.time() * 1000)
        for _ in range(burst):
            # Caller n is queued; caller n - 300 connected; caller n - 600 ended: about 600 open.
            step = count % 3
            if step > 0 and caller < 300 * step:
                # The first callers' later steps have nobody to act on yet.
                line = b'{"v":1,"type":"heartbeat","time_ms":%d}' % now
                caller += step == 2
            elif step == 0:
                line = b'{"v":1,"type":"contact.queued","time_ms":%d,"contact":"s%d","queue":"q%d",' \
                       b'"channel":"voice"}' % (now, caller, caller % 20)
            elif step == 1:
                line = b'{"v":1,"type":"contact.connected","time_ms":%d,"contact":"s%d","agent":"a%d"}' \
                       % (now, caller - 300, (caller - 300) % 200)
            else:
                line = b'{"v":1,"type":"contact.ended","time_ms":%d,"contact":"s%d","reason":"completed"}' % (now, caller - 600)
                caller += 1
            udp.sendto(line, target)
            count += 1
        next_at += interval
        delay = next_at - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    sent.value = count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=50_000)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--warm-up", type=float, default=5)
    parser.add_argument("--contend-at", type=float, default=None, metavar="MINUTE",
                        help="at this minute, keep every core busy with another workload for --contend-for seconds")
    parser.add_argument("--contend-for", type=float, default=60)
    parser.add_argument("--contend-workers", type=int, default=2 * (os.cpu_count() or 2),
                        help="busy processes of the other workload (default: two per core)")
    parser.add_argument("--binary", type=Path, default=BINARY, help="the floorwatchd to run (another build)")
    args = parser.parse_args()
    if not args.binary.exists():
        print(f"build it first: swift build -c release --product floorwatchd ({args.binary})", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="fw-soak-")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sock_path = os.path.join(work, "q.sock")
    log = open(os.path.join(work, "floorwatchd.log"), "wb")
    daemon = subprocess.Popen(
        [str(args.binary), "--udp", f"127.0.0.1:{port}=native", "--query-socket", sock_path,
         "--state-dir", os.path.join(work, "state")], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            get(sock_path, "/v1/health")
            break
        except OSError:
            time.sleep(0.1)
    sent = multiprocessing.Value("q", 0)
    sender = multiprocessing.Process(target=send_load, args=(port, args.rate, args.minutes * 60, sent))
    started = time.time()
    sender.start()
    samples = []
    contention = []
    try:
        while sender.is_alive():
            if args.contend_at is not None and not contention and time.time() - started >= args.contend_at * 60:
                contention = [multiprocessing.Process(target=busy, args=(args.contend_for,), daemon=True)
                              for _ in range(args.contend_workers)]
                for process in contention:
                    process.start()
                print(f"{(time.time() - started) / 60:6.1f} min  another workload ({args.contend_workers} busy "
                      f"processes) for {args.contend_for:g} s", flush=True)
            time.sleep(10)
            applied = sum(source["events"] for source in get(sock_path, "/v1/sources"))
            sample = (time.time() - started, rss(daemon.pid), applied)
            samples.append(sample)
            parts = " ".join(f"{k} {v / 2**20:.0f}" for k, v in memory_parts(daemon.pid).items())
            print(f"{sample[0] / 60:6.1f} min  RSS {sample[1] / 2**20:7.1f} MB  applied {sample[2]:>12,}  ({parts} MB)",
                  flush=True)
        sender.join()
        time.sleep(2)
        applied = sum(source["events"] for source in get(sock_path, "/v1/sources"))
        sources = get(sock_path, "/v1/sources")
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
    after = [rss_ for at, rss_, _ in samples if at >= args.warm_up * 60]
    print(f"RESULT soak: {args.rate} events/s for {args.minutes:g} min; RSS after {args.warm_up:g} min warm-up: "
          f"first {after[0] / 2**20:.0f} MB, max {max(after) / 2**20:.0f} MB, last {after[-1] / 2**20:.0f} MB "
          f"(growth {100 * (after[-1] - after[0]) / after[0]:+.1f} %); sent {sent.value:,}, applied {applied:,} "
          f"({100 * applied / max(1, sent.value):.2f} %); decode errors {sources[0].get('decode_errors')}; "
          f"anomalies {sources[0].get('anomalies')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
