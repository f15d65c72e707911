import Dispatch
import Logging
import Synchronization

/// Hands every log line to a thread of its own, in order, so logging never holds the engine loop:
/// journald (`sd_journal_sendv`) and a journal stream on stderr both block while journald is
/// behind. At most `capacity` lines wait; beyond that they are dropped, and how many is written
/// once the queue drains. `flush()` waits for the lines queued so far (before the process exits).
///
/// Thread-safe: `log` may be called from any thread; one serial queue writes.
public struct QueuedLogHandler: LogHandler {
    public static let capacity = 10_000
    private static let queue = DispatchQueue(label: "floorwatchd.log")
    private static let pending = Atomic<Int>(0)
    private static let dropped = Atomic<Int>(0)

    private var inner: any LogHandler

    public init(wrapping inner: any LogHandler) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        guard Self.pending.add(1, ordering: .relaxed).newValue <= Self.capacity else {
            Self.pending.subtract(1, ordering: .relaxed)
            Self.dropped.add(1, ordering: .relaxed)
            return
        }
        let inner = self.inner
        Self.queue.async {
            defer { Self.pending.subtract(1, ordering: .relaxed) }
            let lost = Self.dropped.exchange(0, ordering: .relaxed)
            if lost > 0 {
                var notice = event
                notice.level = .error
                notice.message = "logging could not keep up: \(lost) log lines were dropped"
                notice.metadata = ["capacity": "\(Self.capacity)"]
                inner.log(event: notice)
            }
            inner.log(event: event)
        }
    }

    /// Waits until every line queued so far is written.
    public static func flush() { queue.sync {} }
}
