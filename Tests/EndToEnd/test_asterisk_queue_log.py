"""End-to-end: one Asterisk PBX's queue_log, sent over TCP into the real floorwatchd.

The daemon's figures are compared with asterisk_model.expected(), an independent reference model written from
Asterisk's definitions (DOMAIN.md B.2 ServiceLevelPerf, C.3 queue_log) and the real queue_log samples, not from
floorwatch's code. Scenario: members per queue (one in two queues), pauses in one queue, removals, ~40 calls into
`support` with timeouts overflowing into `overflow` under the same callid, abandons, RINGNOANSWER, one EXITEMPTY,
two callers still waiting at the end.

  * test_epoch_queue_log_matches_asterisk_model: the file format (`epoch|callid|...`);
  * test_iso_time_queue_log_matches_epoch: the ISO-time variant (`2026-02-10 09:40:00|...`, Melbourne local time)
    with `[daemon] time_zone = "Australia/Melbourne"`: the same figures as the model and as the epoch run, on an
    ordinary day and across the start of daylight saving (the local clock jumps 02:00 -> 03:00 mid-run).

Run from the repository root:
    PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -q -p no:cacheprovider Tests/EndToEnd/test_asterisk_queue_log.py
(needs .build/debug/floorwatchd; skipped when it is missing). FLOORWATCH_ASTERISK_SEED=N picks another scenario.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import asterisk_model  # noqa: E402
import floorwatchd_harness as harness  # noqa: E402
from floorwatchd_harness import Daemon, query  # noqa: E402
WINDOW = "60m"
WINDOW_KEYS = ("offered", "answered", "abandoned", "timed_out", "asa_seconds", "service_level")
AGENT_KEYS = ("staffed", "away", "away_by_reason")
SEED = int(os.environ.get("FLOORWATCH_ASTERISK_SEED", asterisk_model.DEFAULT_SEED))


# ---------------------------------------------------------------------------------------------------------------
# Talking to the daemon (helpers in the style of test_connect_both_feeds.py)


@contextlib.contextmanager
def running_daemon(time_zone: str | None = None):
    """A started daemon with one asterisk-queue-log listener (and the site's zone, when given)."""
    config = f'[daemon]\ntime_zone = "{time_zone}"\n' if time_zone else None
    with harness.running_daemon(["asterisk-queue-log"], config) as d:
        d.port = d.ports["asterisk-queue-log"]
        yield d


# ---------------------------------------------------------------------------------------------------------------
# Sending, settling, reading the figures


def send_lines(d: Daemon, lines: list) -> None:
    """All lines over one TCP connection, in time order, a little paced."""
    with socket.create_connection(("127.0.0.1", d.port), timeout=5.0) as s:
        for n, (_, line) in enumerate(lines):
            s.sendall(line.encode() + b"\n")
            if n % 8 == 7:
                time.sleep(0.002)
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_WR)


def _queue_log_source(snap: dict) -> dict:
    return next((s for s in snap.get("sources") or [] if s.get("format") == "asterisk-queue-log"), {})


def _parse_time(text):
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def figures(snap: dict) -> dict:
    """Every figure under test, flat: {"queues[support].windows.60m.offered": 40, ...} (missing pieces -> None)."""
    out = {}

    def scope(prefix: str, ch: dict | None):
        ch = ch or {}
        w = (ch.get("windows") or {}).get(WINDOW) or {}
        for k in WINDOW_KEYS:
            out[f"{prefix}.windows.{WINDOW}.{k}"] = w.get(k)
        out[f"{prefix}.in_queue"] = ch.get("in_queue")
        agents = ch.get("agents") or {}
        for k in AGENT_KEYS:
            out[f"{prefix}.agents.{k}"] = agents.get(k)

    queues = snap.get("queues") or {}
    out["queue names"] = sorted(queues)
    for name in asterisk_model.QUEUE_NAMES:
        scope(f"queues[{name}]", queues.get(name))
    scope("channels.voice", (snap.get("channels") or {}).get("voice"))
    floor = snap.get("agents") or {}
    for k in ("known", "staffed", "away", "away_by_reason", "offline"):
        out[f"agents.{k}"] = floor.get(k)
    src = _queue_log_source(snap)
    out["sources[asterisk-queue-log].decode_errors"] = src.get("decode_errors")
    out["sources[asterisk-queue-log].ignored"] = src.get("ignored")
    out["sources[asterisk-queue-log].anomalies"] = src.get("anomalies")
    return out


def model_figures(model: dict) -> dict:
    """The model in the same flat shape."""
    out = {"queue names": sorted(asterisk_model.QUEUE_NAMES)}
    for prefix, name in [(f"queues[{q}]", q) for q in asterisk_model.QUEUE_NAMES] + [("channels.voice", "voice")]:
        sc = model["scopes"][name]
        for k in WINDOW_KEYS:
            out[f"{prefix}.windows.{WINDOW}.{k}"] = sc[k]
        out[f"{prefix}.in_queue"] = sc["in_queue"]
        for k in AGENT_KEYS:
            out[f"{prefix}.agents.{k}"] = model["agents"][name][k]
    for k in ("known", "staffed", "away", "away_by_reason", "offline"):
        out[f"agents.{k}"] = model["agents"]["floor"][k]
    out["sources[asterisk-queue-log].decode_errors"] = {}
    out["sources[asterisk-queue-log].ignored"] = model["ignored"]
    # Checked by test_consistent_queue_log_raises_no_anomaly (left out of the figure comparison).
    out["sources[asterisk-queue-log].anomalies"] = {}
    return out


def same(expected, actual) -> bool:
    if isinstance(expected, float) or isinstance(actual, float):
        if expected is None or actual is None:
            return expected is actual
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-3)
    return expected == actual


