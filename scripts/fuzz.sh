#!/usr/bin/env bash
# Every parser under libFuzzer with AddressSanitizer: the native and queue_log decoders, Amazon
# Connect's agent and contact event decoders, the AMI framing and session, the query API's
# request side (routes, query strings, write bodies) and the configuration file (floorwatchd.toml,
# what a reload reads). Each target runs SECONDS (default 20) from
# its seed corpus in Fuzz/corpus (copied: the run does not grow the repository's corpus). Seeds
# are named seed-*: hash-named files, what libFuzzer adds, are ignored by git (Fuzz/.gitignore).
# A crash, leak or timeout fails the run and leaves the input in Fuzz/findings.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-20}
# Swift's -sanitize=fuzzer alone leaves the code without coverage counters here (libFuzzer then
# reports no "cov:" and never grows its corpus): ask for libFuzzer's kind of coverage explicitly.
# The TOML library's C++ assertions are compiled out (-DNDEBUG) here: it aborts on many malformed
# files, which the daemon survives by reading each file in a child process first (ConfigurationProbe);
# what is fuzzed is floorwatch's reader on whatever the library returns, and the library's memory
# safety under AddressSanitizer.
swift build -c release --sanitize=fuzzer --sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xcxx -DNDEBUG >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for pair in Native:native QueueLog:queue_log ConnectAgent:connect-agent ConnectContact:connect-contact AMI:ami \
    QueryRequest:query-request Configuration:configuration; do
    target=${pair%%:*}
    corpus=${pair#*:}
    # TOMLKit 0.6.0 leaks in its C++ bridge (the key lists `TOMLTable.keys` mallocs are never
    # freed, nor a parsed document's root): about 200 bytes per read of the file in the daemon, a
    # "leak" on every input here. Leak checking is off for this target only; every other check stays.
    extra=()
    leaks=1
    if [ "$target" = Configuration ]; then extra=(-detect_leaks=0); leaks=0; fi
    mkdir -p "$work/$corpus"
    cp -r "corpus/$corpus/." "$work/$corpus/"
    mkdir -p findings
    if ASAN_OPTIONS=detect_leaks=$leaks .build/release/Fuzz$target -max_total_time="$seconds" -timeout=5 \
        -print_final_stats=1 "${extra[@]}" \
        -artifact_prefix="findings/$target-" "$work/$corpus" >"$work/$target.log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
        coverage=$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1)
        # Blind fuzzing (no coverage) finds nothing and proves nothing: fail it.
        if [ -z "$coverage" ]; then
            echo "fuzz: $target ran without coverage feedback" >&2
            status=1
        fi
        echo "fuzz: $target: $runs executions in ${seconds}s, $coverage, no finding"
    else
        echo "fuzz: $target FAILED:" >&2
        grep -E "ERROR|SUMMARY|Test unit written" "$work/$target.log" | head -5 >&2
        status=1
    fi
done
exit $status
