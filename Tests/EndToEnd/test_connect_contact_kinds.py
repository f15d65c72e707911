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


def contact_event(kind, contact, method, enqueued=None, connected=None, disconnected=None, acw_end=None,
                  disconnect_reason=None, previous_contact_id=None, initiation_timestamp=None, queue_arn=None):
    detail = {"eventType": kind, "contactId": contact, "channel": "VOICE", "initiationMethod": method,
              "instanceArn": INSTANCE}
    if previous_contact_id:
        detail["previousContactId"] = previous_contact_id
    if initiation_timestamp:
        detail["initiationTimestamp"] = T0 + initiation_timestamp + "Z"
    if enqueued or queue_arn:
        # A record can name its queue before the contact joins it (a scheduled callback): queueArn, no enqueue time.
        detail["queueInfo"] = {"queueArn": queue_arn or QUEUE}
        if enqueued:
            detail["queueInfo"]["enqueueTimestamp"] = T0 + enqueued + "Z"
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
    if disconnect_reason:
        detail["disconnectReason"] = disconnect_reason
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


# ---------------------------------------------------------------------------------------------------------------
# Disconnect reasons, scheduled callbacks, transfer records that arrive after the original's last record

QUEUE_2 = f"{INSTANCE}/queue/queue-2"
QUEUE_3 = f"{INSTANCE}/queue/queue-3"


def in_steps(steps):
    """One daemon; each step (format, lines, settle_on) is sent on its own connection, in order, and the next waits
    until `settle_on(snapshot)` holds (or 10 s). Returns each step's snapshot and, after the last, the callback
    worklist (/v1/contacts?state=abandoned)."""
    snaps = []
    with running_daemon(["connect-agent", "connect-contact"]) as d:
        for fmt, lines, settle_on in steps:
            with socket.create_connection(("127.0.0.1", d.ports[fmt]), timeout=5.0) as s:
                s.sendall(("\n".join(lines) + "\n").encode())
            deadline = time.monotonic() + 10
            snap = d.get("/v1/snapshot")
            while not settle_on(snap) and time.monotonic() < deadline:
                time.sleep(0.1)
                snap = d.get("/v1/snapshot")
            snaps.append(snap)
        return snaps, d.get("/v1/contacts?state=abandoned")


def queue(snap, name):
    """A queue's scope; a queue seen only in the contact feed is named by its ARN's last component."""
    return (snap.get("queues") or {}).get(name) or {}


def window(snap, name, size="15m"):
    return (queue(snap, name).get("windows") or {}).get(size) or {}


def test_disconnect_reasons_only_the_customers_is_an_abandon():
    """Connect's Abandoned is "contacts disconnected by the customer while in queue" (DOMAIN.md B.1): of five
    inbound callers who left queue-1 without an agent, only CUSTOMER_DISCONNECT and the record without a
    disconnectReason (older records; sources.md reads it as the customer's) are abandons, and only they join the
    callback worklist. A flow disconnect, an expiry and a telecom problem put the caller out of the queue: timed_out
    (metrics.md)."""
    endings = [("a-customer", "CUSTOMER_DISCONNECT"), ("t-flow", "CONTACT_FLOW_DISCONNECT"),
               ("t-expired", "EXPIRED"), ("t-telecom", "TELECOM_PROBLEM"), ("a-noreason", None)]
    contacts = []
    for n, (cid, reason) in enumerate(endings):
        contacts.append(contact_event("QUEUED", cid, "INBOUND", enqueued=f"{n:02d}.000"))
    for n, (cid, reason) in enumerate(endings):
        contacts.append(contact_event("DISCONNECTED", cid, "INBOUND", enqueued=f"{n:02d}.000",
                                      disconnected=f"{30 + n}.000", disconnect_reason=reason))
    left = lambda s: (window(s, "queue-1").get("abandoned", 0) + window(s, "queue-1").get("timed_out", 0)) == 5
    (snap,), worklist = in_steps([("connect-contact", contacts, left)])
    w = window(snap, "queue-1")
    assert w["offered"] == 5 and w["answered"] == 0, w
    assert w["abandoned"] == 2, w          # CUSTOMER_DISCONNECT and the one with no reason
    assert w["timed_out"] == 3, w          # CONTACT_FLOW_DISCONNECT, EXPIRED, TELECOM_PROBLEM
    assert queue(snap, "queue-1")["in_queue"] == 0, queue(snap, "queue-1")
    assert sorted(c["id"] for c in worklist) == ["a-customer", "a-noreason"], worklist


