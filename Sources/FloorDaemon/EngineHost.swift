import FloorAlerting
import FloorCore
import FloorForecast
import FloorProtocol
import FloorStaffing
import Foundation
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
    /// Bytes and connection state per source: transport facts the daemon keeps, not the engine.
    private let transport: NIOLoopBoundBox<[SourceID: SourceTransport]>
    /// Live streams to wake when a snapshot is published.
    let streamWakeups = StreamWakeups()
    /// When to publish after new events (`PublicationPacer`).
    private let pacer: NIOLoopBoundBox<PublicationPacer>
    let logger: Logger
    /// Advances on every tick of the engine loop: the watchdog pings only while it moves.
    public let ticks = Atomic<UInt64>(0)
    public let eventsApplied = Atomic<Int64>(0)
    /// Last time (monotonic ns) a decode error was logged per source index: one line per 10 s.
    private let lastErrorLog: NIOLoopBoundBox<[UInt16: UInt64]>
    /// What runs after each publish, in order (`EngineStages`): owned by the writer like the
    /// engine; readers get their boards.
    let stages: EngineStages
    /// Each followed file's position (after the last line applied), by path, for checkpoints.
    private let filePositions: NIOLoopBoundBox<[String: () -> DaemonCheckpoint.FilePosition]>
    /// Positions a restored checkpoint holds, taken by each file's tail when it starts.
    private let restoredFilePositions: NIOLoopBoundBox<[String: DaemonCheckpoint.FilePosition]>

    /// Creates the host on its loop (the engine is created there and never leaves it).
    public static func make(
        settings: EngineSettings, rules: [AlertRule] = AlertKinds.defaultRules,
        recommender: RecommenderSettings = RecommenderSettings(), timeZone: TimeZone = .current, loop: any EventLoop,
        logger: Logger
    ) async throws -> EngineHost {
        try await loop.submit {
            EngineHost(
                settings: settings, rules: rules, recommender: recommender, timeZone: timeZone, loop: loop,
                logger: logger)
        }.get()
    }

    private init(
        settings: EngineSettings, rules: [AlertRule], recommender: RecommenderSettings, timeZone: TimeZone,
        loop: any EventLoop, logger: Logger
    ) {
        self.loop = loop
        self.logger = logger
        let engine = FloorEngine(settings: settings)
        // The site's local days, for each scope's and agent's `today` and the forecast's profile.
        let calendar = LocalDays(timeZone: timeZone)
        engine.siteCalendar = calendar
        self.engine = NIOLoopBound(engine, eventLoop: loop)
        lastErrorLog = NIOLoopBoundBox([:], eventLoop: loop)
        filePositions = NIOLoopBoundBox([:], eventLoop: loop)
        restoredFilePositions = NIOLoopBoundBox([:], eventLoop: loop)
        transport = NIOLoopBoundBox([:], eventLoop: loop)
        pacer = NIOLoopBoundBox(PublicationPacer(), eventLoop: loop)
        publisher = SnapshotPublisher(initial: .empty(settings: settings, at: WallClock.now()))
        stages = EngineStages(
            rules: rules, recommender: recommender, calendar: calendar, publisher: publisher, loop: loop,
            logger: logger)
    }

    /// The source for a listener, tail or subscription, registered with the engine (created once;
    /// a reconnecting sender or a rebound listener keeps it). On the loop.
    public func source(named name: String, format: SourceFormat, instance: String? = nil) -> SourceID {
        loop.preconditionInEventLoop()
        return engine.value.registerSource(name: name, format: format, instance: instance)
    }

    /// Events per slice when a read is applied in slices: about 12 KB, so the events just decoded
    /// are still in the first-level cache when they are applied.
    static let applySlice = 128

    /// Decodes a read's lines into `batch`, applying every `applySlice` events as they come (on
    /// the loop, so no hand-off is added); what is left stays in `batch` for `ingest`.
    public func consume(_ bytes: UnsafeRawBufferPointer, with lines: inout LineBatchDecoder, into batch: inout [Event])
    {
        lines.consume(bytes, into: &batch, applyEvery: Self.applySlice) { apply(&$0) }
    }

    /// Applies a batch (all or part of a read) and empties it. On the loop.
    public func apply(_ batch: inout [Event]) {
        loop.preconditionInEventLoop()
        guard !batch.isEmpty else { return }
        eventsApplied.add(Int64(batch.count), ordering: .relaxed)
        engine.value.apply(draining: &batch, wallNow: WallClock.now())
    }

    /// Applies one read's worth of events and counts its errors. On the loop.
    /// `publishing`: false while a backlog is read (a file caught up slice by slice), which the
    /// periodic tick publishes: building a snapshot per slice would only slow the catch-up.
    public func ingest(
        _ batch: inout [Event], errors: [DecodeError.Reason: Int64], lastError: DecodeError?, bytes: Int,
        source: SourceID, publishing: Bool = true
    ) {
        loop.preconditionInEventLoop()
        let engine = self.engine.value
        let applied = !batch.isEmpty
        apply(&batch)
        if applied, publishing { publishSoon() }
        if bytes > 0 { transport.value[source, default: SourceTransport()].bytes += Int64(bytes) }
        guard !errors.isEmpty else { return }
        for (reason, count) in errors {
            if reason.isIgnored {
                engine.recordIgnored(source: source, reason: reason.rawValue, count: count)
            } else {
                engine.recordDecodeError(source: source, reason: reason.rawValue, count: count)
            }
        }
        let now = WallClock.monotonicNanoseconds()
        if let lastError, !lastError.reason.isIgnored, now - (lastErrorLog.value[source.index] ?? 0) > 10_000_000_000 {
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
        transport.value[source, default: SourceTransport()].status = status
        if reconnected { transport.value[source, default: SourceTransport()].reconnects += 1 }
    }

    /// Applies reloaded thresholds and queue metadata; state is kept. On the loop.
    public func updateSettings(_ settings: EngineSettings) {
        loop.preconditionInEventLoop()
        engine.value.updateSettings(settings)
    }

    /// Ticks the engine, publishes a snapshot and runs the stages after it. On the loop.
    public func tick() {
        loop.preconditionInEventLoop()
        let wallNow = WallClock.now()
        let snapshot = publishNow(wallNow: wallNow, maintaining: true)
        stages.run(after: snapshot, wallNow: wallNow)
        ticks.add(1, ordering: .releasing)
    }

    /// Publishes what a read changed once the loop's reads in hand are applied, paced
    /// (`PublicationPacer`): the query API sees an event within a millisecond, not at the next
    /// tick. On the loop.
    private func publishSoon() {
        guard let delay = pacer.value.changed(at: WallClock.monotonicNanoseconds()) else { return }
        // What events changed goes to the live streams too (the periodic tick's snapshot reaches
        // them at their interval, so it does not spend their one push per interval).
        let publish: @Sendable () -> Void = { [self] in
            _ = publishNow(wallNow: WallClock.now(), maintaining: false)
            streamWakeups.published()
        }
        if delay == 0 {
            loop.execute(publish)
        } else {
            loop.scheduleTask(in: .nanoseconds(Int64(delay)), publish)
        }
    }

    /// Builds and publishes a snapshot. On the loop.
    /// `maintaining`: whether the engine also reaps and forgets (the periodic tick only).
    private func publishNow(wallNow: EventTime, maintaining: Bool) -> FloorSnapshot {
        let start = WallClock.threadCPUNanoseconds()
        let snapshot = engine.value.makeSnapshot(
            wallNow: wallNow, transport: transport.value, maintaining: maintaining)
        publisher.publish(snapshot)
        pacer.value.published(at: WallClock.monotonicNanoseconds(), cost: WallClock.threadCPUNanoseconds() &- start)
        return snapshot
    }

    // MARK: Checkpoints

    /// Registers a followed file's position for checkpoints; returns the position a restored
    /// checkpoint saved for it (resume there: its lines up to it are in the restored state). On the loop.
    func followFile(
        _ path: String, position: @escaping () -> DaemonCheckpoint.FilePosition
    ) -> DaemonCheckpoint.FilePosition? {
        loop.preconditionInEventLoop()
        filePositions.value[path] = position
        return restoredFilePositions.value.removeValue(forKey: path)
    }

    /// A tail stopped: its position no longer moves and outlives it (the last checkpoint is
    /// taken after every input has stopped). On the loop.
    func fileStopped(_ path: String, at position: DaemonCheckpoint.FilePosition) {
        loop.preconditionInEventLoop()
        filePositions.value[path] = { position }
    }

    /// Takes the whole state at once (engine, file positions, and the stages': alerts,
    /// recommendations, the Alertmanager firing set, the forecast's profiles): copies only, to be
    /// encoded and written off the loop. On the loop.
    func captureCheckpoint(reusing storage: consuming EngineCheckpoint.Storage = .init()) -> DaemonCheckpoint {
        loop.preconditionInEventLoop()
        let stagesState = stages.capture()
        return DaemonCheckpoint(
            takenAt: WallClock.now(), engine: engine.value.checkpoint(reusing: storage),
            files: filePositions.value.mapValues { $0() }, alerts: stagesState.alerts,
            recommendations: stagesState.recommendations, alertmanagerFiring: stagesState.alertmanagerFiring,
            forecastProfiles: stagesState.forecastProfiles)
    }

    /// Restores a checkpoint into the fresh engine, before any source registers. On the loop.
    func restore(_ checkpoint: DaemonCheckpoint) throws(FloorEngine.RestoreError) {
        loop.preconditionInEventLoop()
        try engine.value.restore(checkpoint.engine)
        let now = checkpoint.engine.now ?? checkpoint.takenAt
        stages.restore(
            alerts: checkpoint.alerts, recommendations: checkpoint.recommendations,
            forecastProfiles: checkpoint.forecastProfiles, at: now)
        restoredFilePositions.value = checkpoint.files
        publisher.publish(engine.value.makeSnapshot(wallNow: WallClock.now(), transport: transport.value))
    }

    /// Starts ticking every `interval` on the loop.
    @discardableResult
    public func startTicking(every interval: Duration) -> RepeatedTask {
        let nanoseconds =
            Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        return loop.scheduleRepeatedTask(initialDelay: .zero, delay: .nanoseconds(nanoseconds)) { [self] _ in tick() }
    }
}
