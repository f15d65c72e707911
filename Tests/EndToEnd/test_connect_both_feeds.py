"""End-to-end: one Amazon Connect instance sending both feeds into the real floorwatchd.

The daemon's figures are compared with connect_model.expected(), an independent reference model written
from the Connect definitions (DOMAIN.md B.1), not from floorwatch's code.

Run from the repository root:  python3 -m pytest -q -p no:cacheprovider Tests/EndToEnd
(needs .build/debug/floorwatchd; the test is skipped when it is missing).
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import connect_model  # noqa: E402
from floorwatchd_harness import Daemon, running_daemon  # noqa: E402

WINDOW = "60m"


# ---------------------------------------------------------------------------------------------------------------
# Talking to the daemon


@pytest.fixture
def daemon():
    with running_daemon(["connect-agent", "connect-contact"]) as d:
        d.agent_port, d.contact_port = d.ports["connect-agent"], d.ports["connect-contact"]
        yield d


# ---------------------------------------------------------------------------------------------------------------
# Sending and settling


def send_feeds(d: Daemon, feeds: dict, one_after_another: bool = False) -> None:
    """feeds: {port: [(event time, line)]}, each already in its own time order. One TCP connection per feed;
    the lines go out interleaved by event time (alternating between the connections), a little paced so the
    daemon reads the two feeds roughly side by side, as a live relay would deliver them. With
    one_after_another, each feed is sent whole before the next (one feed lagging far behind the other, as
    Kinesis and EventBridge can)."""
    conns = {port: socket.create_connection(("127.0.0.1", port), timeout=5.0) for port in feeds}
    try:
        order = {port: n for n, port in enumerate(feeds)}
        merged = sorted(((t, i, port, line) for port, lines in feeds.items() for i, (t, line) in enumerate(lines)),
                        key=lambda x: (order[x[2]], x[0], x[1]) if one_after_another else (x[0], x[1]))
        for n, (_, _, port, line) in enumerate(merged):
            conns[port].sendall(line.encode() + b"\n")
            if n % 4 == 3:
                time.sleep(0.002)
    finally:
        for s in conns.values():
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_WR)
            s.close()


def figures(snap: dict) -> dict:
    """The figures under test, in a comparable shape (missing pieces stay None)."""
    def scope(ch):
        w = ((ch or {}).get("windows") or {}).get(WINDOW) or {}
        return {k: w.get(k) for k in ("offered", "answered", "abandoned")} | {"in_queue": (ch or {}).get("in_queue")}
    agents = snap.get("agents") or {}
    return {
        "queues": {name: scope(ch) for name, ch in (snap.get("queues") or {}).items()},
        "voice": scope((snap.get("channels") or {}).get("voice")),
        "agents": {k: agents.get(k) for k in ("known", "on_contact", "available", "away", "after_contact_work")},
    }


def settle(d: Daemon, timeout: float = 10.0, quiet: float = 1.5) -> dict:
    """Poll /v1/snapshot until the figures stop changing for `quiet` seconds (at most `timeout`)."""
    deadline = time.monotonic() + timeout
    last, since, snap = None, time.monotonic(), d.get("/v1/snapshot")
    while time.monotonic() < deadline:
        snap = d.get("/v1/snapshot")
        f = figures(snap)
        if f != last:
            last, since = f, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        time.sleep(0.25)
    return snap


def report(diffs: list, snap: dict, d: Daemon, extra: dict | None = None) -> str:
    parts = ["figures differ from the Connect reference model (expected vs actual):"]
    parts += [f"  {what}: expected {exp!r}, actual {act!r}" for what, exp, act in diffs]
    if extra:
        parts.append(json.dumps(extra, indent=1, sort_keys=True, default=str)[:8000])
    parts.append("--- /v1/snapshot ---")
    parts.append(json.dumps(snap, indent=1, sort_keys=True)[:30000])
    parts.append("--- daemon log (tail) ---")
    parts.append(d.log())
    return "\n".join(parts)


def check(diffs: list, what: str, expected, actual) -> None:
    if expected != actual:
        diffs.append((what, expected, actual))


# ---------------------------------------------------------------------------------------------------------------
# Tests


@pytest.fixture(scope="module")
def scenario():
    return connect_model.build_scenario()


@pytest.mark.parametrize("arrival", ["interleaved", "contact feed first", "agent feed first"])
def test_both_feeds_match_connect_model(daemon, scenario, arrival):
    model = connect_model.expected(scenario)
    feeds = {daemon.agent_port: scenario.agent_lines(), daemon.contact_port: scenario.contact_lines()}
    if arrival == "contact feed first":
        feeds = dict(reversed(list(feeds.items())))
    send_feeds(daemon, feeds, one_after_another=arrival != "interleaved")
    snap = settle(daemon)
    agents_list = daemon.get("/v1/agents")
    diffs = []
    _check_scopes(diffs, model, snap)
    _check_agents(diffs, model, snap, agents_list)
    assert not diffs, report(diffs, snap, daemon, {"/v1/agents": agents_list, "/v1/sources": daemon.get("/v1/sources")})


@pytest.mark.parametrize("cut", [0.35, 0.7])
def test_a_restart_mid_traffic_on_both_feeds_ends_where_the_model_does(daemon, scenario, cut):
    """Both feeds stream, floorwatchd is stopped and started again at `cut` of the scenario's time (the
    checkpoint it writes at stop carries the floor), then the feeds go on: the figures must be the model's
    as if nothing had happened, and each agent's day and windows must still hold the work before the cut."""
    model = connect_model.expected(scenario)
    agent_lines, contact_lines = scenario.agent_lines(), scenario.contact_lines()
    times = [t for t, _ in agent_lines + contact_lines]
    split = min(times) + (max(times) - min(times)) * cut
    send_feeds(daemon, {daemon.agent_port: [x for x in agent_lines if x[0] < split],
                        daemon.contact_port: [x for x in contact_lines if x[0] < split]})
    before = settle(daemon)
    handled_before = {a["id"]: (a.get("today") or {}).get("handled_total", 0) for a in daemon.get("/v1/agents")}
    daemon.stop()
    daemon.start(keep_ports=True)
    after_restart = {a["id"]: (a.get("today") or {}).get("handled_total", 0) for a in daemon.get("/v1/agents")}
    diffs = []
    check(diffs, "agents' handled today across the restart", handled_before, after_restart)
    check(diffs, "the restarted floor", figures(before), figures(daemon.get("/v1/snapshot")))
    send_feeds(daemon, {daemon.agent_port: [x for x in agent_lines if x[0] >= split],
                        daemon.contact_port: [x for x in contact_lines if x[0] >= split]})
    snap = settle(daemon)
    agents_list = daemon.get("/v1/agents")
    _check_scopes(diffs, model, snap)
    _check_agents(diffs, model, snap, agents_list)
    # Every contact an agent finished before the cut is still in its day and its hour afterwards.
    for agent in agents_list:
        hour = ((agent.get("windows") or {}).get("60m") or {}).get("handled_total", 0)
        today = (agent.get("today") or {}).get("handled_total", 0)
        check(diffs, f"agent {agent['id']} handled today >= before the cut", True,
              today >= handled_before.get(agent["id"], 0))
        check(diffs, f"agent {agent['id']} handled in the hour <= today", True, hour <= today)
    assert not diffs, report(diffs, snap, daemon, {"/v1/agents": agents_list, "/v1/sources": daemon.get("/v1/sources")})


