"""Seeded Asterisk scenario (one PBX writing queue_log) and an independent reference model.

Written from the vendor definitions only -- design/DOMAIN.md B.2 (app_queue.c's ServiceLevelPerf), C.3
(queue_log format and events), C.4 (AMI) -- and the real lines in Tests/Fixtures/asterisk/queue_log.* (line
shapes: `epoch|callid|queue|member|EVENT|data1|...`, `NONE` / `MANAGER` / `CLI` call ids for administration,
`QUEUESTART` as `NONE|NONE|NONE`), never from floorwatch's source. docs/metrics.md and docs/sources.md are read
only for what floorwatch promises to show (scope names, which figures, how legs are counted); where that promise
and Asterisk differ, the model follows Asterisk (see `DIFFERENCES`).

The PBX (queues.conf assumed: `servicelevel = 20` on both queues; `support` has `timeout = 30` and the dialplan
sends a caller who times out into `overflow` under the same channel uniqueid; `overflow` has no timeout and
`leavewhenempty = yes`):

  * system records at the start: QUEUESTART, CONFIGRELOAD (queue, callid and member `NONE`);
  * members added per queue with ADDMEMBER (PJSIP/4105 is in both queues; PJSIP/4108 joins mid-run with `CLI`),
    paused in ONE queue with PAUSE (reason in data1) and unpaused with UNPAUSE, removed from a queue with
    REMOVEMEMBER (PJSIP/4107 and PJSIP/4104 leave their only queue);
  * ~40 calls over ~20 minutes into `support`: ENTERQUEUE; answered (CONNECT holdtime|bridged uniqueid|ringtime,
    then COMPLETECALLER or COMPLETEAGENT holdtime|calltime|origposition), some after a RINGNOANSWER (ms);
    abandoned (ABANDON position|origposition|waittime); timed out of `support` after 30 s (EXITWITHTIMEOUT) and
    entered into `overflow` with the SAME callid at the same second, where they are answered or abandon; one
    overflow caller is put out with EXITEMPTY when the last unpaused overflow member pauses; one caller still
    waiting in `support` and one in `overflow` at the end. Every answered call has completed by the end (so
    Asterisk's completed-call counters and the answered count agree, see `DIFFERENCES`).

`expected(scenario)` is the reference model, as of the scenario's last line (the daemon runs on event time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

MELBOURNE = ZoneInfo("Australia/Melbourne")
SUPPORT, OVERFLOW = "support", "overflow"
QUEUE_NAMES = (SUPPORT, OVERFLOW)
SUPPORT_TIMEOUT = 30            # queues.conf timeout of `support`
SERVICE_LEVEL_SECONDS = 20      # queues.conf servicelevel of both queues (floorwatch's voice default is 20 s too)
DEFAULT_SEED = 20260210

# Scenario starts (local Melbourne time). "summer" is an ordinary AEDT (UTC+11) morning; "dst_start" begins at
# 01:45 AEST (UTC+10) on the day daylight saving starts, so the local clock jumps from 02:00 to 03:00 during the
# run (no local time is ambiguous: the ISO-time lines stay well defined).
STARTS = {
    "summer": datetime(2026, 2, 10, 9, 40, 0, tzinfo=MELBOURNE),
    "dst_start": datetime(2025, 10, 5, 1, 45, 0, tzinfo=MELBOURNE),
}

# Where floorwatch's documented promise and Asterisk's own definition could part, and what the model does.
DIFFERENCES = """\
* Service level: Asterisk (app_queue.c, DOMAIN.md B.2) counts ServiceLevelPerf = callscompletedinsl /
  callscompleted, with callcompletedinsl = (answer time - that queue entry's start) <= servicelevel, and adds a
  call to both counters when it COMPLETES (update_queue() at the end of the bridge; Asterisk 1.4 counted the
  in-SL part at the answer). floorwatch's `answered_over_answered` counts at the ANSWER. The scenario lets every
  answered call complete before its end, so the two agree here; with calls still talking at the end, Asterisk's
  figure would leave them out while floorwatch's counts them.
* Service level of the voice channel: Asterisk has no channel scope (ServiceLevelPerf is per queue). The model
  counts each customer once against the whole wait since the first ENTERQUEUE (so an overflowed caller, who waited
  at least 30 s, never meets 20 s), consistent with the channel ASA asked for and with docs/metrics.md "Queue
  legs". Summing the queues' counters instead (Asterisk-style aggregation) would count an overflow answer within
  20 s of the overflow entry as met.
* Asterisk's QueueParams `Completed`/`Abandoned` per queue also count legs (each Queue() run is its own queue
  entry), matching floorwatch's per-queue promise; EXITWITHTIMEOUT/EXITEMPTY are neither completed nor abandoned
  in Asterisk, floorwatch's `timed_out`.
