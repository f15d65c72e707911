#!/usr/bin/env bash
# Installs floorwatch: binaries, systemd units, sysusers file, docs.
#   sudo scripts/install.sh                 build in release and install to /
#   DESTDIR=/tmp/pkg scripts/install.sh     stage into a directory (packaging, CI)
#   BIN_DIR=.build/debug SKIP_BUILD=1 …      install binaries already built (the systemd check)
# Then: systemd-sysusers; systemctl daemon-reload; systemctl enable --now floorwatchd-ingest.socket floorwatchd-query.socket
set -euo pipefail
cd "$(dirname "$0")/.."
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr}
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product floorwatchd && swift build -c release --product floorwatch; fi
bin=${BIN_DIR:-$(swift build -c release --show-bin-path)}
install -D -m 0755 "$bin/floorwatchd" "$DESTDIR$PREFIX/bin/floorwatchd"
install -D -m 0755 "$bin/floorwatch" "$DESTDIR$PREFIX/bin/floorwatch"
install -D -m 0755 relay/floorwatch_connect_relay.py "$DESTDIR$PREFIX/bin/floorwatch-connect-relay"
# journalctl -x explains each alert entry; the catalog database is rebuilt where we install live.
install -D -m 0644 systemd/floorwatch.catalog "$DESTDIR/usr/lib/systemd/catalog/floorwatch.catalog"
if [ -z "$DESTDIR" ] && command -v journalctl >/dev/null; then journalctl --update-catalog || true; fi
for unit in floorwatchd.service floorwatchd-ingest.socket floorwatchd-query.socket; do
    install -D -m 0644 "systemd/$unit" "$DESTDIR/usr/lib/systemd/system/$unit"
done
install -D -m 0644 systemd/floorwatchd-subscriber.service.d/outgoing.conf \
    "$DESTDIR/usr/share/doc/floorwatch/examples/floorwatchd.service.d/outgoing.conf"
install -D -m 0644 systemd/floorwatch.sysusers.conf "$DESTDIR/usr/lib/sysusers.d/floorwatch.conf"
for doc in docs/*.md; do install -D -m 0644 "$doc" "$DESTDIR/usr/share/doc/floorwatch/$(basename "$doc")"; done
install -D -m 0644 systemd/floorwatchd.toml "$DESTDIR/usr/share/doc/floorwatch/examples/floorwatchd.toml"
install -d -m 0755 "$DESTDIR/etc/floorwatch"
echo "installed floorwatch into ${DESTDIR:-/}"