def test_the_forecast_on_both_feeds_stays_warm_across_a_restart(daemon, scenario):
    """Both feeds, a restart four minutes before the end (fewer minutes than the forecast's five-minute warm-up):
    the restarted daemon's forecast is warm from the restored hour, names the queues as the feeds do, and its
    next five minutes of voice arrivals are in line with the scenario's own arrival rate."""
    agent_lines, contact_lines = scenario.agent_lines(), scenario.contact_lines()
    times = [t for t, _ in agent_lines + contact_lines]
    split = max(times) - 240.0
    send_feeds(daemon, {daemon.agent_port: [x for x in agent_lines if x[0] < split],
                        daemon.contact_port: [x for x in contact_lines if x[0] < split]})
    settle(daemon)
    daemon.stop()
    daemon.start(keep_ports=True)
    send_feeds(daemon, {daemon.agent_port: [x for x in agent_lines if x[0] >= split],
                        daemon.contact_port: [x for x in contact_lines if x[0] >= split]})
    settle(daemon)
    board = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        board = daemon.get("/v1/forecast")
        if any(s.get("channel") == "voice" and s.get("queue") is None for s in board.get("scopes") or []):
            break
        time.sleep(0.25)
    scopes = board.get("scopes") or []
    voice = next((s for s in scopes if s.get("channel") == "voice" and s.get("queue") is None), None)
    diffs = []
    check(diffs, "a voice forecast after the restart", True, voice is not None)
    check(diffs, "voice forecast warm four minutes after a restart", True, bool(voice and voice.get("warm")))
    check(diffs, "queue forecasts by the queues' names", sorted(connect_model.QUEUE_NAMES),
          sorted(s["queue"] for s in scopes if s.get("queue") is not None))
    # The scenario's own rate: contacts reaching a queue in its last 15 minutes, per minute.
    last = max(c.enqueued for c in scenario.contacts)
    rate = sum(1 for c in scenario.contacts if c.enqueued > last - 900) / 15.0
    first = ((voice or {}).get("arrivals_per_5m") or [{}])[0]
    per_minute = first.get("expected", 0) / max(1, first.get("minutes", 1))
    check(diffs, f"voice forecast per minute within [rate/3, rate*3] of the scenario's {rate:.2f}", True,
          rate / 3 <= per_minute <= rate * 3)
    assert not diffs, report(diffs, daemon.get("/v1/snapshot"), daemon, {"/v1/forecast": board})