"""


# ---------------------------------------------------------------------------------------------------------------
# Scenario data


@dataclass
class Leg:
    """One run of Queue() for one caller: the caller's time in one queue."""
    callid: str
    queue: str
    enter: int                      # seconds after the scenario start
    outcome: str                    # "answered", "abandoned", "timeout" (EXITWITHTIMEOUT), "empty" (EXITEMPTY), "waiting"
    leave: int | None = None        # CONNECT / ABANDON / EXIT* time; None while waiting
    agent: str | None = None
    ringtime: int = 0               # seconds the answering member rang (CONNECT data3)
    talk: int = 0                   # calltime (COMPLETE* data2)
    completed_by: str = "COMPLETECALLER"
    rna: list = field(default_factory=list)     # [(time, member, ring ms)]
    bridged: str = ""               # the member channel's uniqueid (CONNECT data2)


@dataclass
class Call:
    callid: str
    caller: str
    legs: list                      # [Leg], in time order


@dataclass
class Scenario:
    seed: int
    start_name: str
    start_epoch: int
    admin: list                     # [(t, callid, queue, member, EVENT, data1)], system and member records
    calls: list                     # [Call]
    lines_rel: list = field(default_factory=list)   # [(t, fields after the time)], time order

    @property
    def end(self) -> int:
        return max(t for t, _ in self.lines_rel)

    @property
    def end_epoch(self) -> int:
        return self.start_epoch + self.end

    def epoch_lines(self) -> list:
        """queue_log as Asterisk writes it to the file: `epoch|callid|queue|member|EVENT|data...`."""
        return [(self.start_epoch + t, f"{self.start_epoch + t}|{rest}") for t, rest in self.lines_rel]

    def iso_lines(self, zone: ZoneInfo = MELBOURNE) -> list:
        """The ISO-time variant (`2020-08-03 12:34:56|...`), in the PBX's local time (queue_log_realtime_use_gmt=no)."""
        out = []
        for t, rest in self.lines_rel:
            local = datetime.fromtimestamp(self.start_epoch + t, zone).strftime("%Y-%m-%d %H:%M:%S")
            out.append((self.start_epoch + t, f"{local}|{rest}"))
        return out

    def system_record_count(self) -> int:
        return sum(1 for a in self.admin if a[4] in ("QUEUESTART", "CONFIGRELOAD"))


