import SystemdSupport

/// What the daemon tells its service manager: READY, STATUS, WATCHDOG, RELOADING, STOPPING.
/// systemd's `sd_notify` in production (`SystemdNotifier`), a `RecordingNotifier` in tests.
///
/// Implementations are thread-safe.
protocol ServiceManagerNotifier: Sendable {
    /// Half of this is how often the watchdog wants a ping; nil without a watchdog.
    var watchdogInterval: Duration? { get }
    @discardableResult func ready(status: String?) -> Bool
    @discardableResult func status(_ line: String) -> Bool
    @discardableResult func watchdog() -> Bool
    @discardableResult func reloading() -> Bool
    @discardableResult func stopping() -> Bool
}

extension SystemdNotifier: ServiceManagerNotifier {}
