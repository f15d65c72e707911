#!/usr/bin/env bash
# Installs what floorwatch needs on a fresh Debian machine, only what is missing, so a second
# run costs a second. `scripts/setup.sh demo` installs what the demo needs (build + run);
# `scripts/setup.sh test` adds what the tests need (a real journald and systemd tools,
# Prometheus's promtool, Alertmanager, tmux for the dashboard, the Python test tools).
set -euo pipefail
purpose="${1:-test}"
packages="libsystemd-dev pkgconf"
if [ "$purpose" = test ]; then
    packages="$packages systemd prometheus prometheus-alertmanager tmux"
fi
missing=""
for package in $packages; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "floorwatch needs:$missing (run: sudo apt-get install -y$missing)" >&2
        exit 1
    fi
    echo "installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $missing >/dev/null
fi
if [ "$purpose" = test ]; then
    python3 -c "import jsonschema" 2>/dev/null || pip install -q jsonschema
    # The Amazon Connect relay's tests run offline against moto's Kinesis and SQS.
    python3 -c "import boto3, moto, pytest" 2>/dev/null || pip install -q boto3 "moto[kinesis,sqs]" pytest
    # The query API's OpenAPI document is checked against the daemon with schemathesis.
    command -v st >/dev/null 2>&1 || pip install -q "schemathesis==4.32.5"
fi
