import Dispatch
import Logging
import Synchronization
import SystemdSupport

/// Writes structured journald entries (alerts, recommendations) on a thread of its own, so a
/// slow or stalled journald never holds the engine loop: `sd_journal_sendv` blocks while the
/// journal's socket buffer is full. At most `capacity` entries wait; beyond that they are
/// dropped, counted, and the count is logged when the outbox drains.
///
/// Thread-safe: `post` may be called from any thread (the engine loop); one serial queue writes.
final class JournalOutbox: Sendable {
    static let capacity = 10_000

    private let queue = DispatchQueue(label: "floorwatchd.journal")
    private let writer = JournalWriter()
    private let mode: JournalMode
    private let logger: Logger
    private let pending = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)

    init(mode: JournalMode, logger: Logger) {
        self.mode = mode
        self.logger = logger
    }

    /// Queues entries (each a list of fields in order); returns at once.
    func post(_ entries: [[(String, String)]], what: String) {
        guard mode != .off, !entries.isEmpty else { return }
        guard pending.add(entries.count, ordering: .relaxed).newValue <= Self.capacity else {
            pending.subtract(entries.count, ordering: .relaxed)
            dropped.add(entries.count, ordering: .relaxed)
            return
        }
        let sendable = entries.map { $0.map { JournalField(name: $0.0, value: $0.1) } }
        queue.async { [self] in
            defer { pending.subtract(sendable.count, ordering: .relaxed) }
            // automatic mode probes journald's socket here, off the engine loop too.
            guard mode.writesNow() else { return }
            for entry in sendable {
                do {
                    try writer.send(entry.map { ($0.name, $0.value) })
                } catch {
                    logger.error("journald refused \(what) entry", metadata: ["error": "\(error)"])
                }
            }
            let lost = dropped.exchange(0, ordering: .relaxed)
            if lost > 0 {
                logger.error(
                    "journald could not keep up: \(lost) structured entries were dropped",
                    metadata: ["capacity": "\(Self.capacity)"])
            }
        }
    }

    /// Waits until everything posted so far is written (tests, shutdown).
    func flush() { queue.sync {} }
}

/// One journald field, Sendable across the hop to the writer's thread.
private struct JournalField: Sendable {
    var name: String
    var value: String
}
