import FloorAlerting
import Synchronization

/// A sink that keeps what it is given, for tests and for embedders that read alerts in process
/// (as swift-nio's EmbeddedChannel stands in for a socket).
///
/// Thread-safe: a mutex around the list; `deliver` is called on the engine loop, never on the
/// ingest or read path.
public final class InMemoryAlertSink: AlertSink {
    private let delivered = Mutex<[AlertNotification]>([])

    public init() {}

    public func deliver(_ notifications: [AlertNotification], board: AlertBoard) {
        delivered.withLock { $0 += notifications }
    }

    /// Every notification so far, oldest first.
    public var notifications: [AlertNotification] { delivered.withLock { $0 } }
}