# Member administration (relative seconds). A member's calls never straddle one of its own admin records.
ADMIN_PLAN = [
    (0, "NONE", "NONE", "NONE", "QUEUESTART", ""),
    (2, "NONE", "NONE", "NONE", "CONFIGRELOAD", ""),
    (5, "MANAGER", SUPPORT, "PJSIP/4101", "ADDMEMBER", ""),
    (5, "MANAGER", SUPPORT, "PJSIP/4102", "ADDMEMBER", ""),
    (6, "MANAGER", SUPPORT, "PJSIP/4103", "ADDMEMBER", ""),
    (6, "MANAGER", SUPPORT, "PJSIP/4104", "ADDMEMBER", ""),
    (7, "MANAGER", SUPPORT, "PJSIP/4105", "ADDMEMBER", ""),
    (7, "MANAGER", OVERFLOW, "PJSIP/4105", "ADDMEMBER", ""),
    (8, "MANAGER", OVERFLOW, "PJSIP/4106", "ADDMEMBER", ""),
    (8, "MANAGER", OVERFLOW, "PJSIP/4107", "ADDMEMBER", ""),
    (300, "NONE", SUPPORT, "PJSIP/4102", "PAUSE", "Break"),
    (420, "CLI", SUPPORT, "PJSIP/4108", "ADDMEMBER", ""),
    (600, "NONE", SUPPORT, "PJSIP/4102", "UNPAUSE", ""),
    (700, "NONE", OVERFLOW, "PJSIP/4105", "PAUSE", "Training"),
    (800, "MANAGER", OVERFLOW, "PJSIP/4107", "REMOVEMEMBER", ""),
    (858, "NONE", OVERFLOW, "PJSIP/4106", "PAUSE", "Break"),       # overflow has nobody unpaused: EXITEMPTY
    (918, "NONE", OVERFLOW, "PJSIP/4106", "UNPAUSE", ""),
    (960, "NONE", SUPPORT, "PJSIP/4103", "PAUSE", "Lunch"),
    (1010, "MANAGER", SUPPORT, "PJSIP/4104", "REMOVEMEMBER", ""),
]
MEMBERS = sorted({a[3] for a in ADMIN_PLAN if a[3] != "NONE"})
# The EXITEMPTY caller: enters support at 820, times out at 850 into overflow, PJSIP/4106 rings 851-857 without
# answer, pauses at 858, the caller is put out at 860 (overflow has no unpaused member). No other overflow leg
# waits in 845-925 (it would be put out too), and PJSIP/4106 is kept free for it.
EMPTY_CALL_ARRIVAL = 820
OVERFLOW_QUIET = (845, 925)


def _membership(admin, member, queue, t):
    """(is a member of queue, paused there) after every admin record at or before t."""
    member_of, paused = False, False
    for at, _, q, m, event, _ in admin:
        if at > t:
            break
        if m != member or q != queue:
            continue
        if event == "ADDMEMBER":
            member_of, paused = True, False
        elif event == "REMOVEMEMBER":
            member_of, paused = False, False
        elif event == "PAUSE":
            paused = True
        elif event == "UNPAUSE":
            paused = False
    return member_of, paused


class _Floor:
    """Which member can take which call when: membership, pauses and the member's own calls."""

    def __init__(self, admin):
        self.admin = admin
        self.busy = {m: [] for m in MEMBERS}

    def can_take(self, member, queue, a, b) -> bool:
        member_of, paused = _membership(self.admin, member, queue, a)
        if not member_of or paused:
            return False
        if any(m == member and a - 2 <= at <= b + 2 for at, _, _, m, _, _ in self.admin):
            return False
        return all(b < s or a > e for s, e in self.busy[member])

    def members(self, queue):
        return [m for m in MEMBERS if any(a[2] == queue and a[3] == m for a in self.admin)]

    def reserve(self, member, a, b):
        self.busy[member].append((a, b))


