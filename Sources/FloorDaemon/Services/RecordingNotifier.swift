import Synchronization

/// A service manager that only listens: the states the daemon sent, in order, for tests that
/// run the daemon's services in process (as swift-nio's EmbeddedChannel stands in for a socket).
///
/// Thread-safe.
final class RecordingNotifier: ServiceManagerNotifier {
    let watchdogInterval: Duration?
    private let sent = Mutex<[String]>([])

    init(watchdogInterval: Duration? = nil) { self.watchdogInterval = watchdogInterval }

    /// Every state sent, as `sd_notify` would have received it (`READY=1`, `STATUS=…`).
    var states: [String] { sent.withLock { $0 } }

    private func record(_ state: String) -> Bool {
        sent.withLock { $0.append(state) }
        return true
    }

    func ready(status: String?) -> Bool { record("READY=1" + (status.map { "\nSTATUS=" + $0 } ?? "")) }
    func status(_ line: String) -> Bool { record("STATUS=" + line) }
    func watchdog() -> Bool { record("WATCHDOG=1") }
    func reloading() -> Bool { record("RELOADING=1") }
    func stopping() -> Bool { record("STOPPING=1") }
}
