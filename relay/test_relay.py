"""The relay against moto's Kinesis and SQS (offline), a local TCP sink, and the real floorwatchd."""

import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

import boto3
import pytest
from moto import mock_aws

import floorwatch_connect_relay as relay

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures", "amazon-connect")


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as file:
        return file.read()


class Sink:
    """A TCP listener that collects the lines it receives; can be stopped and restarted."""

    def __init__(self):
        self.lines = []
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection):
        buffer = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            self.lines += [line.decode() for line in complete]

    def close(self):
        self.server.close()

    def wait_for(self, count, timeout=5):
        deadline = time.time() + timeout
        while len(self.lines) < count and time.time() < deadline:
            time.sleep(0.02)
        return self.lines


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-2")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        kinesis = boto3.client("kinesis")
        kinesis.create_stream(StreamName="agents", ShardCount=2)
        sqs = boto3.client("sqs")
        queue = sqs.create_queue(QueueName="contacts", Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
        yield kinesis, sqs, queue


AGENT_FIXTURES = ["agent-event-heartbeat.json", "agent-event-state-change-enter-acw.json",
                  "agent-event-state-change-leave-acw.json"]


def put_agent_events(kinesis, names):
    for name in names:
        record = json.loads(fixture(name))
        kinesis.put_record(StreamName="agents", Data=json.dumps(record, indent=2).encode(), PartitionKey=record["AgentARN"])


def contact_event(event_type, contact="k1", **extra):
    detail = {"eventType": event_type, "contactId": contact, "channel": "VOICE",
              "queueInfo": {"queueArn": "arn:aws:connect:x:1:instance/i/queue/billing",
                            "enqueueTimestamp": "2026-03-02T09:00:10.000Z"}}
    detail.update(extra)
    return json.dumps({"version": "0", "detail-type": "Amazon Connect Contact Event", "source": "aws.connect",
                       "detail": detail}, indent=2)


def test_forwards_every_record_as_one_line_and_resumes_from_the_checkpoint(aws, tmp_path):
    kinesis, sqs, queue = aws
    agents, contacts = Sink(), Sink()
    put_agent_events(kinesis, AGENT_FIXTURES)
    sqs.send_message(QueueUrl=queue, MessageBody=contact_event("QUEUED"))
    sqs.send_message(QueueUrl=queue, MessageBody="not json")
    checkpoint = str(tmp_path / "checkpoint.json")
    make = lambda: relay.Relay(
        kinesis=kinesis, sqs=sqs, stream="agents", queue_url=queue,
        agent_to=relay.Forwarder(f"tcp://127.0.0.1:{agents.port}"),
        contact_to=relay.Forwarder(f"tcp://127.0.0.1:{contacts.port}"),
        checkpoint=relay.Checkpoint(checkpoint))
    first = make()
    assert first.run_once() == 4
    assert first.skipped == 1
    lines = agents.wait_for(3)
    assert sorted(json.loads(line)["EventId"] for line in lines) == sorted(
        json.loads(fixture(name))["EventId"] for name in AGENT_FIXTURES)
    assert all("\n" not in line for line in lines)
    assert [json.loads(line)["detail"]["eventType"] for line in contacts.wait_for(1)] == ["QUEUED"]
    assert sqs.receive_message(QueueUrl=queue).get("Messages") is None  # delivered messages are deleted
    saved = json.load(open(checkpoint))["kinesis"]
    assert saved  # every shard that had records has its position

    # A restart resumes after the checkpoint: nothing is sent twice, new records go out.
    second = make()
    assert second.run_once() == 0
    put_agent_events(kinesis, ["agent-event-heartbeat.json"])
    assert second.run_once() == 1
    assert len(agents.wait_for(4)) == 4


def test_nothing_is_lost_while_floorwatchd_is_down(aws, tmp_path):
    kinesis, sqs, queue = aws
    port = free_port()  # bound once and released: nobody listens there
    put_agent_events(kinesis, AGENT_FIXTURES[:1])
    sqs.send_message(QueueUrl=queue, MessageBody=contact_event("QUEUED"))
    checkpoint = relay.Checkpoint(str(tmp_path / "checkpoint.json"))
    failing = relay.Relay(kinesis=kinesis, sqs=sqs, stream="agents", queue_url=queue,
                          agent_to=relay.Forwarder(f"tcp://127.0.0.1:{port}"),
                          contact_to=relay.Forwarder(f"tcp://127.0.0.1:{port}"), checkpoint=checkpoint,
                          start="TRIM_HORIZON")
    assert failing.run_once() == 0
    assert checkpoint.positions == {}
    assert failing.agent_to.backoff() > 0
    up = Sink()
    working = relay.Relay(kinesis=kinesis, sqs=sqs, stream="agents", queue_url=queue,
                          agent_to=relay.Forwarder(f"tcp://127.0.0.1:{up.port}"),
                          contact_to=relay.Forwarder(f"tcp://127.0.0.1:{up.port}"), checkpoint=checkpoint,
                          start="TRIM_HORIZON")
    assert working.run_once() == 2
    assert len(up.wait_for(2)) == 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query(socket_path, path):
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(socket_path)
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return json.loads(data.split(b"\r\n\r\n", 1)[1])


def test_into_the_real_floorwatchd(aws, tmp_path):
    binary = os.path.join(ROOT, ".build", "debug", "floorwatchd")
    if not os.path.exists(binary):
        pytest.skip("build floorwatchd first (swift build)")
    kinesis, sqs, queue = aws
    agent_port, contact_port = free_port(), free_port()
    socket_path = str(tmp_path / "query.sock")
    daemon = subprocess.Popen([binary, "--clock", "event", "--tcp", f"127.0.0.1:{agent_port}=connect-agent",
                               "--tcp", f"127.0.0.1:{contact_port}=connect-contact", "--query-socket", socket_path,
                               "--state-dir", str(tmp_path / "state")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while not os.path.exists(socket_path) and time.time() < deadline:
            time.sleep(0.05)
        put_agent_events(kinesis, AGENT_FIXTURES)
        for event_type, extra in [("QUEUED", {}), ("DISCONNECTED", {"disconnectTimestamp": "2026-03-02T09:01:10.000Z"})]:
            sqs.send_message(QueueUrl=queue, MessageBody=contact_event(event_type, **extra))
        bridge = relay.Relay(kinesis=kinesis, sqs=sqs, stream="agents", queue_url=queue,
                             agent_to=relay.Forwarder(f"tcp://127.0.0.1:{agent_port}"),
                             contact_to=relay.Forwarder(f"tcp://127.0.0.1:{contact_port}"),
                             start="TRIM_HORIZON")
        assert bridge.run_once() == 5
        deadline = time.time() + 10
        sources = {}
        while time.time() < deadline:
            sources = {source["format"]: source for source in query(socket_path, "/v1/sources")}
            if sources.get("connect-contact", {}).get("events", 0) >= 3 and sources.get("connect-agent", {}).get("events", 0) >= 3:
                break
            time.sleep(0.1)
        assert sum(sources["connect-agent"]["decode_errors"].values()) == 0
        assert sum(sources["connect-contact"]["decode_errors"].values()) == 0
        assert sources["connect-contact"]["events"] == 3  # queued + (queued again, abandoned)
        voice = query(socket_path, "/v1/snapshot")["queues"]["billing"]["windows"]["60m"]
        assert voice["abandoned"] == 1  # the caller hung up after a minute in queue
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
