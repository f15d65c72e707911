#!/usr/bin/env bash
# floorwatch under a real systemd: boots systemd 252 in a container (systemd-nspawn on a minimal
# Debian root made with debootstrap), installs floorwatch as scripts/install.sh installs it, and
# checks what the units promise against the running system: socket activation, READY/STATUS,
# reload without procps, watchdog and Restart=, journald alerts with their catalog text, UDP
# drops counted under the unit, the receive buffer kept, the running unit's exposure score and no
# EPERM from the syscall filter.
#
# Usage (root): scripts/systemd-check.sh      (needs the debug build: swift build)
#   BIN_DIR=…   binaries to install (default .build/debug)
#   FLOORWATCH_SYSTEMD_ROOT=…   the cached Debian root (made once, about 4 min, 300 MB)
# Exit 0 when every check passes; each check prints PASS or FAIL with what it saw.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN_DIR:-.build/debug}
cache=${FLOORWATCH_SYSTEMD_ROOT:-/var/cache/floorwatch/systemd-root}
[ "$(id -u)" = 0 ] || { echo "systemd-check: run as root (it boots a container)" >&2; exit 2; }
[ -x "$bin/floorwatchd" ] && [ -x "$bin/floorwatch" ] || { echo "systemd-check: build first (swift build)" >&2; exit 2; }
if ! command -v systemd-nspawn >/dev/null || ! command -v debootstrap >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd-container debootstrap >/dev/null
fi
started=$(date +%s)
if [ ! -x "$cache/usr/lib/systemd/systemd" ]; then
    echo "systemd-check: making the Debian root in $cache (once per machine)…" >&2
    rm -rf "$cache.new"
    mkdir -p "$(dirname "$cache")"
    # No procps: the unit must not depend on /bin/kill.
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,libsystemd0,libstdc++6,curl,python3 \
        bookworm "$cache.new" >/dev/null
    mv "$cache.new" "$cache"
    echo "systemd-check: root made in $(($(date +%s) - started)) s" >&2
fi

