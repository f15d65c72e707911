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
    /// What runs after each publish, in order: the forecast, alert evaluation, then the
    /// recommender. Each is
    /// owned by the writer like the engine; readers get their boards.
    private let alerting: NIOLoopBound<AlertingStage>
    private let recommending: NIOLoopBound<RecommendationStage>
    private let forecasting: NIOLoopBound<ForecastStage>
    private let stages: NIOLoopBound<[any EngineStage]>
    /// The forecast as of the last completed minute (`/v1/forecast`).
    public let forecast: ForecastPublisher
    public let alertBoard: AlertBoardPublisher
    public let recommendations: RecommendationPublisher
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
        let forecasting = ForecastStage(calendar: calendar)
        let alerting = AlertingStage(rules: rules, logger: logger)
        let recommending = RecommendationStage(settings: recommender)
        let forecast = forecasting.board
        alerting.context.predictedBreachMinutes = { forecast.current.predictedBreachMinutes }
        alerting.context.forecastTime = { forecast.current.generatedAt }
        recommending.outlook = { forecast.current.outlook }
        self.forecast = forecast
        alertBoard = alerting.board
        recommendations = recommending.board
        self.forecasting = NIOLoopBound(forecasting, eventLoop: loop)
        self.alerting = NIOLoopBound(alerting, eventLoop: loop)
        self.recommending = NIOLoopBound(recommending, eventLoop: loop)
        stages = NIOLoopBound([forecasting, alerting, recommending], eventLoop: loop)
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
        for stage in stages.value { stage.run(after: snapshot, wallNow: wallNow) }
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

    /// Where recommendation changes are written (journald), set once at start. On the loop.
    func configureRecommendations(journal: RecommendationJournal) {
        loop.preconditionInEventLoop()
        recommending.value.journal = journal
    }

    /// Replaces the recommender's settings (reload). On the loop.
    public func updateRecommenderSettings(_ settings: RecommenderSettings) {
        loop.preconditionInEventLoop()
        recommending.value.updateSettings(settings)
    }

    /// Accepts or dismisses a recommendation and republishes the board. On the loop.
    public func decideRecommendation(
        id: Int64, accept: Bool, by who: String, note: String?
    ) -> CapacityRecommender.DecisionResult {
        loop.preconditionInEventLoop()
        return recommending.value.decide(
            id: id, accept: accept, by: who, note: note, at: publisher.current.generatedAt)
    }

    /// Installs the alert sinks and the daemon's inputs to alert evaluation. On the loop.
    public func configureAlerts(_ configure: (inout AlertContext) -> Void) {
        loop.preconditionInEventLoop()
        configure(&alerting.value.context)
    }

    /// Replaces the alert rules (reload). On the loop.
    public func updateAlertRules(_ rules: [AlertRule]) {
        loop.preconditionInEventLoop()
        alerting.value.replaceRules(rules)
    }

    /// Acknowledges a firing alert and republishes the board. On the loop.
    public func acknowledgeAlert(id: Int64, by who: String, reason: String) -> AlertEvaluator.AcknowledgeResult {
        loop.preconditionInEventLoop()
        return alerting.value.acknowledge(id: id, by: who, reason: reason, at: publisher.current.generatedAt)
    }

    /// Adds a silence (nil when it matches nothing or has already ended). On the loop.
    public func addSilence(
        rule: String?, channel: FloorCore.Channel?, queue: String?, endsAt: EventTime, by who: String, comment: String
    ) -> AlertSilence? {
        loop.preconditionInEventLoop()
        return alerting.value.addSilence(
            rule: rule, channel: channel, queue: queue, endsAt: endsAt, by: who, comment: comment,
            at: publisher.current.generatedAt)
    }

    /// Removes a silence. On the loop.
    public func removeSilence(id: Int64) -> Bool {
        loop.preconditionInEventLoop()
        return alerting.value.removeSilence(id: id, at: publisher.current.generatedAt)
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

    /// Takes the whole state at once (engine, file positions, alerts, recommendations, the
    /// Alertmanager firing set): copies only, to be encoded and written off the loop. On the loop.
    func captureCheckpoint() -> DaemonCheckpoint {
        loop.preconditionInEventLoop()
        let alertmanager = alerting.value.context.sinks.lazy.compactMap { $0 as? AlertmanagerSink }.first
        return DaemonCheckpoint(
            takenAt: WallClock.now(), engine: engine.value.checkpoint(),
            files: filePositions.value.mapValues { $0() }, alerts: alerting.value.state,
            recommendations: recommending.value.state, alertmanagerFiring: alertmanager?.firingState ?? [:],
            forecastProfiles: forecasting.value.profiles)
    }

    /// Restores a checkpoint into the fresh engine, before any source registers. On the loop.
    func restore(_ checkpoint: DaemonCheckpoint) throws(FloorEngine.RestoreError) {
        loop.preconditionInEventLoop()
        try engine.value.restore(checkpoint.engine)
        let now = checkpoint.engine.now ?? checkpoint.takenAt
        alerting.value.restore(checkpoint.alerts, at: now)
        recommending.value.restore(checkpoint.recommendations, at: now)
        forecasting.value.restore(profiles: checkpoint.forecastProfiles)
        restoredFilePositions.value = checkpoint.files
        publisher.publish(engine.value.makeSnapshot(wallNow: WallClock.now(), transport: transport.value))
    }

    /// Gives the Alertmanager sink the firing set it had before the restart. On the loop.
    func restoreAlertmanager(_ firing: [String: String]) {
        loop.preconditionInEventLoop()
        for case let sink as AlertmanagerSink in alerting.value.context.sinks { sink.firingState = firing }
    }

    /// Starts ticking every `interval` on the loop.
    @discardableResult
    public func startTicking(every interval: Duration) -> RepeatedTask {
        let nanoseconds =
            Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
        return loop.scheduleRepeatedTask(initialDelay: .zero, delay: .nanoseconds(nanoseconds)) { [self] _ in tick() }
    }
}
