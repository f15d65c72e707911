import FloorCore
import FloorProtocol
import Logging
import NIOCore
import Synchronization

/// Owns the engine on one event loop, the single writer. Ingest handlers run on the same loop, so
/// a socket read is decoded and applied without any cross-thread hand-off; readers (the query
/// server, on its own loop) only load the published snapshot.
///
/// Thread-safe: every engine access is asserted to be on `loop`; `publisher`, `ticks` and the
/// counters are atomics.
public final class EngineHost: Sendable {
    public let loop: any EventLoop
    public let publisher: SnapshotPublisher
    private let engine: NIOLoopBound<FloorEngine>
    private let sourceNames: NIOLoopBoundBox<[String: SourceID]>
    private let logger: Logger
    /// Advances on every tick of the engine loop: the watchdog pings only while it moves.
    public let ticks = Atomic<UInt64>(0)
    public let eventsApplied = Atomic<Int64>(0)
    /// Last time (monotonic ns) a decode error was logged per source index: one line per 10 s.
    private let lastErrorLog: NIOLoopBoundBox<[UInt16: UInt64]>

    /// Creates the host on its loop (the engine is created there and never leaves it).
    public static func make(settings: EngineSettings, loop: any EventLoop, logger: Logger) async throws -> EngineHost {
        try await loop.submit { EngineHost(settings: settings, loop: loop, logger: logger) }.get()
    }

    private init(settings: EngineSettings, loop: any EventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
        let engine = FloorEngine(settings: settings)
        self.engine = NIOLoopBound(engine, eventLoop: loop)
        sourceNames = NIOLoopBoundBox([:], eventLoop: loop)
        lastErrorLog = NIOLoopBoundBox([:], eventLoop: loop)
        publisher = SnapshotPublisher(initial: .empty(settings: settings, at: WallClock.now()))
    }

    /// The source for a listener (created once; a reconnecting sender keeps it). On the loop.
    public func source(named name: String, format: String) -> SourceID {
        loop.preconditionInEventLoop()
        if let existing = sourceNames.value[name] { return existing }
        let id = SourceID(UInt16(sourceNames.value.count))
        sourceNames.value[name] = id
        engine.value.registerSource(id, name: name, format: format)
        return id
    }

    /// Applies one read's worth of events and counts its errors. On the loop.
    public func ingest(
        _ batch: inout [Event], errors: [DecodeError.Reason: Int64], lastError: DecodeError?, bytes: Int,
        source: SourceID
    ) {
        loop.preconditionInEventLoop()
        let engine = self.engine.value
        if !batch.isEmpty {
            engine.apply(batch[...], wallNow: WallClock.now())
            eventsApplied.add(Int64(batch.count), ordering: .relaxed)
            batch.removeAll(keepingCapacity: true)
        }
        if bytes > 0 { engine.recordBytes(source: source, count: Int64(bytes)) }
        guard !errors.isEmpty else { return }
        for (reason, count) in errors {
            engine.recordDecodeError(source: source, reason: reason.rawValue, count: count)
        }
        let now = WallClock.monotonicNanoseconds()
        if let lastError, now - (lastErrorLog.value[source.index] ?? 0) > 10_000_000_000 {
            lastErrorLog.value[source.index] = now
            logger.warning(
                "rejected input",
                metadata: [
                    "source": "\(source.index)", "reason": "\(lastError.reason.rawValue)", "detail": "\(lastError)",
                ])
        }
    }

    /// Records a subscription's connection state. On the loop.
    public func connectionStatus(source: SourceID, status: String, reconnected: Bool) {
        loop.preconditionInEventLoop()
        engine.value.recordConnectionStatus(source: source, status: status, reconnected: reconnected)
    }

    /// Applies reloaded thresholds and queue metadata; state is kept. On the loop.
    public func updateSettings(_ settings: EngineSettings) {
        loop.preconditionInEventLoop()
        engine.value.updateSettings(settings)
    }

    /// Ticks the engine and publishes a snapshot. On the loop.
    public func tick() {
        loop.preconditionInEventLoop()
        let snapshot = engine.value.makeSnapshot(wallNow: WallClock.now())
        publisher.publish(snapshot)
        ticks.add(1, ordering: .releasing)
    }

    /// Starts ticking every `interval` on the loop.
    @discardableResult
    public func startTicking(every interval: Duration) -> RepeatedTask {
        let nanoseconds =
            Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        return loop.scheduleRepeatedTask(initialDelay: .zero, delay: .nanoseconds(nanoseconds)) { [self] _ in tick() }
    }
}