def build_scenario(seed: int = DEFAULT_SEED, start: str = "summer") -> Scenario:
    rng = random.Random(seed)
    admin = sorted(ADMIN_PLAN, key=lambda a: a[0])
    floor = _Floor(admin)
    floor.reserve("PJSIP/4106", OVERFLOW_QUIET[0], OVERFLOW_QUIET[1])
    start_epoch = int(STARTS[start].timestamp())
    calls: list[Call] = []
    seq = [1021]

    def new_callid(arrival: int) -> str:
        seq[0] += 1
        # the caller channel's uniqueid: created when the call reached the PBX, a few seconds before the queue
        return f"{start_epoch + arrival - rng.randint(3, 12)}.{seq[0]}"

    def bridged(at: int) -> str:
        seq[0] += 1
        return f"{start_epoch + at}.{seq[0]}"

    def caller() -> str:
        return "04" + "".join(str(rng.randint(0, 9)) for _ in range(8))

    def try_answer(queue, callid, enter, waits, rna=False):
        """An answered leg with the first wait in `waits` some member can take, or None."""
        for w in waits:
            ring = rng.randint(1, 5)
            talk = rng.randint(30, 150)
            connect = enter + w
            if rna:
                ring = min(ring, w - 18)
                if ring < 1:
                    continue
            candidates = [m for m in floor.members(queue) if floor.can_take(m, queue, connect - ring, connect + talk)]
            if not candidates:
                continue
            agent = rng.choice(candidates)
            leg = Leg(callid, queue, enter, "answered", leave=connect, agent=agent, ringtime=ring, talk=talk,
                      completed_by=rng.choice(["COMPLETECALLER", "COMPLETEAGENT"]), bridged=bridged(connect - ring))
            if rna:
                others = [m for m in floor.members(queue)
                          if m != agent and floor.can_take(m, queue, enter + 1, enter + 16)]
                if not others:
                    continue
                missed = rng.choice(others)
                floor.reserve(missed, enter + 1, enter + 16)
                leg.rna.append((enter + 16, missed, 15000))
            floor.reserve(agent, connect - ring, connect + talk)
            return leg
        return None

    def overflow_leg(callid, enter, kind):
        """The caller's leg in overflow (entered at `enter`): answered or abandoned; None when it would wait in
        the quiet window kept for the EXITEMPTY caller."""
        w = rng.randint(2, 40)
        if kind == "answered":
            waits = list(range(w, 61))
            leg = None
            for w2 in waits:
                if enter + w2 >= OVERFLOW_QUIET[0] - 1 and enter <= OVERFLOW_QUIET[1]:
                    break
                leg = try_answer(OVERFLOW, callid, enter, [w2])
                if leg:
                    return leg
        if enter + w >= OVERFLOW_QUIET[0] - 1 and enter <= OVERFLOW_QUIET[1]:
            return None
        return Leg(callid, OVERFLOW, enter, "abandoned", leave=enter + w)

    # Random calls into support.
    arrivals = [60 + 31 * i + rng.randint(0, 12) for i in range(37)]
    for i, arrival in enumerate(arrivals):
        callid = new_callid(arrival)
        kind = rng.choices(["A", "AR", "B", "TA", "TB"], weights=[45, 12, 15, 18, 10])[0]
        if i == 3:
            kind, fixed_wait = "A", 20          # answered exactly at the service-level threshold (<= counts)
        elif i == 5:
            kind, fixed_wait = "A", 21          # one second over
        elif i == 7:
            kind, fixed_wait = "B", 3           # a short abandon
        else:
            fixed_wait = None
        legs: list[Leg] = []
        if kind in ("A", "AR"):
            first = fixed_wait or (rng.randint(19, 27) if kind == "AR" else rng.randint(3, 27))
            leg = try_answer(SUPPORT, callid, arrival, [first] if fixed_wait else range(first, SUPPORT_TIMEOUT),
                             rna=kind == "AR")
            if leg is None and fixed_wait is None and kind == "AR":
                leg = try_answer(SUPPORT, callid, arrival, range(first, SUPPORT_TIMEOUT))
            if leg is None:
                kind = rng.choice(["TA", "TB"])     # nobody free for 30 s: the queue times out
            else:
                legs = [leg]
        if kind in ("TA", "TB"):
            out = arrival + SUPPORT_TIMEOUT
            second = overflow_leg(callid, out, "answered" if kind == "TA" else "abandoned")
            if second is None:
                kind = "B"
            else:
                legs = [Leg(callid, SUPPORT, arrival, "timeout", leave=out), second]
        if kind == "B":
            w = fixed_wait or rng.randint(4, SUPPORT_TIMEOUT - 1)
            legs = [Leg(callid, SUPPORT, arrival, "abandoned", leave=arrival + w)]
        calls.append(Call(callid, caller(), legs))

    # The EXITEMPTY caller.
    t = EMPTY_CALL_ARRIVAL
    callid = new_callid(t)
    out = t + SUPPORT_TIMEOUT
    empty = Leg(callid, OVERFLOW, out, "empty", leave=860, rna=[(857, "PJSIP/4106", 6000)])
    calls.append(Call(callid, caller(), [Leg(callid, SUPPORT, t, "timeout", leave=out), empty]))

    # Two callers still waiting at the end: one timed out of support into overflow, one just entered support.
    last = max(max(leg.leave + leg.talk for leg in c.legs) for c in calls) + 45
    t = last - 40
    callid = new_callid(t)
    calls.append(Call(callid, caller(), [Leg(callid, SUPPORT, t, "timeout", leave=t + SUPPORT_TIMEOUT),
                                         Leg(callid, OVERFLOW, t + SUPPORT_TIMEOUT, "waiting")]))
    t = last - 4
    callid = new_callid(t)
    calls.append(Call(callid, caller(), [Leg(callid, SUPPORT, t, "waiting")]))

    calls.sort(key=lambda c: c.legs[0].enter)
    scenario = Scenario(seed, start, start_epoch, admin, calls)
    scenario.lines_rel = _render(scenario)
    return scenario