def test_scheduled_callback_joins_the_queue_at_its_queued_record():
    """Connect's Scheduled is "customers in queue with a callback scheduled", apart from In queue (DOMAIN.md B.1;
    metrics.md `scheduled`): a CALLBACK record that names queue-1 without an enqueue time is scheduled, not waiting
    and not offered. Its QUEUED record moves it into the queue: In queue includes callback customers, and it is
    offered (Queued)."""
    initiated = contact_event("INITIATED", "cb-1", "CALLBACK", initiation_timestamp="05.000", queue_arn=QUEUE)
    queued = contact_event("QUEUED", "cb-1", "CALLBACK", initiation_timestamp="05.000", enqueued="20.000")
    (before, after), worklist = in_steps([
        ("connect-contact", [initiated], lambda s: queue(s, "queue-1").get("scheduled") == 1),
        ("connect-contact", [queued], lambda s: queue(s, "queue-1").get("in_queue") == 1),
    ])
    q = queue(before, "queue-1")
    assert q.get("scheduled") == 1 and q.get("in_queue") == 0, q
    assert (q.get("windows") or {}).get("15m", {}).get("offered", 0) == 0, q
    q = queue(after, "queue-1")
    assert q["scheduled"] == 0 and q["in_queue"] == 1 and q["callbacks_in_queue"] == 1, q
    assert window(after, "queue-1")["offered"] == 1, q
    assert worklist == [], worklist


def test_scheduled_callback_cancelled_counts_nowhere():
    """A scheduled callback cancelled before its time (DISCONNECTED, still no enqueue time) never waited in the
    queue: no longer scheduled, never offered, and no abandon (Connect: queued callbacks are not counted as
    abandoned; metrics.md: cancelled before its time it counts nowhere), so it is not on the callback worklist."""
    initiated = contact_event("INITIATED", "cb-1", "CALLBACK", initiation_timestamp="05.000", queue_arn=QUEUE)
    cancelled = contact_event("DISCONNECTED", "cb-1", "CALLBACK", initiation_timestamp="05.000", queue_arn=QUEUE,
                              disconnected="40.000")
    (before, after), worklist = in_steps([
        ("connect-contact", [initiated], lambda s: queue(s, "queue-1").get("scheduled") == 1),
        ("connect-contact", [cancelled], lambda s: queue(s, "queue-1").get("scheduled") == 0),
    ])
    assert queue(before, "queue-1").get("scheduled") == 1, queue(before, "queue-1")
    q = queue(after, "queue-1")
    assert q.get("scheduled") == 0 and q.get("in_queue") == 0 and q.get("callbacks_in_queue") == 0, q
    w = window(after, "queue-1")
    for key in ("offered", "abandoned", "timed_out"):
        assert w.get(key, 0) == 0, (key, w)
    assert voice(after)["windows"]["15m"]["abandoned"] == 0, voice(after)
    assert worklist == [], worklist


