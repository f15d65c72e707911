#!/usr/bin/env bash
# The one-command demo: a simulated energy retailer (~250 agents on voice, chat, email and
# back-office tasks, with an outage that triples calls), floorwatchd, and the wall dashboard.
# Installs what a fresh Debian machine lacks (as root), builds in release mode, runs
# `floorwatch demo`. q or Ctrl-C stops everything. Extra arguments go to `floorwatch demo`
# (e.g. --profile small --speed 120 --layout supervisor).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh demo
echo "building floorwatch in release mode (a few minutes the first time)…" >&2
# One build of every product: alternating `--product` builds re-planned the release tree and
# relinked (about 140 s) on every start with nothing changed.
swift build -c release >&2
exec "$(swift build -c release --show-bin-path)/floorwatch" demo "$@"
