"""End to end through the real floorwatchd: Amazon Connect contact kinds and closed offers, with records in AWS's
published shapes (DOMAIN.md C.1, C.2). Expected figures follow Connect's definitions (DOMAIN.md B.1), stated by each
test: only inbound queued contacts are offered, answered or abandoned; an outbound call occupies its agent; a queued
callback counts in the queue and is never an abandon; a monitor leg is no contact; a caller who hangs up while the
agent's phone rings is an abandon; a logout ends after-contact work.

Run from the repository root:  PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -q -p no:cacheprovider Tests/EndToEnd
"""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floorwatchd_harness import running_daemon  # noqa: E402

INSTANCE = "arn:aws:connect:ap-southeast-2:111122223333:instance/i-1"
AGENT = f"{INSTANCE}/agent/agent-1"
QUEUE = f"{INSTANCE}/queue/queue-1"
T0 = "2026-03-02T09:00:"


def contact_event(kind, contact, method, enqueued=None, connected=None, disconnected=None, acw_end=None):
    detail = {"eventType": kind, "contactId": contact, "channel": "VOICE", "initiationMethod": method,
              "instanceArn": INSTANCE}
    if enqueued:
        detail["queueInfo"] = {"queueArn": QUEUE, "enqueueTimestamp": T0 + enqueued + "Z"}
    agent = {}
    if connected or acw_end:
        agent["agentArn"] = AGENT
    if connected:
        agent["connectedToAgentTimestamp"] = T0 + connected + "Z"
    if acw_end:
        agent["afterContactWorkEndTimestamp"] = T0 + acw_end + "Z"
    if agent:
        detail["agentInfo"] = agent
    if disconnected:
        detail["disconnectTimestamp"] = T0 + disconnected + "Z"
    return json.dumps({"version": "0", "detail-type": "Amazon Connect Contact Event", "source": "aws.connect",
                       "detail": detail})


def agent_event(kind, at, previous, current):
    def contacts(items):
        return [{"ContactId": cid, "Channel": "VOICE", "InitiationMethod": method, "State": state,
                 "StateStartTimestamp": T0 + at + "Z",
                 "ConnectedToAgentTimestamp": (T0 + conn + "Z") if conn else None,
                 "QueueTimestamp": T0 + "00.000Z", "Queue": {"ARN": QUEUE, "Name": "Residential"}}
                for cid, state, method, conn in items]

    def snapshot(items):
        return {"AgentStatus": {"Name": "Available", "Type": "ROUTABLE", "StartTimestamp": T0 + "00.000Z"},
                "Configuration": {"FirstName": "Mia", "LastName": "Nguyen",
                                  "RoutingProfile": {"Name": "Voice",
                                                     "Concurrency": [{"Channel": "VOICE", "MaximumSlots": 1}],
                                                     "InboundQueues": [{"ARN": QUEUE, "Name": "Residential"}]}},
                "Contacts": contacts(items)}
    record = {"AgentARN": AGENT, "EventType": kind, "EventTimestamp": T0 + at + "Z",
              "CurrentAgentSnapshot": snapshot(current),
              "PreviousAgentSnapshot": snapshot(previous) if previous is not None else None}
    if kind == "LOGOUT":
        record = {"AgentARN": AGENT, "EventType": "LOGOUT", "EventTimestamp": T0 + at + "Z"}
    return json.dumps(record)


def floor(agent_lines, contact_lines, settle_on):
    """Sends both feeds (each in order) and returns /v1/snapshot and /v1/agents once `settle_on(snapshot)` holds."""
    with running_daemon(["connect-agent", "connect-contact"]) as d:
        for fmt, lines in (("connect-contact", contact_lines), ("connect-agent", agent_lines)):
            if not lines:
                continue
            with socket.create_connection(("127.0.0.1", d.ports[fmt]), timeout=5.0) as s:
                s.sendall(("\n".join(lines) + "\n").encode())
        deadline = time.monotonic() + 10
        snap = d.get("/v1/snapshot")
        while not settle_on(snap) and time.monotonic() < deadline:
            time.sleep(0.1)
            snap = d.get("/v1/snapshot")
        return snap, d.get("/v1/agents")


def voice(snap):
    return snap["channels"]["voice"]


LOGIN = agent_event("HEART_BEAT", "00.000", None, [])


def test_outbound_callback_and_monitor_contacts():
    contacts = [
        # An agent's outbound call: occupies the agent, never offered or answered.
        contact_event("CONNECTED_TO_AGENT", "out-1", "OUTBOUND", connected="10.000"),
        # A queued callback, removed before an agent took it: in no abandon count, not on the worklist.
        contact_event("DISCONNECTED", "cb-1", "CALLBACK", enqueued="05.000", disconnected="30.000"),
        # A callback still waiting: in the queue, and counted as a callback.
        contact_event("QUEUED", "cb-2", "CALLBACK", enqueued="20.000"),
        # A supervisor's monitor leg: no contact at all.
        contact_event("CONNECTED_TO_AGENT", "mon-1", "MONITOR", enqueued="06.000", connected="07.000"),
    ]
    snap, agents = floor([LOGIN], contacts, lambda s: voice(s)["in_queue"] == 1 and voice(s)["agents"]["on_contact"] == 1)
    window = voice(snap)["windows"]["15m"]
    assert window["offered"] == 2, window          # the two callbacks were queued
    assert window["answered"] == 0, window
    assert window["abandoned"] == 0, window        # a removed callback is no abandon
    assert voice(snap)["in_queue"] == 1 and voice(snap)["callbacks_in_queue"] == 1, voice(snap)
    assert voice(snap)["agents"]["on_contact"] == 1, voice(snap)["agents"]   # the outbound call
    assert [a["state"] for a in agents] == ["on_contact"], agents
    sources = {s["format"]: s for s in snap["sources"]}
    assert sources["connect-contact"]["ignored"] == {"not_customer_contact": 1}, sources["connect-contact"]


def test_abandon_while_ringing_and_logout_in_after_contact_work():
    ringing = [("c-1", "INCOMING", "INBOUND", None)]
    connected = [("c-2", "CONNECTED", "INBOUND", "40.000")]
    ended = [("c-2", "ENDED", "INBOUND", "40.000")]
    agent_lines = [
        LOGIN,
        agent_event("STATE_CHANGE", "12.000", [], ringing),
        # The caller hangs up while the phone rings: the offer leaves the snapshot, never MISSED.
        agent_event("STATE_CHANGE", "18.000", ringing, []),
        agent_event("STATE_CHANGE", "40.000", [], connected),
        agent_event("STATE_CHANGE", "50.000", connected, ended),
        agent_event("LOGOUT", "55.000", None, []),
    ]
    contact_lines = [
        contact_event("QUEUED", "c-1", "INBOUND", enqueued="00.000"),
        contact_event("QUEUED", "c-2", "INBOUND", enqueued="30.000"),
    ]
    snap, agents = floor(agent_lines, contact_lines, lambda s: s["agents"].get("offline") == 1)
    window = voice(snap)["windows"]["15m"]
    assert window["offered"] == 2 and window["answered"] == 1 and window["abandoned"] == 1, window
    # c-2: talk 40 → 50, after-contact work ended by the logout at 55: handled once, 15 s.
    assert window["aht_seconds"] == 15, window
    assert voice(snap)["slots"]["in_use"] == 0, voice(snap)["slots"]
    assert [a["state"] for a in agents] == ["offline"], agents
