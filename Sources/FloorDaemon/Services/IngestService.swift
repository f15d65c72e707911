import FloorCore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import SystemdSupport
import UnixSignals

/// Everything that brings events in: the ingest listeners (configured, or handed over by
/// systemd), the tailed files and the outgoing subscriptions (Connect via Kinesis relays, AMI).
/// SIGHUP reloads the configuration here: thresholds, queue metadata and changed listeners, with
/// RELOADING=1 … READY=1 around it. At stop it closes every input first, so the engine's last
/// checkpoint holds everything that was accepted.
///
/// Threading: sockets are read on the engine's loop (one hop fewer per datagram); tails and
/// subscriptions hand batches to that loop; this service's own task only binds, reloads and
/// closes.
final class IngestService: Service {
    let configuration: DaemonConfiguration
    let host: EngineHost
    let binder: ListenerBinder
    let activated: [ActivatedSocket]
    let notifier: any ServiceManagerNotifier
    /// Arrived at once the listeners are bound (the query service opens after).
    let bound: ReadinessBarrier
    let readiness: ReadinessBarrier
    /// Reads the configuration again on SIGHUP; nil disables reload.
    let reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)?
    let logger: Logger

    private struct Inputs {
        var channels: [any NIOCore.Channel] = []
        var listeners: ConfiguredListeners?
    }

    private let inputs = Mutex(Inputs())

    init(
        configuration: DaemonConfiguration, host: EngineHost, binder: ListenerBinder, activated: [ActivatedSocket],
        notifier: any ServiceManagerNotifier, bound: ReadinessBarrier, readiness: ReadinessBarrier,
        reloadConfiguration: (@Sendable () throws -> DaemonConfiguration)?, logger: Logger
    ) {
        self.configuration = configuration
        self.host = host
        self.binder = binder
        self.activated = activated
        self.notifier = notifier
        self.bound = bound
        self.readiness = readiness
        self.reloadConfiguration = reloadConfiguration
        self.logger = logger
    }

    /// The open ingest sockets (the UDP ones' drops are reported; a reload changes them).
    func sockets() async -> [any NIOCore.Channel] {
        let (channels, listeners) = inputs.withLock { ($0.channels, $0.listeners) }
        return channels + (await listeners?.all() ?? [])
    }

    func run() async throws {
        var tails: [FileTailSource] = []
        var subscriptions: [SubscriptionClient] = []
        do {
            var configured: [ListenerSpec: any NIOCore.Channel] = [:]
            let channels = try await binder.bindIngest(activated: activated, configured: &configured)
            // Socket-activated listeners belong to systemd: reload leaves them alone.
            let listeners = ConfiguredListeners(configured, managed: !activated.contains { $0.kind != .unixStream })
            inputs.withLock { $0 = Inputs(channels: channels, listeners: listeners) }
            tails = try await startTails()
            subscriptions = try await startSubscriptions()
            bound.arrive("ingest", addresses: [])
            let addresses = (channels + configured.values).compactMap { $0.localAddress?.description }
            readiness.arrive("ingest", addresses: addresses)
        } catch {
            logger.critical("floorwatchd cannot start: \(error)")
            bound.abandon()
            readiness.abandon()
            await closeInputs(tails: tails, subscriptions: subscriptions)
            throw error
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await gracefulShutdown() }
            group.addTask { [self] in
                for await _ in await UnixSignalsSequence(trapping: .sighup) { await reload() }
            }
            _ = await group.next()
            group.cancelAll()
        }
        await closeInputs(tails: tails, subscriptions: subscriptions)
    }

    private func closeInputs(tails: [FileTailSource], subscriptions: [SubscriptionClient]) async {
        for subscription in subscriptions { await subscription.stop() }
        for tail in tails { await tail.stop() }
        for channel in await sockets() { try? await channel.close() }
    }

    private func startTails() async throws -> [FileTailSource] {
        var tails: [FileTailSource] = []
        let host = self.host
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
        return tails
    }

    private func startSubscriptions() async throws -> [SubscriptionClient] {
        var subscriptions: [SubscriptionClient] = []
        let host = self.host
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
        return subscriptions
    }

    /// SIGHUP: RELOADING=1, read the configuration again, apply thresholds, queue metadata and
    /// changed listeners, log what changed, READY=1. State is kept; a bad file changes nothing.
    private func reload() async {
        guard let read = self.reloadConfiguration, let listeners = inputs.withLock({ $0.listeners }) else {
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
        let host = self.host
        do {
            try await host.loop.submit {
                host.updateSettings(engine)
                host.stages.reload(rules: rules, recommender: recommender)
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
}