def settle(d: Daemon, end_epoch: int, timeout: float = 15.0, quiet: float = 1.0) -> dict:
    """Poll /v1/snapshot until the source has read the last line (latest_event_time = the scenario's end) and the
    figures have not changed for `quiet` seconds (at most `timeout`)."""
    end = datetime.fromtimestamp(end_epoch, timezone.utc)
    deadline = time.monotonic() + timeout
    last, since, snap = None, time.monotonic(), d.get("/v1/snapshot")
    while time.monotonic() < deadline:
        snap = d.get("/v1/snapshot")
        f = figures(snap)
        latest = _parse_time(_queue_log_source(snap).get("latest_event_time"))
        if f != last:
            last, since = f, time.monotonic()
        elif latest is not None and latest >= end and time.monotonic() - since >= quiet:
            break
        time.sleep(0.25)
    return snap


def _trim(snap: dict) -> dict:
    """The snapshot without the per-minute arrival arrays and the 5m/15m windows (readable in a report)."""
    snap = json.loads(json.dumps(snap))
    for scopes in (snap.get("queues") or {}, snap.get("channels") or {}):
        for ch in scopes.values():
            windows = ch.get("windows") or {}
            for k in list(windows):
                if k != WINDOW:
                    del windows[k]
                else:
                    windows[k].pop("arrivals_per_minute", None)
    return snap


def report(title: str, diffs: list, snap: dict, log: str | None, scenario) -> str:
    parts = [title]
    parts += [f"  {what}: expected {exp!r}, actual {act!r}" for what, exp, act in diffs]
    if any(what.startswith("channels.voice") and what.endswith("service_level") for what, _, _ in diffs):
        parts.append("  (other readings of the voice service level, for diagnosis: "
                     + "; ".join(f"{k}: {v}" for k, v in asterisk_model.alternatives(scenario).items()) + ")")
    parts.append("--- scenario ---")
    parts.append(asterisk_model.describe(scenario))
    parts.append("--- /v1/snapshot (60m window only, no arrivals arrays) ---")
    parts.append(json.dumps(_trim(snap), indent=1, sort_keys=True)[:30000])
    if log is not None:
        parts.append("--- daemon log (tail) ---")
        parts.append(log)
    return "\n".join(parts)


def diff(expected: dict, actual: dict) -> list:
    return [(k, expected[k], actual.get(k)) for k in expected if not same(expected[k], actual.get(k))]


def run(lines: list, end_epoch: int, time_zone: str | None = None):
    """Start a daemon, send the lines, settle; returns (snapshot, daemon log tail). The daemon is stopped and its
    directory removed before this returns."""
    with running_daemon(time_zone) as d:
        send_lines(d, lines)
        snap = settle(d, end_epoch)
        return snap, d.log()


# ---------------------------------------------------------------------------------------------------------------
# Tests

_RUNS: dict = {}


def _scenario(start: str):
    sc = asterisk_model.build_scenario(SEED, start)
    model = asterisk_model.expected(sc)
    # Self-check: the lines, read back by C.3's meanings, give the model's figures (model and lines agree).
    assert asterisk_model.replay(sc.epoch_lines()) == model["scopes"], "model and rendered lines disagree"
    return sc, model


def epoch_run(start: str):
    """The epoch-format scenario through a daemon, once per start per session: (scenario, model, snapshot, log)."""
    if start not in _RUNS:
        sc, model = _scenario(start)
        snap, log = run(sc.epoch_lines(), sc.end_epoch)
        _RUNS[start] = (sc, model, snap, log)
    return _RUNS[start]


def _model_diffs(model: dict, actual: dict) -> list:
    """Mismatches on the figures the brief is about (anomalies are checked in their own test)."""
    return [d for d in diff(model_figures(model), actual) if not d[0].endswith(".anomalies")]


def test_epoch_queue_log_matches_asterisk_model():
    sc, model, snap, log = epoch_run("summer")
    diffs = _model_diffs(model, figures(snap))
    assert not diffs, report("figures differ from the Asterisk reference model (expected vs actual):",
                             diffs, snap, log, sc)


def test_consistent_queue_log_raises_no_anomaly():
    """Every member is added (ADDMEMBER) before it pauses or answers, every call entered before it is answered or
    leaves: nothing in this log is anomalous, so the source's `anomalies` should stay empty."""
    sc, _, snap, log = epoch_run("summer")
    anomalies = _queue_log_source(snap).get("anomalies")
    assert anomalies == {}, report("a consistent queue_log raised anomalies (expected vs actual):",
                                   [("sources[asterisk-queue-log].anomalies", {}, anomalies)], snap, log, sc)


@pytest.mark.parametrize("start", ["summer", "dst_start"])
def test_iso_time_queue_log_matches_epoch(start):
    """The ISO-time variant in Melbourne local time, read with daemon.time_zone = Australia/Melbourne, gives exactly
    the epoch run's figures, and the model's."""
    sc, model, epoch_snap, _ = epoch_run(start)
    snap, log = run(sc.iso_lines(asterisk_model.MELBOURNE), sc.end_epoch, time_zone="Australia/Melbourne")
    iso = figures(snap)
    vs_epoch = [(k, v, iso.get(k)) for k, v in figures(epoch_snap).items() if not same(v, iso.get(k))]
    vs_model = _model_diffs(model, iso)
    text = []
    if vs_epoch:
        text.append(report(f"ISO-time ({start}) figures differ from the epoch run's (epoch vs ISO):",
                           vs_epoch, snap, log, sc))
    if vs_model:
        text.append(report(f"ISO-time ({start}) figures differ from the Asterisk reference model "
                           "(expected vs actual):", vs_model, snap, None, sc))
    assert not text, "\n\n".join(text)