# ---------------------------------------------------------------------------------------------------------------
# queue_log lines


def _render(s: Scenario) -> list:
    """Every record, `(t, "callid|queue|member|EVENT|data...")`, in time order (a stable sort keeps one call's
    records of the same second -- EXITWITHTIMEOUT, then ENTERQUEUE in overflow -- in the order Asterisk writes)."""
    recs = []       # (t, order, text)
    order = 0

    def add(t, text):
        nonlocal order
        recs.append((t, order, text))
        order += 1

    for t, callid, queue, member, event, data1 in s.admin:
        add(t, f"{callid}|{queue}|{member}|{event}|{data1}")

    legs = [leg for c in s.calls for leg in c.legs]
    end_of_time = 10 ** 9

    def waiting_before(leg, at):
        """Callers in leg's queue who entered before it and are still waiting at `at`."""
        return sum(1 for o in legs if o is not leg and o.queue == leg.queue and
                   (o.enter, o.callid) < (leg.enter, leg.callid) and
                   (o.leave if o.leave is not None else end_of_time) > at)

    callers = {c.callid: c.caller for c in s.calls}
    for leg in legs:
        origpos = waiting_before(leg, leg.enter) + 1
        add(leg.enter, f"{leg.callid}|{leg.queue}|NONE|ENTERQUEUE||{callers[leg.callid]}|{origpos}")
        for at, member, ms in leg.rna:
            add(at, f"{leg.callid}|{leg.queue}|{member}|RINGNOANSWER|{ms}")
        if leg.outcome == "waiting":
            continue
        wait = leg.leave - leg.enter
        pos = waiting_before(leg, leg.leave) + 1
        if leg.outcome == "answered":
            add(leg.leave, f"{leg.callid}|{leg.queue}|{leg.agent}|CONNECT|{wait}|{leg.bridged}|{leg.ringtime}")
            add(leg.leave + leg.talk,
                f"{leg.callid}|{leg.queue}|{leg.agent}|{leg.completed_by}|{wait}|{leg.talk}|{origpos}")
        elif leg.outcome == "abandoned":
            add(leg.leave, f"{leg.callid}|{leg.queue}|NONE|ABANDON|{pos}|{origpos}|{wait}")
        elif leg.outcome == "timeout":
            add(leg.leave, f"{leg.callid}|{leg.queue}|NONE|EXITWITHTIMEOUT|{pos}|{origpos}|{wait}")
        elif leg.outcome == "empty":
            add(leg.leave, f"{leg.callid}|{leg.queue}|NONE|EXITEMPTY|{pos}|{origpos}|{wait}")
        else:
            raise ValueError(leg.outcome)

    # Legs were rendered call by call; within one call the order above is causal. Sort by time, stable.
    recs.sort(key=lambda r: (r[0], r[1]))
    return [(t, text) for t, _, text in recs]


# ---------------------------------------------------------------------------------------------------------------
# Reference model


def _mean(values):
    return sum(values) / len(values) if values else None


