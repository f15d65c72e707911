#!/usr/bin/env python3
"""orjson's parse-only rate on floorwatch's own benchmark lines (the same file `rates decode-apply`
reads), as the same-run baseline of docs/performance.md. Median of RUNS runs.
usage: taskset -c 1 python3 orjson_same_lines.py FILE [RUNS=5]"""
import statistics
import sys
import time

import orjson

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
with open(path, "rb") as handle:
    lines = handle.read().split(b"\n")
lines = [line for line in lines if line]
rates = []
for run in range(runs):
    loads = orjson.loads
    start = time.perf_counter()
    checksum = 0
    for line in lines:
        checksum += len(loads(line))
    elapsed = time.perf_counter() - start
    rates.append(len(lines) / elapsed)
    print(f"run={run} orjson events_per_s={rates[-1]:.0f} chk={checksum}")
print(f"RESULT orjson.loads: median_events_per_s={statistics.median(rates):.0f} lines={len(lines)} orjson={orjson.__version__}")
