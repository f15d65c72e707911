import CSystemd
import Glibc

/// Talks to the service manager through `$NOTIFY_SOCKET` (sd_notify): readiness, status lines,
/// watchdog pings, reloading and stopping. Without `$NOTIFY_SOCKET` every call is a no-op, so the
/// daemon behaves the same when started from a shell.
///
/// Thread-safe: sd_notify opens its own socket per call.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens (`$NOTIFY_SOCKET` is set).
    public var isActive: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// The watchdog interval systemd expects pings within, or nil when the watchdog is off.
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds))
    }

    /// Sends newline-separated `KEY=value` assignments. Returns false when the send failed.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        sd_notify(0, state) >= 0
    }

    @discardableResult public func ready(status: String? = nil) -> Bool {
        notify("READY=1" + (status.map { "\nSTATUS=" + $0 } ?? ""))
    }

    @discardableResult public func status(_ line: String) -> Bool { notify("STATUS=" + line) }

    @discardableResult public func watchdog() -> Bool { notify("WATCHDOG=1") }

    @discardableResult public func reloading() -> Bool {
        // systemd 253+ wants MONOTONIC_USEC with RELOADING=1; 252 ignores it.
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        return notify("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    @discardableResult public func stopping() -> Bool { notify("STOPPING=1") }
}
