#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing on a fresh Debian machine,
# then style, layering, one debug build with the tests, floorwatch under a real systemd in a
# container, short fuzzing runs of every parser, then the lock-free stress tests again under
# ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "install what the tests need (only what is missing)"
scripts/setup.sh test
# Where setup put the Python test tools when the system Python refuses packages (PEP 668).
if [ -x .build/test-venv/bin/python3 ]; then export PATH="$PWD/.build/test-venv/bin:$PATH"; fi

step "swift format lint --strict"
swift format lint --strict -r Sources Tests Package.swift

step "import allow-list"
scripts/check-imports.sh

step "protocol schema against the documented examples"
python3 scripts/check-schema.py

step "every path the architecture map and the README name exists"
python3 scripts/check-doc-paths.py

step "systemd units: verify and offline security score"
scripts/check-units.sh

step "build and test (debug)"
swift build --build-tests
# The stress suite is run once, below, where it means something: under ThreadSanitizer.
swift test --skip-build --skip Stress

step "under a real systemd: socket activation, reload, watchdog, journald, UDP drops, exposure (systemd-nspawn)"
scripts/systemd-check.sh

step "Amazon Connect relay (moto Kinesis/SQS); Connect's two feeds and Asterisk's queue_log against reference models, into the real floorwatchd"
# pytest's temporary directories go where this run removes them (not /tmp/pytest-of-$USER).
pytest_temp=$(mktemp -d)
trap 'rm -rf "$pytest_temp"' EXIT
PYTHONDONTWRITEBYTECODE=1 python3 -m pytest -q -p no:cacheprovider --basetemp "$pytest_temp/run" relay Tests/EndToEnd

step "the query API against docs/openapi.yaml (schemathesis, all checks)"
scripts/check-openapi.sh 60

step "every parser under libFuzzer and AddressSanitizer (20 s each)"
scripts/fuzz.sh 20

step "ThreadSanitizer: lock-free stress tests"
# Swift Testing may print "passed" while TSan reports a race: the exit code is the verdict.
# Built in release so a million events take seconds, not minutes, under TSan; only the core
# targets (FLOORWATCH_CORE_ONLY, see Package.swift), so NIO is not rebuilt with TSan.
FLOORWATCH_CORE_ONLY=1 TSAN_OPTIONS="halt_on_error=1" \
    swift test -c release --sanitize=thread --scratch-path .build-tsan --filter Stress

step "done"
