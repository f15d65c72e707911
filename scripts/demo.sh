#!/usr/bin/env bash
# The one-command demo: a simulated energy retailer (~250 agents on voice, chat, email and
# back-office tasks, with an outage that triples calls), floorwatchd, and the wall dashboard.
# Installs what a fresh Debian machine lacks (as root), builds in release mode, runs
# `floorwatch demo`. q or Ctrl-C stops everything. Extra arguments go to `floorwatch demo`
# (e.g. --profile small --speed 120 --layout supervisor).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=""
for package in libsystemd-dev pkgconf; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "installing:$missing" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "floorwatch needs:$missing (run: sudo apt-get install -y$missing)" >&2
        exit 1
    fi
fi
echo "building floorwatch in release mode (a few minutes the first time)…" >&2
swift build -c release --product floorwatchd >&2
swift build -c release --product floorwatch >&2
exec "$(swift build -c release --show-bin-path)/floorwatch" demo "$@"
