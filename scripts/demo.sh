#!/usr/bin/env bash
# The demo, as far as it exists today. The full demo (simulated contact center + floorwatchd +
# wall dashboard) arrives with issues [B1], [E] and [G]. Until then this builds the engine in
# release mode, generates a synthetic contact-center stream (~1 M native-protocol events), and
# runs it through the decoder and the engine, printing the rate.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift build -c release --product rates
lines=$(mktemp /tmp/floorwatch-demo.XXXXXX.ndjson)
trap 'rm -f "$lines"' EXIT
.build/release/rates lines "$lines"
head -3 "$lines"
.build/release/rates decode-apply "$lines" 1
