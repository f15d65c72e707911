#!/usr/bin/env bash
# CI gate for the systemd units: `systemd-analyze verify` must print nothing (it exits 0 on typos),
# and the offline security exposure must stay at most 1.0 for floorwatchd.service and 2.0 for the
# variant with outgoing subscriptions (the base unit plus the drop-in).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# verify checks that ExecStart and ExecReload exist: stage stand-in binaries at the unit's paths.
mkdir -p "$root/usr/bin" "$root/units"
for binary in floorwatchd floorwatch; do
    printf '#!/bin/sh\n' > "$root/usr/bin/$binary"
    chmod +x "$root/usr/bin/$binary"
done
cp systemd/*.service systemd/*.socket "$root/units/"
sed -i "s|/usr/bin/floorwatch|$root/usr/bin/floorwatch|g" "$root/units/floorwatchd.service"
cat "$root/units/floorwatchd.service" systemd/floorwatchd-subscriber.service.d/outgoing.conf \
    > "$root/units/floorwatchd-subscriber.service"
errors=$(cd "$root/units" && systemd-analyze verify ./floorwatchd.service ./floorwatchd-ingest.socket \
    ./floorwatchd-query.socket ./floorwatchd-subscriber.service 2>&1 | grep -v "floorwatchd-subscriber.service: Service has no" || true)
if [ -n "$errors" ]; then
    echo "check-units: systemd-analyze verify complained:" >&2
    echo "$errors" >&2
    exit 1
fi
status=0
for pair in "floorwatchd.service 10" "floorwatchd-subscriber.service 20"; do
    set -- $pair
    line=$(cd "$root/units" && systemd-analyze security --offline=yes "./$1" 2>/dev/null | tail -1)
    echo "check-units: $line"
    if ! (cd "$root/units" && systemd-analyze security --offline=yes --threshold="$2" "./$1" >/dev/null 2>&1); then
        echo "check-units: $1 exposure above $(($2 / 10)).$(($2 % 10))" >&2
        status=1
    fi
done
[ $status -eq 0 ] && echo "check-units: units verified"
exit $status
