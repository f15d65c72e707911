#!/usr/bin/env bash
# docs/openapi.yaml against the running daemon, by a tool nobody here wrote: schemathesis with all
# its checks (status codes, content types, response schemas, schema-valid requests accepted,
# invalid ones refused, 405 with Allow, …). /v1/stream is documented but never ends, so it is left
# out. Usage: scripts/check-openapi.sh [SECONDS]   (needs .build/debug/floorwatchd)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ingest=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Writes over TCP need the write token: schemathesis sends it, so schema-valid writes are accepted.
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
mkdir -p "$work" && printf '%s\n' "$token" >"$work/write-token"
.build/debug/floorwatchd --udp 127.0.0.1:0 --tcp "127.0.0.1:$ingest" --query-socket "$work/query.sock" \
    --query-tcp "127.0.0.1:$port" --query-write-token-file "$work/write-token" --state-dir "$work/state" \
    --clock wall >"$work/daemon.log" 2>&1 &
daemon=$!
cleanup() { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break
    sleep 0.1
done
# Something on the floor, so queues, agents and contacts are not all empty.
now=$(date +%s000)
printf '%s\n' \
    '{"v":1,"type":"agent.login","time_ms":'"$now"',"agent":"a1"}' \
    '{"v":1,"type":"contact.queued","time_ms":'"$now"',"contact":"c1","queue":"billing","channel":"voice"}' \
    >"/dev/tcp/127.0.0.1/$ingest"
status=0
(cd "$work" && st run "$OLDPWD/docs/openapi.yaml" --url "http://127.0.0.1:$port" --checks all -H "Authorization: Bearer $token" \
    --exclude-path /v1/stream --max-time "$seconds" --seed 1) || status=$?
if ! kill -0 "$daemon" 2>/dev/null; then
    echo "check-openapi: floorwatchd died during the run:" >&2
    tail -40 "$work/daemon.log" >&2
    status=1
fi
exit "$status"
