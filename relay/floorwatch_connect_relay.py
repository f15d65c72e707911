#!/usr/bin/env python3
"""Relay Amazon Connect's event streams to floorwatchd's TCP listeners.

Amazon Connect publishes agent events to a Kinesis data stream and contact events to EventBridge;
nothing in the stock setup forwards them to a TCP socket. This relay reads

  * the Agent Event Stream's Kinesis stream (every shard), forwarding each record as one NDJSON
    line to a floorwatchd listener with ``format = "connect-agent"``, and
  * an SQS queue that an EventBridge rule ("Amazon Connect Contact Event") targets, forwarding each
    message body as one line to a listener with ``format = "connect-contact"``.

Delivery is at least once: a Kinesis shard's position is checkpointed (to a JSON file, written
atomically) and an SQS message deleted only after floorwatchd's socket accepted the line; on a
restart the relay resumes after the last checkpointed record. floorwatchd recognises the
duplicates a retry can cause (same step, same time). A record that is not JSON is logged and
skipped (floorwatchd would only count it as malformed). The connection to floorwatchd is
re-established with exponential back-off.

    floorwatch-connect-relay --kinesis-stream connect-agent-events \\
        --sqs-queue-url https://sqs.ap-southeast-2.amazonaws.com/123456789012/connect-contact-events \\
        --agent-events-to tcp://10.0.0.5:7601 --contact-events-to tcp://10.0.0.5:7602 \\
        --checkpoint /var/lib/floorwatch-relay/checkpoint.json

AWS credentials and region come from the usual boto3 chain (environment, instance role, profile).
"""

import argparse
import json
import logging
import os
import signal
import socket
import tempfile
import time

import boto3

log = logging.getLogger("floorwatch-connect-relay")


class Checkpoint:
    """Kinesis positions per shard, persisted atomically (write a temporary file, rename)."""

    def __init__(self, path):
        self.path = path
        self.positions = {}
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                self.positions = json.load(file).get("kinesis", {})

    def get(self, shard):
        return self.positions.get(shard)

    def set(self, shard, sequence):
        self.positions[shard] = sequence
        if not self.path:
            return
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".checkpoint-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"kinesis": self.positions}, file)
        os.replace(temporary, self.path)


class Forwarder:
    """One TCP connection to a floorwatchd listener, reopened with back-off when it breaks."""

    def __init__(self, url, timeout=10.0):
        if not url.startswith("tcp://"):
            raise ValueError(f"{url}: expected tcp://HOST:PORT")
        host, _, port = url[len("tcp://"):].rpartition(":")
        self.address = (host.strip("[]"), int(port))
        self.timeout = timeout
        self.connection = None
        self.failures = 0

    def send(self, lines):
        """Sends the lines; True once the socket accepted every byte, False on failure."""
        if not lines:
            return True
        payload = ("\n".join(lines) + "\n").encode("utf-8")
        try:
            if self.connection is None:
                self.connection = socket.create_connection(self.address, timeout=self.timeout)
            self.connection.sendall(payload)
            self.failures = 0
            return True
        except OSError as error:
            self.failures += 1
            log.warning("floorwatchd at %s:%s: %s (attempt %d)", *self.address, error, self.failures)
            self.close()
            return False

    def backoff(self):
        return min(30.0, 0.5 * (2 ** min(self.failures, 6))) if self.failures else 0.0

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


