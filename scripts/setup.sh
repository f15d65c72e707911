#!/usr/bin/env bash
# Installs what floorwatch needs on a fresh Debian machine, only what is missing, so a second
# run costs a second. `scripts/setup.sh demo` installs what the demo needs (build + run);
# `scripts/setup.sh test` adds what the tests need (a real journald and systemd tools,
# Prometheus's promtool, Alertmanager, tmux for the dashboard, the Python test tools).
set -euo pipefail
purpose="${1:-test}"
packages="libsystemd-dev pkgconf"
if [ "$purpose" = test ]; then
    packages="$packages systemd prometheus prometheus-alertmanager tmux curl python3 python3-venv"
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
    # Debian's own Python refuses `pip install` into the system (PEP 668): the Python test tools then
    # go into a virtual environment beside the build (.build/test-venv), which scripts/test.sh puts
    # first on PATH. A Python that accepts packages (pyenv, a user's own) gets them directly.
    python=python3
    if python3 -c 'import sys, sysconfig, os; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))' ||
        ! python3 -m pip --version >/dev/null 2>&1; then
        [ -x .build/test-venv/bin/python3 ] || python3 -m venv .build/test-venv
        python=.build/test-venv/bin/python3
    fi
    "$python" -c "import jsonschema" 2>/dev/null || "$python" -m pip install -q jsonschema
    # The Amazon Connect relay's tests run offline against moto's Kinesis and SQS.
    "$python" -c "import boto3, moto, pytest" 2>/dev/null || "$python" -m pip install -q boto3 "moto[kinesis,sqs]" pytest
    # The query API's OpenAPI document is checked against the daemon with schemathesis.
    [ -x "$(dirname "$python")/st" ] || command -v st >/dev/null 2>&1 || "$python" -m pip install -q "schemathesis==4.32.5"
fi
