#!/usr/bin/env python3
"""Writes a record file per real source format for `rates decode-format`, and the same records as JSON
texts for orjson (the same-run baseline).

- connect-agent, connect-contact: Amazon Connect agent events (Kinesis) and contact events (EventBridge)
  from the end-to-end tests' Connect model (`Tests/EndToEnd/connect_model.py`), many seeds: one JSON
  record per line, exactly as the daemon receives them. orjson parses the same lines.
- queue-log: Asterisk queue_log lines from the end-to-end tests' Asterisk model (overflow queues,
  transfers, member administration), epoch times. orjson parses each line's fields as a JSON array of
  strings (queue_log is not JSON: this is the same record, parsed by the fastest JSON parser).
- ami: AMI event blocks (the real samples in `Tests/Fixtures/asterisk/ami.*.txt`, each repeated with its
  Uniqueid and SequenceNumber changed), separated by a blank line. orjson parses each block as a JSON
  object of its headers.

usage: python3 Benchmarks/format_records.py DIR [--records 200000]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests/EndToEnd"))

import asterisk_model  # noqa: E402
import connect_model  # noqa: E402


def connect(records: int) -> tuple[list[str], list[str]]:
    agents, contacts = [], []
    seed = 1
    while len(agents) < records or len(contacts) < records:
        scenario = connect_model.build_scenario(seed=seed, n_contacts=400)
        agents += [line for _, line in scenario.agent_lines()]
        contacts += [line for _, line in scenario.contact_lines()]
        seed += 1
    return agents[:records], contacts[:records]


def queue_log(records: int) -> list[str]:
    lines, seed = [], 1
    while len(lines) < records:
        scenario = asterisk_model.build_scenario(seed=seed)
        lines += [line for _, line in scenario.epoch_lines()]
        seed += 1
    return lines[:records]


def ami(records: int) -> list[str]:
    blocks = []
    for path in sorted((ROOT / "Tests/Fixtures/asterisk").glob("ami.*.txt")):
        text = path.read_text().replace("\r\n", "\n")
        blocks += [block.strip("\n") for block in text.split("\n\n") if block.startswith("Event:")]
    out, round_ = [], 0
    while len(out) < records:
        for block in blocks:
            headers = []
            for line in block.split("\n"):
                name, _, value = line.partition(": ")
                if name in ("Uniqueid", "Linkedid"):
                    value = f"{value}{round_}"
                elif name == "SequenceNumber":
                    value = str(len(out))
                headers.append(f"{name}: {value}")
            out.append("\r\n".join(headers))
            if len(out) == records:
                break
        round_ += 1
    return out


def ami_json(block: str) -> str:
    return json.dumps(dict(line.partition(": ")[::2] for line in block.split("\r\n")), separators=(",", ":"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    agent_lines, contact_lines = connect(args.records)
    formats = {
        "connect-agent": (agent_lines, agent_lines, "\n"),
        "connect-contact": (contact_lines, contact_lines, "\n"),
    }
    lines = queue_log(args.records)
    formats["queue-log"] = (lines, [json.dumps(line.split("|"), separators=(",", ":")) for line in lines], "\n")
    blocks = ami(args.records)
    formats["ami"] = (blocks, [ami_json(block) for block in blocks], "\r\n\r\n")
    for name, (records, as_json, separator) in formats.items():
        (out / f"{name}.records").write_text(separator.join(records) + separator)
        (out / f"{name}.json").write_text("\n".join(as_json) + "\n")
        size = sum(len(r) for r in records) / len(records)
        print(f"{name}: {len(records)} records, average {size:.0f} bytes -> {out / (name + '.records')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