def one_line(data):
    """A record's JSON as one compact line, or None when it is not JSON."""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    try:
        return json.dumps(json.loads(data), separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        return None


class Relay:
    def __init__(self, kinesis=None, sqs=None, stream=None, queue_url=None, agent_to=None, contact_to=None,
                 checkpoint=None, start="TRIM_HORIZON"):
        self.kinesis, self.sqs = kinesis, sqs
        self.stream, self.queue_url = stream, queue_url
        self.agent_to, self.contact_to = agent_to, contact_to
        self.checkpoint = checkpoint or Checkpoint(None)
        self.start = start
        self.iterators = {}
        self.skipped = 0

    def poll_kinesis(self):
        """Forwards what every shard has; returns how many records went out."""
        if not self.stream:
            return 0
        sent = 0
        shards = self.kinesis.list_shards(StreamName=self.stream)["Shards"]
        for shard in shards:
            shard_id = shard["ShardId"]
            iterator = self.iterators.get(shard_id) or self._iterator(shard_id)
            response = self.kinesis.get_records(ShardIterator=iterator, Limit=1000)
            records = response.get("Records", [])
            lines = []
            for record in records:
                line = one_line(record["Data"])
                if line is None:
                    self.skipped += 1
                    log.warning("skipped a Kinesis record that is not JSON (shard %s)", shard_id)
                else:
                    lines.append(line)
            if records and not self.agent_to.send(lines):
                # Nothing checkpointed: the next pass starts again after the last good record.
                self.iterators.pop(shard_id, None)
                continue
            if records:
                self.checkpoint.set(shard_id, records[-1]["SequenceNumber"])
                sent += len(lines)
            self.iterators[shard_id] = response.get("NextShardIterator")
        return sent

    def _iterator(self, shard_id):
        position = self.checkpoint.get(shard_id)
        arguments = {"StreamName": self.stream, "ShardId": shard_id}
        if position:
            arguments.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=position)
        else:
            arguments.update(ShardIteratorType=self.start)
        return self.kinesis.get_shard_iterator(**arguments)["ShardIterator"]

    def poll_sqs(self):
        """Forwards up to 10 messages; deletes them only once floorwatchd has them."""
        if not self.queue_url:
            return 0
        response = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = response.get("Messages", [])
        lines, done = [], []
        for message in messages:
            line = one_line(message["Body"])
            if line is None:
                self.skipped += 1
                log.warning("skipped an SQS message that is not JSON (%s)", message["MessageId"])
            else:
                lines.append(line)
            done.append({"Id": message["MessageId"], "ReceiptHandle": message["ReceiptHandle"]})
        if messages and not self.contact_to.send(lines):
            return 0  # left in the queue; visible again after its visibility timeout
        if done:
            self.sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=done)
        return len(lines)

    def run_once(self):
        return self.poll_kinesis() + self.poll_sqs()

    def run(self, idle=1.0, stop=lambda: False):
        while not stop():
            sent = self.run_once()
            pause = max(self.agent_to.backoff() if self.agent_to else 0, self.contact_to.backoff() if self.contact_to else 0)
            if sent == 0:
                time.sleep(max(idle, pause))
            elif pause:
                time.sleep(pause)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Relay Amazon Connect events to floorwatchd.")
    parser.add_argument("--kinesis-stream", help="the Agent Event Stream's Kinesis data stream")
    parser.add_argument("--sqs-queue-url", help="an SQS queue targeted by an EventBridge rule for contact events")
    parser.add_argument("--agent-events-to", help="tcp://HOST:PORT of a connect-agent listener")
    parser.add_argument("--contact-events-to", help="tcp://HOST:PORT of a connect-contact listener")
    parser.add_argument("--checkpoint", default="floorwatch-relay-checkpoint.json", help="where Kinesis positions are kept")
    parser.add_argument("--from", dest="start", choices=["trim-horizon", "latest"], default="latest",
                        help="where a shard without a checkpoint starts (default: latest)")
    parser.add_argument("--region", help="AWS region (default: boto3's)")
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    arguments = parser.parse_args(argv)
    if bool(arguments.kinesis_stream) != bool(arguments.agent_events_to):
        parser.error("--kinesis-stream and --agent-events-to go together")
    if bool(arguments.sqs_queue_url) != bool(arguments.contact_events_to):
        parser.error("--sqs-queue-url and --contact-events-to go together")
    if not arguments.kinesis_stream and not arguments.sqs_queue_url:
        parser.error("give --kinesis-stream and/or --sqs-queue-url")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    session = boto3.session.Session(region_name=arguments.region)
    relay = Relay(
        kinesis=session.client("kinesis") if arguments.kinesis_stream else None,
        sqs=session.client("sqs") if arguments.sqs_queue_url else None,
        stream=arguments.kinesis_stream, queue_url=arguments.sqs_queue_url,
        agent_to=Forwarder(arguments.agent_events_to) if arguments.agent_events_to else None,
        contact_to=Forwarder(arguments.contact_events_to) if arguments.contact_events_to else None,
        checkpoint=Checkpoint(arguments.checkpoint),
        start="TRIM_HORIZON" if arguments.start == "trim-horizon" else "LATEST")
    if arguments.once:
        relay.run_once()
        return 0
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    relay.run(stop=lambda: bool(stopping))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