def test_queue_transfer_reported_after_the_original_ended():
    """Contact events are unordered (DOMAIN.md C.2). A flow moves waiting caller c-1 from queue-1 to queue-2: the
    new QUEUE_TRANSFER contact q-2 names c-1 as previousContactId, and its record arrives after c-1's DISCONNECTED
    (CONTACT_FLOW_DISCONNECT). Connect counts c-1 as "Transferred out from queue" in queue-1 (B.1), not as a timeout
    or an abandon (metrics.md transfers_out_from_queue: it leaves its queue then), and once, though q-2's record
    comes twice (at least once delivery)."""
    c1 = [contact_event("QUEUED", "c-1", "INBOUND", enqueued="00.000"),
          contact_event("DISCONNECTED", "c-1", "INBOUND", enqueued="00.000", disconnected="30.000",
                        disconnect_reason="CONTACT_FLOW_DISCONNECT")]
    q2 = contact_event("QUEUED", "q-2", "QUEUE_TRANSFER", previous_contact_id="c-1", initiation_timestamp="30.000",
                       enqueued="30.500", queue_arn=QUEUE_2)
    # Another caller in a third queue, sent last on the same connection: once it shows, both q-2 records were read.
    sentinel = contact_event("QUEUED", "z-9", "INBOUND", enqueued="31.000", queue_arn=QUEUE_3)
    (_, snap), worklist = in_steps([
        ("connect-contact", c1, lambda s: window(s, "queue-1").get("offered") == 1
                                            and queue(s, "queue-1").get("in_queue") == 0),
        ("connect-contact", [q2, q2, sentinel], lambda s: queue(s, "queue-3").get("in_queue") == 1),
    ])
    w1 = window(snap, "queue-1")
    assert w1["offered"] == 1, w1
    assert w1["transfers"] == 1 and w1["transfers_out_from_queue"] == 1, w1
    assert w1["timed_out"] == 0 and w1["abandoned"] == 0, w1
    assert queue(snap, "queue-1")["in_queue"] == 0, queue(snap, "queue-1")
    w2 = window(snap, "queue-2")
    assert w2["offered"] == 1 and w2["transfers_in"] == 1 and w2["transfers_in_from_queue"] == 1, w2
    assert queue(snap, "queue-2")["in_queue"] == 1, queue(snap, "queue-2")
    assert worklist == [], worklist


def test_agent_transfer_reported_after_the_original_completed():
    """An agent answers c-3 in queue-1 and transfers it with a quick connect to queue-2: the new TRANSFER contact t-4
    names c-3 as previousContactId, and its record arrives after c-3's COMPLETED (after-contact work ended).
    Connect counts c-3 as handled in queue-1 and as transferred out by the agent, not from queue (DOMAIN.md B.1;
    sources.md: a transfer reported after the original's last record is still counted out, by agent if an agent
    had it). AHT is answer to the end of after-contact work (B.1): 05 → 55, 50 s."""
    c3 = [contact_event("QUEUED", "c-3", "INBOUND", enqueued="00.000"),
          contact_event("CONNECTED_TO_AGENT", "c-3", "INBOUND", enqueued="00.000", connected="05.000"),
          contact_event("DISCONNECTED", "c-3", "INBOUND", enqueued="00.000", connected="05.000",
                        disconnected="45.000", disconnect_reason="AGENT_DISCONNECT"),
          contact_event("COMPLETED", "c-3", "INBOUND", enqueued="00.000", connected="05.000",
                        disconnected="45.000", acw_end="55.000", disconnect_reason="AGENT_DISCONNECT")]
    t4 = contact_event("QUEUED", "t-4", "TRANSFER", previous_contact_id="c-3", initiation_timestamp="40.000",
                       enqueued="41.000", queue_arn=QUEUE_2)
    (_, _, snap), worklist = in_steps([
        ("connect-agent", [LOGIN], lambda s: s["agents"].get("known") == 1),
        ("connect-contact", c3, lambda s: window(s, "Residential").get("aht_seconds") is not None),
        ("connect-contact", [t4], lambda s: queue(s, "queue-2").get("in_queue") == 1),
    ])
    # The agent feed names queue-1 "Residential" (its routing profile lists the ARN with that name).
    w1 = window(snap, "Residential")
    assert w1["offered"] == 1 and w1["answered"] == 1, w1
    assert w1["transfers"] == 1 and w1["transfers_out_from_queue"] == 0, w1
    assert w1["abandoned"] == 0 and w1["timed_out"] == 0, w1
    assert w1["aht_seconds"] == 50, w1
    w2 = window(snap, "queue-2")
    assert w2["offered"] == 1 and w2["transfers_in"] == 1 and w2["transfers_in_from_queue"] == 0, w2
    assert worklist == [], worklist
