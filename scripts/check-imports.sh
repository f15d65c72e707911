#!/usr/bin/env bash
# Keeps ARCHITECTURE.md's import table true: SwiftPM lets a target import any module built
# elsewhere in the graph, so each target's `import` lines are checked against an allow-list here.
# Usage: scripts/check-imports.sh   (exit 1 and a list of offending lines on a violation)
set -euo pipefail
cd "$(dirname "$0")/.."

allowed_for() {
    case "$1" in
    FloorCore) echo "Synchronization Atomics DequeModule Collections Histogram" ;;
    FloorStaffing) echo "FloorCore RealModule Atomics" ;;
    FloorForecast) echo "FloorCore FloorStaffing RealModule Atomics" ;;
    FloorProtocol) echo "FloorCore" ;;
    FloorQueryAPI) echo "FloorCore FloorProtocol FloorAlerting FloorStaffing FloorForecast" ;;
    FloorAlerting) echo "FloorCore Atomics" ;;
    FloorSimulation) echo "FloorCore RealModule" ;;
    FloorDashboard) echo "FloorCore FloorProtocol FloorAlerting FloorQueryAPI FloorStaffing FloorForecast" ;;
    SystemdSupport) echo "CSystemd Logging Glibc" ;;
    FloorDaemon) echo "*" ;;
    CSystemd) echo "*" ;;
    floorwatchd) echo "FloorDaemon FloorCore FloorProtocol ArgumentParser Logging SystemdSupport ServiceLifecycle UnixSignals Foundation Glibc" ;;
    floorwatch) echo "FloorCore FloorProtocol FloorQueryAPI FloorAlerting FloorForecast FloorDashboard FloorSimulation FloorStaffing FloorDaemon ArgumentParser NIOCore NIOPosix NIOHTTP1 Foundation Glibc Synchronization" ;;
    *) echo "" ;;
    esac
}

status=0
for dir in Sources/*/; do
    target=$(basename "$dir")
    allowed=$(allowed_for "$target")
    if [ -z "$allowed" ]; then
        echo "check-imports: $target has no entry in the allow-list (add it with ARCHITECTURE.md's rule)" >&2
        status=1
        continue
    fi
    [ "$allowed" = "*" ] && continue
    while IFS= read -r line; do
        file=${line%%:*}
        module=$(sed -E 's/^[0-9]+://; s/^[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*(public |internal |package |private |fileprivate )?import[[:space:]]+(class |struct |enum |protocol |func |var |let |typealias )?([A-Za-z0-9_]+).*/\5/' <<<"${line#*:}")
        if ! grep -qw -- "$module" <<<"$allowed"; then
            echo "check-imports: $file imports $module, not allowed in $target (allowed: $allowed)" >&2
            status=1
        fi
    done < <(grep -rnE '^[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]' "$dir" --include='*.swift' | sed -E 's/^([^:]+):[0-9]+:/\1:/' || true)
done
# Pure modules take time as a parameter: no clocks, randomness or I/O.
for pure in FloorCore FloorStaffing FloorForecast FloorProtocol FloorAlerting FloorQueryAPI FloorSimulation FloorDashboard; do
    [ -d "Sources/$pure" ] || continue
    if grep -rnE 'Date\(\)|ContinuousClock|SuspendingClock|DispatchQueue|\.random\(|SystemRandomNumberGenerator|FileManager|fopen|print\(' "Sources/$pure" --include='*.swift'; then
        echo "check-imports: $pure must stay pure (no clock, randomness, I/O or printing)" >&2
        status=1
    fi
done
[ $status -eq 0 ] && echo "check-imports: every target's imports match the allow-list"
exit $status
