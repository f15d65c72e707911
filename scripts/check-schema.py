#!/usr/bin/env python3
"""Validates every documented native-protocol example against docs/protocol.schema.json, and checks
that the schema rejects a bad one (so this check can fail)."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "docs/protocol.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
failures = 0
lines = (root / "Tests/Fixtures/native/every-event-type.ndjson").read_text().splitlines()
for line in lines:
    for error in validator.iter_errors(json.loads(line)):
        print(f"schema: {line[:60]}…: {error.message}", file=sys.stderr)
        failures += 1
bad = {"v": 1, "type": "contact.ended", "contact": "c", "time_ms": 1795597200000, "reason": "exploded"}
if not list(validator.iter_errors(bad)):
    print("schema: accepted an invalid end reason", file=sys.stderr)
    failures += 1
print(f"schema: {len(lines)} examples valid" if not failures else f"schema: {failures} problems")
sys.exit(1 if failures else 0)