def _scope(legs_outcomes):
    """legs_outcomes: [(outcome, wait to the answer or exit)]: the counts, ASA and ServiceLevelPerf."""
    answered = [w for o, w in legs_outcomes if o == "answered"]
    return {
        "offered": len(legs_outcomes),
        "answered": len(answered),
        "abandoned": sum(1 for o, _ in legs_outcomes if o == "abandoned"),
        "timed_out": sum(1 for o, _ in legs_outcomes if o in ("timeout", "empty", "exitwithkey")),
        "asa_seconds": _mean(answered),
        # app_queue.c: callscompletedinsl / callscompleted, in-SL when (answer - entry) <= servicelevel
        "service_level": (sum(1 for w in answered if w <= SERVICE_LEVEL_SECONDS) / len(answered)) if answered else None,
        "in_queue": sum(1 for o, _ in legs_outcomes if o == "waiting"),
    }


def _agents_at_end(s: Scenario):
    """Per queue: members (added, not removed) not paused there = staffed; paused there = away, by reason.
    Voice channel / floor (floorwatch's promise, docs/sources.md): logged in = a member of some queue; away only
    when paused in every queue it is a member of; offline = known members in no queue."""
    end = s.end
    member_of = {}   # (member, queue) -> (member?, paused?, reason)
    for t, _, queue, member, event, data1 in s.admin:
        if t > end or member == "NONE":
            continue
        key = (member, queue)
        was = member_of.get(key, (False, False, ""))
        if event == "ADDMEMBER":
            member_of[key] = (True, data1 == "PAUSED", "paused" if data1 == "PAUSED" else "")
        elif event == "REMOVEMEMBER":
            member_of[key] = (False, False, "")
        elif event == "PAUSE":
            member_of[key] = (was[0], True, data1 or "paused")
        elif event == "UNPAUSE":
            member_of[key] = (was[0], False, "")
    out = {}
    for queue in QUEUE_NAMES:
        rows = [v for (m, q), v in member_of.items() if q == queue and v[0]]
        reasons = {}
        for _, paused, reason in rows:
            if paused:
                reasons[reason] = reasons.get(reason, 0) + 1
        out[queue] = {"staffed": sum(1 for r in rows if not r[1]), "away": sum(1 for r in rows if r[1]),
                      "away_by_reason": reasons}
    known = sorted({m for m, _ in member_of})
    staffed = away = offline = 0
    reasons = {}
    for m in known:
        rows = [v for (mm, _), v in member_of.items() if mm == m and v[0]]
        if not rows:
            offline += 1
        elif all(r[1] for r in rows):
            away += 1
            reason = rows[0][2]     # the scenario pauses a member in every queue with one reason at most
            reasons[reason] = reasons.get(reason, 0) + 1
        else:
            staffed += 1
    out["voice"] = {"staffed": staffed, "away": away, "away_by_reason": reasons}
    out["floor"] = {"known": len(known), "staffed": staffed, "away": away, "away_by_reason": reasons,
                    "offline": offline}
    return out


def expected(s: Scenario) -> dict:
    """The figures as of the scenario's last line, every leg within the 60-minute window."""
    scopes = {}
    for queue in QUEUE_NAMES:
        scopes[queue] = _scope([(leg.outcome, (leg.leave - leg.enter) if leg.leave is not None else None)
                                for c in s.calls for leg in c.legs if leg.queue == queue])
    # Voice channel: each customer (callid) once, by the final outcome, waits from the FIRST ENTERQUEUE.
    customers = []
    for c in s.calls:
        final = c.legs[-1]
        customers.append((final.outcome, (final.leave - c.legs[0].enter) if final.leave is not None else None))
    assert len({c.callid for c in s.calls}) == len(s.calls)
    scopes["voice"] = _scope(customers)
    return {
        "scopes": scopes,
        "agents": _agents_at_end(s),
        "ignored": {"system_record": s.system_record_count()},
        "end_epoch": s.end_epoch,
        "lines": len(s.lines_rel),
    }


