#!/usr/bin/env python3
"""Resident memory of floorwatchd per open contact, per agent and per queue.

Starts the daemon (event clock, one TCP native listener, limits raised above the load), feeds it
over loopback and reads VmRSS from /proc after each step settles:
  1. 100,000 callers waiting in 100 queues        -> bytes per open contact
  2. 20,000 agents logged in with a profile        -> bytes per agent
  3. 10,000 more queues with one caller each       -> bytes per queue (a quiet queue)
With --wide, only the 10,000 quiet queues, checkpoints on (as a site runs it): RSS when they
arrive and every 5 s for 30 s, the CPU the idle daemon takes meanwhile, one GET /v1/snapshot.
With --only=contacts, --only=agents or --only=queues, that step alone (as the first after idle).
Usage: scripts/measure-memory.py [--wide | --only=STEP] [path/to/floorwatchd]
       (default .build/release/floorwatchd)
"""
import json, os, socket, subprocess, sys, tempfile, time, urllib.parse

wide = "--wide" in sys.argv[1:]
only = next((argument.split("=", 1)[1] for argument in sys.argv[1:] if argument.startswith("--only=")), None)
if only not in (None, "contacts", "agents", "queues"): raise SystemExit("--only=contacts, agents or queues")
arguments = [argument for argument in sys.argv[1:] if argument != "--wide" and not argument.startswith("--only=")]
binary = arguments[0] if arguments else ".build/release/floorwatchd"
work = tempfile.mkdtemp(prefix="fw-memory-")
sock_path = os.path.join(work, "query.sock")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
config = os.path.join(work, "floorwatchd.toml")
open(config, "w").write(f"""[daemon]
clock = "event"
{"" if wide else "checkpoint_interval_ms = 0"}

[[listener]]
transport = "tcp"
address = "127.0.0.1:{port}"

[limits]
open_contacts = 1000000
open_contacts_per_source = 1000000
agents = 100000
agents_per_source = 100000
queues = 20000
queues_per_source = 20000
""")
daemon = subprocess.Popen([binary, "--config", config, "--query-socket", sock_path, "--state-dir", work + "/state"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def get_body(path):
    s = socket.socket(socket.AF_UNIX); s.connect(sock_path)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    chunks = []
    while chunk := s.recv(1 << 20): chunks.append(chunk)
    s.close()
    return b"".join(chunks).split(b"\r\n\r\n", 1)[1]

def get(path):
    return json.loads(get_body(path))

def rss():
    for line in open(f"/proc/{daemon.pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1]) * 1024

def send(lines):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall("".join(lines).encode())

def wait(check, path="/v1/sources", timeout=300):
    # Polls a small document: rendering /v1/snapshot of 100,000 contacts every 0.2 s would put
    # its text (tens of MB, held until the next snapshot) into the figures being measured.
    end = time.time() + timeout
    while time.time() < end:
        try:
            if check(get(path)): return
        except (OSError, ValueError): pass
        time.sleep(0.2)
    raise SystemExit("timed out")

def applied(count):
    return lambda sources: sum(source["events"] for source in sources) >= count

def line(kind, t, **fields):
    return json.dumps({"v": 1, "type": kind, "time_ms": 1795597200000 + t, **fields}) + "\n"

def cpu_seconds():
    fields = open(f"/proc/{daemon.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def quiet_queues(first_time):
    send([line("contact.queued", first_time + i, contact=f"e-{i}", queue=f"quiet-{i}", channel="email")
          for i in range(10_000)])

wait(lambda s: True, path="/v1/health")
time.sleep(1)
base = rss()
if wide:
    quiet_queues(200_000)
    wait(applied(10_000), timeout=600)
    wait(lambda q: q["in_queue"] == 1, path="/v1/queues/quiet-9999")
    time.sleep(2)
    arrived = rss()
    cpu, started = cpu_seconds(), time.time()
    steady = []
    for _ in range(6):
        time.sleep(5)
        steady.append(rss() >> 20)
    busy = (cpu_seconds() - cpu) / (time.time() - started)
    # The read alone, as a client sees it (parsing 40 MB of JSON in Python would be most of it).
    started = time.time()
    size = len(get_body("/v1/snapshot"))
    took = time.time() - started
    daemon.terminate(); daemon.wait()
    print(f"RESULT wide: idle {base >> 20} MB; 10,000 quiet queues {arrived >> 20} MB when they arrive, "
          f"{steady} MB every 5 s; CPU {busy * 100:.0f} % of a core; /v1/snapshot {size >> 20} MB in {took:.2f} s")
    sys.exit(0)
def settled(what, count):
    """RSS once the step has settled; with --only, the step's figure printed and the run ended."""
    time.sleep(3 if only else 1)
    now = rss()
    if only:
        daemon.terminate(); daemon.wait()
        print(f"RESULT {what} {(now - base) / count:.0f} B")
        sys.exit(0)
    return now

if only == "queues":
    quiet_queues(200_000)
    wait(applied(10_000), timeout=600)
    wait(lambda q: q["in_queue"] == 1, path="/v1/queues/quiet-9999")
    settled("queues alone: per quiet queue", 10_000)
contacts = base
if only != "agents":
    send([line("contact.queued", i, contact=f"c-{i}", queue=f"q-{i % 100}", channel="voice", caller=f"+6140{i:07d}")
          for i in range(100_000)])
    wait(applied(100_000))
    wait(lambda q: q["in_queue"] == 1_000, path="/v1/queues/q-0")
    contacts = settled("contacts alone: per open contact", 100_000)
send([line("agent.login", 100_000 + i, agent=f"agent-{i}", name=f"Agent {i}", team="team") +
      line("agent.profile", 100_000 + i, agent=f"agent-{i}", slots={"voice": 1, "email": 1}, queues=[f"q-{i % 100}"])
      for i in range(20_000)])
wait(applied(40_000 if only else 140_000))
agents = settled("agents alone: per agent", 20_000)
quiet_queues(200_000)
wait(applied(150_000), timeout=600)
wait(lambda q: q["in_queue"] == 1, path="/v1/queues/quiet-9999")
time.sleep(1)
queues = rss()
daemon.terminate(); daemon.wait()
print(f"RESULT memory: idle {base >> 20} MB; per open contact {(contacts - base) / 100_000:.0f} B; "
      f"per agent {(agents - contacts) / 20_000:.0f} B; per quiet queue {(queues - agents) / 10_000:.0f} B "
      f"(10,000 queues, one email each); total {queues >> 20} MB")