work=$(mktemp -d /var/tmp/floorwatch-systemd.XXXXXX)
root=$work/root
nspawn=
cleanup() {
    if [ -n "$nspawn" ]; then kill "$nspawn" 2>/dev/null || true; wait "$nspawn" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cp -a --reflink=auto "$cache" "$root"
DESTDIR=$root SKIP_BUILD=1 BIN_DIR=$bin scripts/install.sh >/dev/null
# The checks shorten the watchdog so a stall is seen in seconds, not the shipped 30 s.
mkdir -p "$root/etc/systemd/system/floorwatchd.service.d"
printf '[Service]\nWatchdogSec=6s\n' >"$root/etc/systemd/system/floorwatchd.service.d/check.conf"
# The binaries find the Swift runtime through their RUNPATH: the same directory, read-only.
runtime=$(readelf -d "$bin/floorwatchd" | sed -n 's/.*RUNPATH.*\[\([^:]*\).*/\1/p')
systemd-nspawn -q -D "$root" --boot --console=passive --register=no --keep-unit --private-network \
    --bind-ro="$runtime" >"$work/console.log" 2>&1 &
nspawn=$!

# The container's PID 1 (systemd), as the host sees it.
container=
for _ in $(seq 100); do
    for child in $(ps -o pid= --ppid "$nspawn" 2>/dev/null); do
        [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ] && container=$child
    done
    [ -n "$container" ] && break
    sleep 0.1
done
[ -n "$container" ] || { echo "systemd-check: the container did not boot"; cat "$work/console.log"; exit 1; }
inside() { nsenter -t "$container" -a "$@"; }
# `is-system-running --wait` waits for the boot, but only once systemd's bus answers: until then
# it fails at once ("Failed to connect to bus") and prints no state, so ask again until it does.
state=
for _ in $(seq 300); do
    state=$(inside systemctl is-system-running --wait 2>/dev/null || true)
    [ -n "$state" ] && break
    sleep 0.2
done
echo "systemd-check: container up ($state) in $(($(date +%s) - started)) s" >&2

failures=0
pass() { echo "PASS  $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
wait_for() { # seconds, command…
    local deadline=$(($(date +%s) + $1)); shift
    until "$@"; do [ "$(date +%s)" -ge "$deadline" ] && return 1; sleep 0.2; done
}
query() { inside curl -sf --max-time 5 --unix-socket /run/floorwatchd.query.sock "http://localhost$1"; }
send_udp() { # python code producing the datagrams to send to 127.0.0.1:7600 inside the container
    inside python3 -c "import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); now=int(time.time()*1000)
$1"
}
main_pid() { inside systemctl show -p MainPID --value floorwatchd.service; }
is_active() { [ "$(inside systemctl is-active floorwatchd.service)" = active ]; }
not() { ! "$@"; }
applied() { query /v1/snapshot | grep -q '"staffed":1'; }
healthy_answer() { query /v1/health | grep -q '"status"'; }
reloaded_in_place() { [ "$(main_pid)" = "$1" ] && inside journalctl -u floorwatchd -o cat | grep -q 'configuration reloaded'; }
drops() { query /metrics | sed -n 's/^floorwatch_udp_receive_drops_total \([0-9]*\).*/\1/p'; }
drops_counted() { [ "$(drops)" -gt 0 ] 2>/dev/null; }
health_says_dropped() { query /v1/health | grep -q 'kernel dropped'; }

inside systemd-sysusers >/dev/null
inside journalctl --update-catalog
inside systemctl daemon-reload
inside systemctl enable --now floorwatchd-ingest.socket floorwatchd-query.socket >/dev/null 2>&1

check "no /bin/kill in the image (ExecReload must not need procps)" inside test ! -e /bin/kill
check "the service is not running before anything arrives" not is_active
send_udp 's.sendto(b"{\"v\":1,\"type\":\"agent.login\",\"time_ms\":%d,\"agent\":\"a1\"}" % now, ("127.0.0.1", 7600))'
check "the first datagram starts the service (socket activation)" wait_for 20 is_active
check "READY=1: the unit is active only once listening" is_active
check "the datagram that started it is applied" wait_for 10 applied
status_text() { inside systemctl show -p StatusText --value floorwatchd.service | grep -q 'events/s'; }
check "STATUS= shows inside systemctl status" wait_for 10 status_text

inside systemctl stop floorwatchd.service
check "the first query starts it again (query socket activation)" healthy_answer

before=$(main_pid)
check "systemctl reload succeeds without procps" inside systemctl reload floorwatchd.service
check "the reload keeps the process and logs what changed" wait_for 5 reloaded_in_place "$before"

# An alert for the on-call engineer: a voice caller waiting 200 s, past the critical 120 s.
send_udp 's.sendto(b"{\"v\":1,\"type\":\"contact.queued\",\"time_ms\":%d,\"contact\":\"c1\",\"queue\":\"billing\",\"channel\":\"voice\"}" % (now - 200000), ("127.0.0.1", 7600))'
alert_explained() { inside journalctl -x -u floorwatchd --no-pager | grep -q 'floorwatch alert firing: a contact has waited too long in queue billing'; }
check "the alert reaches journald with its catalog text (journalctl -x)" wait_for 40 alert_explained

# UDP drops under the unit: the daemon stalls 3 s while 300,000 datagrams arrive.
pid=$(main_pid)
host_pid() { # the host's pid of the container's process $1
    local p
    for p in $(ls /proc | grep -E '^[0-9]+$'); do
        if grep -qE "^NSpid:.*[[:space:]]$1\$" "/proc/$p/status" 2>/dev/null \
            && [ "$(readlink "/proc/$p/ns/pid")" = "$(readlink "/proc/$container/ns/pid")" ]; then
            echo "$p"; return
        fi
    done
}
daemon=$(host_pid "$pid")
kill -STOP "$daemon"
send_udp 'line=b"{\"v\":1,\"type\":\"contact.queued\",\"time_ms\":%d,\"contact\":\"f%%d\",\"queue\":\"flood\",\"channel\":\"chat\"}" % now
for i in range(300000): s.sendto(line % i, ("127.0.0.1", 7600))'
kill -CONT "$daemon"
check "/v1/health says the kernel dropped datagrams" wait_for 10 health_says_dropped
check "the kernel's drops are counted under the unit (/metrics)" wait_for 10 drops_counted
echo "      drops counted: $(drops)"

rb=$(nsenter -t "$container" -n ss -uamn 2>/dev/null | grep -A1 '127.0.0.1:7600' | sed -n 's/.*rb\([0-9]*\).*/\1/p' | head -1)
check "the receive buffer the socket unit asked for is kept (rb=$rb)" test "${rb:-0}" -ge 33554432

# Restart= and the watchdog.
pid=$(main_pid)
kill -KILL "$(host_pid "$pid")"
restarted() { local now; now=$(main_pid); [ "$now" != 0 ] && [ "$now" != "$1" ] && is_active; }
check "kill -9 is restarted (Restart=on-failure)" wait_for 20 restarted "$pid"
pid=$(main_pid)
kill -STOP "$(host_pid "$pid")"
check "a stalled engine is restarted by the watchdog" wait_for 30 restarted "$pid"

score=$(inside systemd-analyze security floorwatchd.service 2>/dev/null | sed -n 's/.*Overall exposure level for floorwatchd.service: \([0-9.]*\).*/\1/p')
check "exposure of the running unit ≤ 1.0 (got $score)" awk -v s="${score:-99}" 'BEGIN { exit !(s <= 1.0) }'
# With the drop-in for outgoing connections (Alertmanager, subscriptions), as operations.md shows.
cp systemd/floorwatchd-subscriber.service.d/outgoing.conf "$root/etc/systemd/system/floorwatchd.service.d/outgoing.conf"
inside systemctl daemon-reload
outgoing=$(inside systemd-analyze security floorwatchd.service 2>/dev/null | sed -n 's/.*Overall exposure level for floorwatchd.service: \([0-9.]*\).*/\1/p')
check "exposure with the outgoing drop-in ≤ 2.0 (got $outgoing)" awk -v s="${outgoing:-99}" 'BEGIN { exit !(s <= 2.0) }'

journal=$(inside journalctl -u floorwatchd --no-pager -o cat)
eperm=$(grep -cE 'errno=1$|errno=1[^0-9]|[Oo]peration not permitted' <<<"$journal" || true)
check "no EPERM from the syscall filter in the journal ($eperm lines)" test "$eperm" = 0
grep -E 'errno=1$|errno=1[^0-9]|[Oo]peration not permitted' <<<"$journal" | head -3 || true
# libdispatch's event manager thread asks for nice -4: LimitNICE= allows it when PID 1 may raise
# RLIMIT_NICE (CAP_SYS_RESOURCE). A machine that is itself a container may not grant that.
eacces=$(grep -c 'errno=13' <<<"$journal" || true)
if (( (0x$(sed -n 's/^CapEff:\s*//p' "/proc/$container/status") >> 24) & 1 )); then
    check "no refused nice value in the journal ($eacces lines)" test "$eacces" = 0
else
    echo "SKIP  no refused nice value: this machine gives the container no CAP_SYS_RESOURCE for LimitNICE= ($eacces lines)"
fi

echo "systemd-check: $failures failed, $(($(date +%s) - started)) s"
[ "$failures" = 0 ]
