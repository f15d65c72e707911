import FloorAlerting
import FloorCore
import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import SystemdSupport
import UnixSignals

/// floorwatchd as one swift-service-lifecycle `Service`: binds (or adopts) every socket, tells
/// systemd it is ready only then, reports status, pings the watchdog while the engine loop
/// advances, and on SIGTERM says STOPPING and closes everything.
public struct FloorDaemonService: Service {
    let configuration: DaemonConfiguration
    let logger: Logger
    let notifier = SystemdNotifier()
    /// Reads the configuration again on SIGHUP; nil disables reload.
    let reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)?

    public init(
        configuration: DaemonConfiguration, logger: Logger,
        reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.reloadConfiguration = reloadConfiguration
    }

    public func run() async throws {
        let engineGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let queryGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var channels: [any NIOCore.Channel] = []
        var managed: ConfiguredListeners?
        var subscriptions: [SubscriptionClient] = []
        var tails: [FileTailSource] = []
        var journalOutbox: JournalOutbox?
        var checkpointing: CheckpointTimer?
        let checkpoints = CheckpointStore(directory: configuration.stateDirectory, logger: logger)
        var hostForStop: EngineHost?
        do {
            try makeDirectory(configuration.stateDirectory)
            let (host, restored) = try await makeHost(loop: engineGroup.next(), checkpoints: checkpoints)
            hostForStop = host
            let degraded = EngineProgress()
            let timeZone = configuration.timeZone.flatMap { TimeZone(identifier: $0) } ?? .current
            journalOutbox = try await configureAlerts(host: host, degraded: degraded, timeZone: timeZone)
            if let restored {
                try await host.loop.submit { host.restoreAlertmanager(restored.alertmanagerFiring) }.get()
            }
            let activated = SocketActivation.takeSockets()
            let binder = ListenerBinder(configuration: configuration, host: host, logger: logger)
            var configured: [ListenerSpec: any NIOCore.Channel] = [:]
            let ingestChannels = try await binder.bindIngest(activated: activated, configured: &configured)
            channels += ingestChannels
            // Socket-activated listeners belong to systemd: reload leaves them alone.
            let listeners = ConfiguredListeners(configured, managed: !activated.contains { $0.kind != .unixStream })
            managed = listeners
            for spec in configuration.tails {
                let source = try await host.loop.submit {
                    host.source(named: spec.description, format: spec.format, instance: spec.instance)
                }.get()
                let tail = FileTailSource(
                    path: spec.path, format: spec.format, host: host, source: source,
                    stateDirectory: configuration.stateDirectory, maximumLineBytes: configuration.maximumLineBytes,
                    timeZone: TimeZone.sourceZone(spec.timeZone, site: configuration.timeZone),
                    checkpointed: configuration.checkpointInterval != nil, logger: logger)
                tail.start()
                tails.append(tail)
            }
            for spec in configuration.subscriptions {
                let source = try await host.loop.submit {
                    host.source(named: spec.description, format: spec.format, instance: spec.instance)
                }.get()
                let client = SubscriptionClient(
                    spec: spec, host: host, source: source, maximumLineBytes: configuration.maximumLineBytes,
                    timeZone: TimeZone.sourceZone(spec.timeZone, site: configuration.timeZone), logger: logger)
                client.start()
                subscriptions.append(client)
            }
            let queryConnections = ConnectionCounter(maximum: configuration.maximumQueryConnections)
            let responder = QueryResponder(
                metrics: PrometheusExposition(
                    daemon: .init(
                        eventsApplied: { host.eventsApplied.load(ordering: .relaxed) },
                        udpDrops: {
                            degraded.udpDrops.load(ordering: .relaxed) >= 0
                                ? degraded.udpDrops.load(ordering: .relaxed) : nil
                        })), timeZone: timeZone)
            let health: @Sendable () -> QueryResponder.Health = { degraded.reasons() }
            channels += try await binder.bindQuery(
                activated: activated, group: queryGroup, responder: responder, publisher: host.publisher,
                health: health,
                connections: queryConnections)
            let ticking = host.startTicking(every: configuration.tickInterval)
            if let interval = configuration.checkpointInterval {
                let timer = CheckpointTimer(host: host, store: checkpoints, interval: interval)
                timer.start()
                checkpointing = timer
            }
            let addresses = (channels + configured.values).compactMap { $0.localAddress?.description }
            notifier.ready(status: "listening on \(addresses.count) sockets")
            logger.notice("floorwatchd ready", metadata: ["listening": "\(addresses.joined(separator: ", "))"])

            // Runs until SIGTERM/SIGINT: the reporting loop is cancelled at once, not after its sleep.
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        await reportWhileRunning(
                            host: host, degraded: degraded,
                            ingest: { ingestChannels + (await listeners.all()) })
                    }
                    // Cancel the reporting loop as soon as shutdown starts, not after its sleep.
                    group.addTask { try? await gracefulShutdown() }
                    group.addTask {
                        for await _ in await UnixSignalsSequence(trapping: .sighup) {
                            await reload(host: host, binder: binder, listeners: listeners)
                        }
                    }
                    _ = await group.next()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                notifier.stopping()
            }
            ticking.cancel()
        } catch {
            logger.critical("floorwatchd cannot start: \(error)")
            await close(channels + (await managed?.all() ?? []), engineGroup, queryGroup)
            throw error
        }
        notifier.stopping()
        logger.notice("floorwatchd stopping")
        for subscription in subscriptions { await subscription.stop() }
        for tail in tails { await tail.stop() }
        // Every input is closed before the last checkpoint, so what was accepted is in it.
        await close(channels + (await managed?.all() ?? []))
        await checkpointing?.stop()
        if configuration.checkpointInterval != nil, let host = hostForStop {
            await saveFinalCheckpoint(host: host, checkpoints: checkpoints)
        }
        await close([], engineGroup, queryGroup)
        journalOutbox?.flush()
    }

    /// The engine host, with the state of the last checkpoint when one is recent and readable.
    /// A checkpoint the engine cannot take back (another window configuration) is logged and the
    /// daemon starts fresh on a new host.
    private func makeHost(
        loop: any EventLoop, checkpoints: CheckpointStore
    ) async throws -> (EngineHost, DaemonCheckpoint?) {
        func fresh() async throws -> EngineHost {
            try await EngineHost.make(
                settings: configuration.engine, rules: configuration.alertRules,
                recommender: configuration.recommender,
                timeZone: configuration.timeZone.flatMap { TimeZone(identifier: $0) } ?? .current, loop: loop,
                logger: logger)
        }
        let host = try await fresh()
        guard configuration.checkpointInterval != nil,
            let checkpoint = checkpoints.load(maximumAge: configuration.checkpointMaximumAge, now: WallClock.now())
        else { return (host, nil) }
        let started = WallClock.monotonicNanoseconds()
        do {
            try await host.loop.submit { try host.restore(checkpoint) }.get()
        } catch {
            logger.error(
                "checkpoint cannot be restored, starting fresh",
                metadata: ["path": "\(checkpoints.path)", "reason": "\(error)"])
            return (try await fresh(), nil)
        }
        logger.notice(
            "state restored from checkpoint",
            metadata: [
                "path": "\(checkpoints.path)", "age_ms": "\(WallClock.now() - checkpoint.takenAt)",
                "open_contacts": "\(checkpoint.engine.openContacts)", "agents": "\(checkpoint.engine.knownAgents)",
                "restore_ms": "\((WallClock.monotonicNanoseconds() - started) / 1_000_000)",
            ])
        return (host, checkpoint)
    }

    /// At stop, after the sources stopped: the last state, written before the process exits.
    private func saveFinalCheckpoint(host: EngineHost, checkpoints: CheckpointStore) async {
        guard let final = try? await host.loop.submit({ host.captureCheckpoint() }).get() else { return }
        checkpoints.writeNow(final)
        let statistics = checkpoints.statistics.withLock { $0 }
        logger.notice(
            "state saved",
            metadata: [
                "path": "\(checkpoints.path)", "bytes": "\(statistics.lastBytes)",
                "open_contacts": "\(final.engine.openContacts)",
                "write_ms": "\((statistics.lastEncodeNanoseconds + statistics.lastWriteNanoseconds) / 1_000_000)",
            ])
    }

    /// SIGHUP: RELOADING=1, read the configuration again, apply thresholds, queue metadata and
    /// changed listeners, log what changed, READY=1. State is kept; a bad file changes nothing.
    private func reload(host: EngineHost, binder: ListenerBinder, listeners: ConfiguredListeners) async {
        guard let read = self.reloadConfiguration else {
            logger.notice("SIGHUP ignored: the daemon was started without a configuration to reload")
            return
        }
        notifier.reloading()
        defer { notifier.ready(status: "configuration reloaded") }
        let fresh: DaemonConfiguration
        do {
            fresh = try read()
        } catch {
            logger.error("reload failed, keeping the running configuration: \(error)")
            return
        }
        var changes: [String] = []
        let current = await listeners.specs()
        let wanted = Set(fresh.listeners)
        if listeners.managed {
            for spec in current.subtracting(wanted) {
                await listeners.remove(spec)
                changes.append("closed listener \(spec)")
            }
            for spec in wanted.subtracting(current) {
                do {
                    await listeners.add(spec, try await binder.bind(spec))
                    changes.append("opened listener \(spec)")
                } catch {
                    logger.error("reload could not open listener \(spec): \(error)")
                }
            }
        }
        let engine = fresh.engine
        let rules = fresh.alertRules
        let recommender = fresh.recommender
        do {
            try await host.loop.submit {
                host.updateSettings(engine)
                host.updateAlertRules(rules)
                host.updateRecommenderSettings(recommender)
            }.get()
        } catch {
            logger.error("reload could not update the engine: \(error)")
        }
        changes += SettingsChanges.describe(from: configuration.engine, to: engine)
        if configuration.alertRules != rules { changes.append("alert rules changed") }
        logger.notice(
            "configuration reloaded",
            metadata: ["changes": "\(changes.isEmpty ? "none" : changes.joined(separator: "; "))"])
    }

    /// STATUS every few seconds; WATCHDOG only while the engine loop keeps ticking.
    private func reportWhileRunning(
        host: EngineHost, degraded: EngineProgress, ingest: @Sendable () async -> [any NIOCore.Channel]
    ) async {
        let watchdog = notifier.watchdogInterval
        let period: Duration = min(.seconds(2), watchdog.map { $0 / 2 } ?? .seconds(2))
        var lastTicks = host.ticks.load(ordering: .acquiring)
        var lastEvents = host.eventsApplied.load(ordering: .relaxed)
        var lastStatus = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: period)
            let ticks = host.ticks.load(ordering: .acquiring)
            let advancing = ticks != lastTicks
            lastTicks = ticks
            degraded.stalled.store(advancing ? 0 : 1, ordering: .relaxed)
            // Kernel drops of the UDP sockets, read each period (the scrape and health read the atomic).
            UDPDrops.sample(await ingest()) { drops in
                let before = degraded.udpDrops.exchange(drops, ordering: .relaxed)
                // A listener closed by a reload takes its count with it: never a negative rate.
                degraded.recentUDPDrops.store(before >= 0 ? max(0, drops - before) : 0, ordering: .relaxed)
            }
            if advancing, watchdog != nil { notifier.watchdog() }
            let elapsed = ContinuousClock.now - lastStatus
            if elapsed >= .seconds(2) {
                let events = host.eventsApplied.load(ordering: .relaxed)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let snapshot = host.publisher.current
                notifier.status(
                    "\(Int(Double(events - lastEvents) / seconds)) events/s, \(snapshot.openContacts) open contacts, "
                        + "\(snapshot.overall.agents.staffed) agents staffed, "
                        + "\(host.alertBoard.current.firing.count) alerts firing")
                lastEvents = events
                lastStatus = ContinuousClock.now
            }
        }
    }

    /// Alert sinks (journald, Alertmanager) and the daemon's inputs to alert evaluation.
    /// Returns the journald outbox, flushed at shutdown so no alert posted before SIGTERM is lost.
    private func configureAlerts(
        host: EngineHost, degraded: EngineProgress, timeZone: TimeZone
    ) async throws -> JournalOutbox {
        let outbox = JournalOutbox(mode: configuration.alertJournal, logger: logger)
        var sinks: [any AlertSink] = [JournalAlertSink(outbox: outbox)]
        if let endpoint = configuration.alertmanager {
            sinks.append(
                AlertmanagerSink(
                    endpoint: endpoint, resendInterval: configuration.alertmanagerResend, loop: host.loop,
                    logger: logger))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let localTime: @Sendable (EventTime) -> LocalTime? = { [calendar] time in
            let date = Date(timeIntervalSince1970: time.seconds)
            let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
            guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return nil }
            // Calendar counts Sunday as 1; rules count Monday as 1.
            return LocalTime(weekday: (weekday + 5) % 7 + 1, minuteOfDay: hour * 60 + minute)
        }
        let udpDrops: @Sendable () -> Int64? = {
            let drops = degraded.udpDrops.load(ordering: .relaxed)
            return drops >= 0 ? drops : nil
        }
        let allSinks = sinks
        let recommendationJournal = RecommendationJournal(outbox: outbox, logger: logger)
        try await host.loop.submit {
            host.configureRecommendations(journal: recommendationJournal)
            host.configureAlerts {
                $0.sinks = allSinks
                $0.localTime = localTime
                $0.udpDrops = udpDrops
            }
        }.get()
        let journal =
            configuration.alertJournal == .off
            ? "off" : JournalWriter.isJournaldListening() ? "on" : "waiting for journald"
        logger.notice(
            "alerts configured",
            metadata: [
                "rules": "\(configuration.alertRules.filter(\.enabled).count)", "journald": "\(journal)",
                "alertmanager": "\(configuration.alertmanager.map(\.description) ?? "none")",
            ])
        return outbox
    }

    private func close(_ channels: [any NIOCore.Channel], _ groups: MultiThreadedEventLoopGroup...) async {
        for channel in channels { try? await channel.close() }
        for group in groups { try? await group.shutdownGracefully() }
    }

    private func makeDirectory(_ path: String) throws {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o750) != 0 && errno != EEXIST {
                throw ConfigurationError("cannot create state directory \(path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