def replay(lines: list) -> dict:
    """A second, independent reading of the same figures: replay the rendered queue_log lines themselves
    (`(t, "epoch|callid|queue|member|EVENT|data...")`) by the C.3 event meanings, and check the data fields Asterisk
    writes (CONNECT / ABANDON / EXIT* holdtime and waittime = seconds since that leg's ENTERQUEUE). The test asserts
    replay(lines) == expected(scenario)["scopes"] before it looks at the daemon, so a model slip and a line slip
    cannot hide each other."""
    open_legs = {}      # callid -> (queue, entered)
    legs = {q: [] for q in QUEUE_NAMES}
    customers = {}      # callid -> [first entry, final outcome, wait from first entry]
    for _, line in lines:
        f = line.split("|")
        t, callid, queue, event, data = int(f[0]), f[1], f[2], f[4], f[5:]
        if event == "ENTERQUEUE":
            assert callid not in open_legs, f"{callid} entered {queue} while still in {open_legs[callid][0]}"
            open_legs[callid] = (queue, t)
            customers.setdefault(callid, [t, "waiting", None])[1] = "waiting"
            continue
        if event not in ("CONNECT", "ABANDON", "EXITWITHTIMEOUT", "EXITEMPTY", "EXITWITHKEY"):
            continue
        q, entered = open_legs.pop(callid)
        assert q == queue, line
        wait = t - entered
        logged = int(data[0]) if event == "CONNECT" else int(data[2])
        assert logged == wait, f"logged wait {logged} != {wait}: {line}"
        outcome = {"CONNECT": "answered", "ABANDON": "abandoned", "EXITEMPTY": "empty"}.get(event, "timeout")
        legs[queue].append((outcome, wait))
        customers[callid][1:] = [outcome, t - customers[callid][0]]
    for callid, (queue, _) in open_legs.items():
        legs[queue].append(("waiting", None))
    scopes = {q: _scope(legs[q]) for q in QUEUE_NAMES}
    # an exit followed by a new ENTERQUEUE is not final: customers[...] holds the last leg's outcome
    scopes["voice"] = _scope([(o, w) for _, o, w in customers.values()])
    return scopes


def alternatives(s: Scenario) -> dict:
    """Other readings of the service level, for failure reports only (never asserted): the voice channel under
    Connect's SL X (answered or abandoned within T of the first entry over customers who left the queue, timeouts
    never met) and under Asterisk-style aggregation of the queues' ServiceLevelPerf counters (legs, each against its
    own entry)."""
    T = SERVICE_LEVEL_SECONDS
    left = [(c.legs[-1].outcome, c.legs[-1].leave - c.legs[0].enter) for c in s.calls if c.legs[-1].leave is not None]
    met = sum(1 for o, w in left if o in ("answered", "abandoned") and w <= T)
    legs = [leg for c in s.calls for leg in c.legs if leg.outcome == "answered"]
    in_sl = sum(1 for leg in legs if leg.leave - leg.enter <= T)
    return {
        "voice service_level, Connect SL X (customer, whole wait)": f"{met}/{len(left)} = {met / len(left):.6f}",
        "voice service_level, sum of the queues' ServiceLevelPerf counters (legs)":
            f"{in_sl}/{len(legs)} = {in_sl / len(legs):.6f}",
    }


def describe(s: Scenario) -> str:
    """A short human summary of the scenario (for failure reports)."""
    kinds = {}
    for c in s.calls:
        k = " -> ".join(f"{leg.queue}:{leg.outcome}" for leg in c.legs)
        kinds[k] = kinds.get(k, 0) + 1
    parts = [f"seed {s.seed}, start {s.start_name} ({datetime.fromtimestamp(s.start_epoch, timezone.utc).isoformat()}),"
             f" {len(s.calls)} calls, {len(s.lines_rel)} lines, run {s.end} s"]
    parts += [f"  {n:3d} x {k}" for k, n in sorted(kinds.items())]
    return "\n".join(parts)


if __name__ == "__main__":
    import json
    import sys
    args = [a for a in sys.argv[1:] if a != "-v"]
    sc = build_scenario(int(args[0]) if args else DEFAULT_SEED, args[1] if len(args) > 1 else "summer")
    print(describe(sc))
    print(json.dumps(expected(sc), indent=1, sort_keys=True))
    if "-v" in sys.argv:
        for _, line in sc.epoch_lines():
            print(line)