def test_agent_feed_alone_gives_answered_and_agents(daemon, scenario):
    """The agent stream alone sees every answered contact (it never sees abandons in queue): answered per
    queue name and the agent figures must still match the model."""
    model = connect_model.expected(scenario)
    send_feeds(daemon, {daemon.agent_port: scenario.agent_lines()})
    snap = settle(daemon)
    agents_list = daemon.get("/v1/agents")
    diffs = []

    queues = snap.get("queues") or {}
    check(diffs, "queue names", sorted(connect_model.QUEUE_NAMES), sorted(queues))
    for name in connect_model.QUEUE_NAMES:
        window = ((queues.get(name) or {}).get("windows") or {}).get(WINDOW) or {}
        check(diffs, f"queues[{name}].windows.{WINDOW}.answered", model["scopes"][name]["answered"],
              window.get("answered"))
    window = (((snap.get("channels") or {}).get("voice") or {}).get("windows") or {}).get(WINDOW) or {}
    check(diffs, f"channels.voice.windows.{WINDOW}.answered", model["scopes"]["voice"]["answered"],
          window.get("answered"))

    _check_agents(diffs, model, snap, agents_list)
    assert not diffs, report(diffs, snap, daemon, {"/v1/agents": agents_list, "/v1/sources": daemon.get("/v1/sources")})


def _check_scopes(diffs: list, model: dict, snap: dict) -> None:
    """Every queue's and the voice channel's window counts and queue length against the model."""
    queues = snap.get("queues") or {}
    check(diffs, "queue names", sorted(connect_model.QUEUE_NAMES), sorted(queues))
    scopes = [(f"queues[{name}]", name, queues.get(name) or {}) for name in connect_model.QUEUE_NAMES]
    scopes.append(("channels.voice", "voice", (snap.get("channels") or {}).get("voice") or {}))
    for label, name, scope in scopes:
        window = (scope.get("windows") or {}).get(WINDOW) or {}
        for key in ("offered", "answered", "abandoned"):
            check(diffs, f"{label}.windows.{WINDOW}.{key}", model["scopes"][name][key], window.get(key))
        check(diffs, f"{label}.in_queue", model["scopes"][name]["in_queue"], scope.get("in_queue"))


def _check_agents(diffs: list, model: dict, snap: dict, agents_list: list) -> None:
    agents = snap.get("agents") or {}
    for key in ("known", "on_contact", "available", "away", "after_contact_work"):
        check(diffs, f"agents.{key}", model["agents"][key], agents.get(key))
    ids = [a.get("id") for a in agents_list]
    check(diffs, "/v1/agents ids (each once)", model["agent_ids"], sorted(map(str, ids)))
