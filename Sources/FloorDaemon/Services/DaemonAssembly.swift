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

/// floorwatchd as a swift-service-lifecycle `ServiceGroup` of small services, in start order:
/// engine, alerting, query, ingest, systemd reporting. The group stops them in reverse: systemd
/// hears STOPPING first, then every input closes, then the query socket, then the alert sinks
/// flush, and the engine writes its last checkpoint after everything it accepted is in.
///
/// The forecast, alert evaluation and the recommender are not services: they run on the engine
/// loop after each publication (`EngineStages`, in that order), and what alerts and
/// recommendations say leaves through the alerting service's sinks (journald, Alertmanager),
/// whose lifetime that service owns.
///
/// The parts the services share (the engine host restored from its checkpoint, the alert sinks,
/// the progress the health route and the watchdog read) are made here, before any service runs.
public enum DaemonAssembly {
    public static func services(
        configuration: DaemonConfiguration, logger: Logger,
        reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)? = nil
    ) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        try await services(
            configuration: configuration, logger: logger, notifier: SystemdNotifier(),
            reloadConfiguration: reloadConfiguration)
    }

    static func services(
        configuration: DaemonConfiguration, logger: Logger, notifier: any ServiceManagerNotifier,
        reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)?
    ) async throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let engineGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let queryGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let checkpoints = CheckpointStore(directory: configuration.stateDirectory, logger: logger)
        let timeZone = configuration.timeZone.flatMap { TimeZone(identifier: $0) } ?? .current
        let host: EngineHost
        let journal: JournalOutbox
        let progress = EngineProgress()
        do {
            try makeDirectory(configuration.stateDirectory)
            let restored: DaemonCheckpoint?
            (host, restored) = try await makeHost(
                configuration, loop: engineGroup.next(), checkpoints: checkpoints, logger: logger)
            journal = try await configureAlerts(
                configuration, host: host, progress: progress, timeZone: timeZone, logger: logger)
            if let restored {
                try await host.loop.submit { host.stages.restoreAlertmanager(restored.alertmanagerFiring) }.get()
            }
        } catch {
            logger.critical("floorwatchd cannot start: \(error)")
            try? await engineGroup.shutdownGracefully()
            try? await queryGroup.shutdownGracefully()
            throw error
        }
        let activated = SocketActivation.takeSockets()
        let binder = ListenerBinder(configuration: configuration, host: host, logger: logger)
        let ingestBound = ReadinessBarrier(parts: ["ingest"])
        let readiness = ReadinessBarrier(parts: ["ingest", "query"])
        let responder = QueryResponder(
            metrics: PrometheusExposition(
                daemon: .init(
                    eventsApplied: { host.eventsApplied.load(ordering: .relaxed) },
                    udpDrops: {
                        let drops = progress.udpDrops.load(ordering: .relaxed)
                        return drops >= 0 ? drops : nil
                    })), timeZone: timeZone)
        let ingest = IngestService(
            configuration: configuration, host: host, binder: binder, activated: activated, notifier: notifier,
            bound: ingestBound, readiness: readiness, reloadConfiguration: reloadConfiguration, logger: logger)
        let services: [any Service] = [
            EngineService(
                host: host, group: engineGroup, tickInterval: configuration.tickInterval, checkpoints: checkpoints,
                checkpointInterval: configuration.checkpointInterval, ingestBound: ingestBound, logger: logger),
            AlertingService(journal: journal),
            QueryService(
                binder: binder, group: queryGroup, activated: activated, responder: responder, host: host,
                health: { progress.reasons() },
                connections: ConnectionCounter(maximum: configuration.maximumQueryConnections),
                ingestBound: ingestBound, readiness: readiness, logger: logger),
            ingest,
            SystemdReportingService(
                notifier: notifier, host: host, progress: progress, readiness: readiness,
                udpSockets: { await ingest.sockets() }, logger: logger),
        ]
        // A service that cannot start stops the others in order (the engine still saves).
        return services.map { .init(service: $0, failureTerminationBehavior: .gracefullyShutdownGroup) }
    }

    /// The engine host, with the state of the last checkpoint when one is recent and readable.
    /// A checkpoint the engine cannot take back (another window configuration) is logged and the
    /// daemon starts fresh on a new host.
    private static func makeHost(
        _ configuration: DaemonConfiguration, loop: any EventLoop, checkpoints: CheckpointStore, logger: Logger
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

    /// Alert sinks (journald, Alertmanager) and the daemon's inputs to alert evaluation.
    /// Returns the journald outbox, flushed at shutdown so no alert posted before SIGTERM is lost.
    private static func configureAlerts(
        _ configuration: DaemonConfiguration, host: EngineHost, progress: EngineProgress, timeZone: TimeZone,
        logger: Logger
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
            let drops = progress.udpDrops.load(ordering: .relaxed)
            return drops >= 0 ? drops : nil
        }
        let allSinks = sinks
        let recommendationJournal = RecommendationJournal(outbox: outbox, logger: logger)
        try await host.loop.submit {
            host.stages.configureRecommendations(journal: recommendationJournal)
            host.stages.configureAlerts {
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

    private static func makeDirectory(_ path: String) throws {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o750) != 0 && errno != EEXIST {
                throw ConfigurationError("cannot create state directory \(path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
