"""Seeded Amazon Connect scenario (both feeds of one instance) and an independent reference model.

Written from the vendor definitions only (design/DOMAIN.md B.1, C.1, C.2) and the AWS sample records in
Tests/Fixtures/amazon-connect/ (record shapes, key casing, nesting) -- never from floorwatch's source.

Feeds produced:
  * agent event stream (Kinesis records): LOGIN / STATE_CHANGE / HEART_BEAT with CurrentAgentSnapshot and
    PreviousAgentSnapshot, one JSON object per line;
  * contact events (EventBridge "Amazon Connect Contact Event" envelopes with `detail`), one JSON per line.

The two feeds describe the same instants, but the agent feed's timestamps are off by a few tens of
milliseconds (Connect's feeds do not agree exactly).

`expected(scenario)` is the reference model: Connect's real-time definitions applied to the scenario's own
list of contacts and agents, as of the scenario's end.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

REGION = "ap-southeast-2"
ACCOUNT = "111122223333"
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)
QUEUE_NAMES = ("Residential", "Business")
AGENT_NAMES = [("Mia", "Nguyen"), ("Noah", "Smith"), ("Ava", "Patel"),
               ("Leo", "Kowalski"), ("Zoe", "Williams"), ("Kai", "Tanaka")]
HEARTBEAT_SECONDS = 120.0

ANSWERED, ABANDONED_IN_QUEUE, ABANDONED_RINGING, WAITING = (
    "answered", "abandoned_in_queue", "abandoned_ringing", "waiting")


# ---------------------------------------------------------------------------------------------------------------
# Scenario data


@dataclass
class Contact:
    id: str
    queue: str                      # queue NAME
    kind: str                       # ANSWERED, ABANDONED_IN_QUEUE, ABANDONED_RINGING, WAITING
    initiated: float                # seconds after START (contact-feed clock)
    enqueued: float
    agent: str | None = None        # agent uuid
    offered: float | None = None    # rings at the agent (agent feed only)
    connected: float | None = None
    disconnected: float | None = None
    acw_end: float | None = None


@dataclass
class Agent:
    id: str                          # uuid, last component of the agent ARN
    first: str
    last: str
    login: float
    available: float
    lunch: tuple[float, float] | None = None   # (start, end); end may lie past the scenario end
    free_at: float = 0.0


@dataclass
class Scenario:
    seed: int
    instance_id: str
    queue_ids: dict                  # name -> uuid
    agents: list
    contacts: list
    end: float                       # seconds after START; nothing happens after it
    agent_records: list = field(default_factory=list)    # [(t, dict)] in time order
    contact_records: list = field(default_factory=list)  # [(t, dict)] in time order

    @property
    def instance_arn(self) -> str:
        return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{self.instance_id}"

    def agent_arn(self, agent_id: str) -> str:
        return f"{self.instance_arn}/agent/{agent_id}"

    def queue_arn(self, name: str) -> str:
        return f"{self.instance_arn}/queue/{self.queue_ids[name]}"

    def agent_lines(self) -> list:
        return [(t, json.dumps(r, separators=(",", ":"))) for t, r in self.agent_records]

    def contact_lines(self) -> list:
        return [(t, json.dumps(r, separators=(",", ":"))) for t, r in self.contact_records]


def iso_ms(t: float) -> str:
    dt = START + timedelta(milliseconds=round(t * 1000))
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def iso_s(t: float) -> str:
    return (START + timedelta(milliseconds=round(t * 1000))).strftime("%Y-%m-%dT%H:%M:%SZ")


def ms(t: float) -> float:
    return round(t, 3)


# ---------------------------------------------------------------------------------------------------------------
# Simulation: who takes which contact when


def build_scenario(seed: int = 20260303, n_contacts: int = 40) -> Scenario:
    rng = random.Random(seed)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    instance_id = uid()
    queue_ids = {name: uid() for name in QUEUE_NAMES}
    agents = []
    for i, (first, last) in enumerate(AGENT_NAMES):
        login = ms(2.0 * i + rng.uniform(0.0, 1.0))
        agents.append(Agent(uid(), first, last, login, ms(login + rng.uniform(2.0, 6.0))))
    for a in agents:
        a.free_at = a.available
    agents[4].lunch = (300.0, 720.0)     # back from lunch before the end
    agents[5].lunch = (930.0, 10 ** 6)   # still at lunch at the end

    contacts = []
    t = 60.0
    for _ in range(n_contacts - 2):
        t = ms(t + rng.uniform(14.0, 44.0))
        queue = rng.choice(QUEUE_NAMES)
        r = rng.random()
        kind = ABANDONED_IN_QUEUE if r < 0.15 else ABANDONED_RINGING if r < 0.30 else ANSWERED
        c = Contact(uid(), queue, kind, initiated=ms(t - rng.uniform(10.0, 30.0)), enqueued=t)
        if kind == ABANDONED_IN_QUEUE:
            c.disconnected = ms(t + rng.uniform(8.0, 40.0))
        else:
            ring = rng.uniform(3.0, 8.0) if kind == ANSWERED else rng.uniform(4.0, 12.0)
            talk, acw = rng.uniform(50.0, 180.0), rng.uniform(5.0, 25.0)
            busy = ring + (talk + acw if kind == ANSWERED else 0.0)
            delay = rng.uniform(1.0, 3.0)

            def offer_time(a: Agent) -> float:
                o = max(t + delay, a.free_at + 1.0)
                if a.lunch and o < a.lunch[1] + 1.0 and o + busy + 1.0 > a.lunch[0]:
                    o = a.lunch[1] + 1.0            # routable again only after lunch
                return o

            # the soonest agent; equal offers go to the longest idle (AWS-PRIO)
            agent = min(agents, key=lambda a: (offer_time(a), a.free_at))
            c.agent, c.offered = agent.id, ms(offer_time(agent))
            if kind == ANSWERED:
                c.connected = ms(c.offered + ring)
                c.disconnected = ms(c.connected + talk)
                c.acw_end = ms(c.disconnected + acw)
                agent.free_at = c.acw_end
            else:
                c.disconnected = ms(c.offered + ring)   # customer hangs up while it rings
                agent.free_at = c.disconnected
        contacts.append(c)

    end = _pick_end(contacts, agents)
    # two contacts that reach the queue just before the end and are still waiting (QUEUED only)
    for offset, queue in ((6.4, "Residential"), (2.9, "Business")):
        t = ms(end - offset)
        contacts.append(Contact(uid(), queue, WAITING, initiated=ms(t - rng.uniform(10.0, 30.0)), enqueued=t))

    sc = Scenario(seed, instance_id, queue_ids, agents, contacts, end)
    _emit_contact_feed(sc, rng, uid)
    _emit_agent_feed(sc, rng, uid)
    return sc


def _pick_end(contacts: list, agents: list) -> float:
    """The first moment after every routed contact was offered (and every in-queue abandon left) where no
    contact rings and no agent is in after-contact work, with no event within a second of it: the end
    state is then free of definitional grey zones (ringing, ACW)."""
    lower = max(c.offered if c.offered is not None else c.disconnected for c in contacts) + 2.0
    instants = [x for c in contacts for x in (c.offered, c.connected, c.disconnected, c.acw_end) if x is not None]
    instants += [x for a in agents if a.lunch for x in a.lunch]
    grey = [(c.offered, c.connected if c.connected is not None else c.disconnected)
            for c in contacts if c.offered is not None]
    grey += [(c.disconnected, c.acw_end) for c in contacts if c.acw_end is not None]
    t = float(int(lower))
    while True:
        if (all(abs(t - x) > 1.0 for x in instants)
                and all(not (s - 1.0 <= t <= e + 1.0) for s, e in grey)):
            return t
        t += 0.5


# ---------------------------------------------------------------------------------------------------------------
# Contact events (EventBridge)


def _emit_contact_feed(sc: Scenario, rng: random.Random, uid) -> None:
    records = []

    def emit(t: float, event_type: str, c: Contact, **extra) -> None:
        if t > sc.end:
            return
        detail = {
            "eventType": event_type,
            "contactId": c.id,
            "channel": "VOICE",
            "instanceArn": sc.instance_arn,
            "initiationMethod": "INBOUND",
            "initiationTimestamp": iso_ms(c.initiated),
            "connectedToSystemTimestamp": iso_ms(c.initiated),
            "queueInfo": {"queueArn": sc.queue_arn(c.queue), "queueType": "STANDARD",
                          "enqueueTimestamp": iso_ms(c.enqueued)},
        }
        detail.update(extra)
        records.append((t, {
            "version": "0", "id": uid(), "detail-type": "Amazon Connect Contact Event",
            "source": "aws.connect", "account": ACCOUNT, "time": iso_s(t), "region": REGION,
            "resources": [sc.instance_arn, f"{sc.instance_arn}/contact/{c.id}"],
            "detail": detail,
        }))

    for c in sc.contacts:
        emit(c.enqueued, "QUEUED", c)
        if c.kind == ANSWERED:
            agent = {"agentArn": sc.agent_arn(c.agent), "connectedToAgentTimestamp": iso_ms(c.connected)}
            emit(c.connected, "CONNECTED_TO_AGENT", c, agentInfo=dict(agent))
            reason = rng.choice(["CUSTOMER_DISCONNECT", "AGENT_DISCONNECT"])
            emit(c.disconnected, "DISCONNECTED", c, agentInfo=dict(agent),
                 disconnectTimestamp=iso_ms(c.disconnected), disconnectReason=reason)
            emit(c.acw_end, "COMPLETED", c, disconnectTimestamp=iso_ms(c.disconnected), disconnectReason=reason,
                 agentInfo=dict(agent, afterContactWorkStartTimestamp=iso_ms(c.disconnected),
                                afterContactWorkEndTimestamp=iso_ms(c.acw_end),
                                afterContactWorkDuration=round(c.acw_end - c.disconnected)))
        elif c.kind == ABANDONED_IN_QUEUE:
            emit(c.disconnected, "DISCONNECTED", c, disconnectTimestamp=iso_ms(c.disconnected),
                 disconnectReason="CUSTOMER_DISCONNECT")
        elif c.kind == ABANDONED_RINGING:
            # routed to an agent, never connected: the agent is named, no connectedToAgentTimestamp
            emit(c.disconnected, "DISCONNECTED", c, agentInfo={"agentArn": sc.agent_arn(c.agent)},
                 disconnectTimestamp=iso_ms(c.disconnected), disconnectReason="CUSTOMER_DISCONNECT")
    records.sort(key=lambda r: r[0])
    sc.contact_records = records


# ---------------------------------------------------------------------------------------------------------------
# Agent event stream (Kinesis)


def _emit_agent_feed(sc: Scenario, rng: random.Random, uid) -> None:
    inst = sc.instance_arn
    status_arn = {name: f"{inst}/agent-state/{uid()}" for name in ("Offline", "Available", "Lunch")}
    status_type = {"Offline": "OFFLINE", "Available": "ROUTABLE", "Lunch": "CUSTOM"}
    profile_arn = f"{inst}/routing-profile/{uid()}"

    def skew() -> float:               # the agent feed's view of an instant the contact feed also reports
        return rng.choice((-1, 1)) * rng.uniform(0.012, 0.085)

    def queue_ref(name: str, channels: bool = False) -> dict:
        q = {"ARN": sc.queue_arn(name), "Name": name}
        if channels:
            q["Channels"] = ["VOICE"]
        return q

    records = []
    for a in sc.agents:
        # steps: (agent-feed time, action, argument)
        steps = [(a.login, "login", None), (a.available, "status", "Available")]
        if a.lunch:
            steps += [(a.lunch[0], "status", "Lunch"), (a.lunch[1], "status", "Available")]
        for c in sc.contacts:
            if c.agent != a.id:
                continue
            entry = {"Channel": "VOICE", "ConnectedToAgentTimestamp": None, "ContactId": c.id,
                     "InitialContactId": None, "InitiationMethod": "INBOUND", "Queue": queue_ref(c.queue),
                     "QueueTimestamp": iso_ms(c.enqueued + skew()), "State": "INCOMING",
                     "StateStartTimestamp": iso_ms(c.offered)}
            steps.append((c.offered, "contact", dict(entry)))
            if c.kind == ANSWERED:
                t_conn = ms(c.connected + skew())
                entry.update(ConnectedToAgentTimestamp=iso_ms(t_conn), State="CONNECTED",
                             StateStartTimestamp=iso_ms(t_conn))
                steps.append((t_conn, "contact", dict(entry)))
                t_end = ms(c.disconnected + skew())
                entry.update(State="ENDED", StateStartTimestamp=iso_ms(t_end))   # ACW starts here
                steps.append((t_end, "contact", dict(entry)))
                steps.append((ms(c.acw_end + skew()), "gone", c.id))             # ACW ends here
            else:
                steps.append((ms(c.disconnected + skew()), "gone", c.id))        # hung up while ringing
        steps = [s for s in steps if s[0] <= sc.end]
        steps.sort(key=lambda s: s[0])
        # HEART_BEAT every 120 s when nothing else was published
        beats, last = [], steps[0][0]
        for t, *_ in steps[1:] + [(sc.end, None, None)]:
            while t - last > HEARTBEAT_SECONDS:
                last = ms(last + HEARTBEAT_SECONDS)
                beats.append((last, "heartbeat", None))
            last = t
        steps = sorted(steps + beats, key=lambda s: s[0])

        status, contacts = ("Offline", a.login), {}

        def snapshot() -> dict:
            name, since = status
            free = 1 if name == "Available" and not contacts else 0
            return {
                "AgentStatus": {"ARN": status_arn[name], "Name": name, "StartTimestamp": iso_ms(since),
                                "Type": status_type[name]},
                "Configuration": {
                    "AgentHierarchyGroups": None, "FirstName": a.first, "LastName": a.last,
                    "RoutingProfile": {
                        "ARN": profile_arn,
                        "Concurrency": [{"AvailableSlots": free, "Channel": "VOICE", "MaximumSlots": 1}],
                        "DefaultOutboundQueue": queue_ref("Residential", channels=True),
                        "InboundQueues": [queue_ref(n, channels=True) for n in QUEUE_NAMES],
                        "Name": "Voice - Residential and Business",
                    },
                    "Username": f"{a.first}.{a.last}".lower(),
                },
                "Contacts": [dict(v) for v in contacts.values()],
            }

        for t, action, arg in steps:
            previous = snapshot()
            if action == "status":
                status = (arg, t)
            elif action == "contact":
                contacts[arg["ContactId"]] = arg
            elif action == "gone":
                contacts.pop(arg)
            record = {"AWSAccountId": ACCOUNT, "AgentARN": sc.agent_arn(a.id), "CurrentAgentSnapshot": snapshot(),
                      "EventId": uid(), "EventTimestamp": iso_ms(t),
                      "EventType": {"login": "LOGIN", "heartbeat": "HEART_BEAT"}.get(action, "STATE_CHANGE"),
                      "InstanceARN": inst, "PreviousAgentSnapshot": previous, "Version": "2019-05-25"}
            if action == "login":
                del record["PreviousAgentSnapshot"]      # none for LOGIN (2019 text)
            records.append((t, record))
    records.sort(key=lambda r: r[0])
    sc.agent_records = records


# ---------------------------------------------------------------------------------------------------------------
# Reference model: Connect real-time definitions (DOMAIN.md B.1) over the scenario's own contacts


def expected(sc: Scenario) -> dict:
    end = sc.end
    zero = {"offered": 0, "answered": 0, "abandoned": 0, "in_queue": 0}
    scopes = {name: dict(zero) for name in QUEUE_NAMES}
    scopes["voice"] = dict(zero)           # every contact here is inbound VOICE
    for c in sc.contacts:
        if c.enqueued > end:
            continue
        for scope in (scopes[c.queue], scopes["voice"]):
            scope["offered"] += 1                                    # Queued: added to the queue
            if c.connected is not None and c.connected <= end:
                scope["answered"] += 1                               # Handled: answered by an agent
            elif c.disconnected is not None and c.disconnected <= end:
                scope["abandoned"] += 1                              # customer left while in queue (or ringing)
            else:
                scope["in_queue"] += 1                               # CONTACTS_IN_QUEUE at the end

    agents = {"known": len({a.id for a in sc.agents}), "on_contact": 0, "available": 0, "away": 0,
              "after_contact_work": 0}
    for a in sc.agents:
        mine = [c for c in sc.contacts if c.agent == a.id and c.offered <= end]
        talking = any(c.connected is not None and c.connected <= end < c.disconnected for c in mine)
        in_acw = any(c.acw_end is not None and c.disconnected <= end < c.acw_end for c in mine)
        ringing = any(c.offered <= end < (c.connected or c.disconnected) for c in mine)
        at_lunch = a.lunch is not None and a.lunch[0] <= end < a.lunch[1]
        assert not (in_acw or ringing), "the scenario's end was picked outside ringing and ACW"
        if talking:
            agents["on_contact"] += 1            # AGENTS_ON_CONTACT: a contact connected
        if at_lunch:
            agents["away"] += 1                  # AGENTS_NON_PRODUCTIVE: custom status
        if not talking and not at_lunch:
            agents["available"] += 1             # AGENTS_AVAILABLE: Available and no ongoing contact
    return {"scopes": scopes, "agents": agents, "agent_ids": sorted(a.id for a in sc.agents)}


if __name__ == "__main__":
    s = build_scenario()
    print(f"end {iso_ms(s.end)}; {len(s.agent_records)} agent records, {len(s.contact_records)} contact records")
    for c in s.contacts:
        print(f"{c.kind:20s} {c.queue:12s} q={c.enqueued:8.3f} agent={c.agent and c.agent[:8]} "
              f"off={c.offered} con={c.connected} disc={c.disconnected} acw={c.acw_end}")
    print(json.dumps(expected(s), indent=1))
