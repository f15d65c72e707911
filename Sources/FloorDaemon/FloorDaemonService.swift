import FloorCore
import Glibc
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import SystemdSupport

/// floorwatchd as one swift-service-lifecycle `Service`: binds (or adopts) every socket, tells
/// systemd it is ready only then, reports status, pings the watchdog while the engine loop
/// advances, and on SIGTERM says STOPPING and closes everything.
public struct FloorDaemonService: Service {
    let configuration: DaemonConfiguration
    let logger: Logger
    let notifier = SystemdNotifier()
    /// Called once every listener is bound, with the bound addresses (tests, demo).
    let onReady: @Sendable ([String]) -> Void

    public init(
        configuration: DaemonConfiguration, logger: Logger, onReady: @escaping @Sendable ([String]) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let engineGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let queryGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var channels: [any NIOCore.Channel] = []
        do {
            try makeDirectory(configuration.stateDirectory)
            let host = try await EngineHost.make(
                settings: configuration.engine, loop: engineGroup.next(), logger: logger)
            let activated = SocketActivation.takeSockets()
            let binder = ListenerBinder(configuration: configuration, host: host, logger: logger)
            var udpPorts = Set<Int>()
            channels += try await binder.bindIngest(activated: activated, udpPorts: &udpPorts)
            let ports = udpPorts
            let queryConnections = ConnectionCounter(maximum: configuration.maximumQueryConnections)
            let degraded = EngineProgress()
            let responder = QueryResponder(
                metrics: PrometheusExposition(
                    daemon: .init(
                        eventsApplied: { host.eventsApplied.load(ordering: .relaxed) },
                        udpDrops: {
                            degraded.udpDrops.load(ordering: .relaxed) >= 0
                                ? degraded.udpDrops.load(ordering: .relaxed) : nil
                        })))
            let health: @Sendable () -> QueryResponder.Health = { degraded.reasons() }
            channels += try await binder.bindQuery(
                activated: activated, group: queryGroup, responder: responder, publisher: host.publisher,
                health: health,
                connections: queryConnections)
            let ticking = host.startTicking(every: configuration.tickInterval)
            let addresses = channels.compactMap { $0.localAddress?.description }
            notifier.ready(status: "listening on \(addresses.count) sockets")
            logger.notice("floorwatchd ready", metadata: ["listening": "\(addresses.joined(separator: ", "))"])
            onReady(addresses)

            // Runs until SIGTERM/SIGINT: the reporting loop is cancelled at once, not after its sleep.
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await reportWhileRunning(host: host, degraded: degraded, udpPorts: ports) }
                    // Cancel the reporting loop as soon as shutdown starts, not after its sleep.
                    group.addTask { try? await gracefulShutdown() }
                    _ = await group.next()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                notifier.stopping()
            }
            ticking.cancel()
        } catch {
            logger.critical("floorwatchd cannot start: \(error)")
            await close(channels, engineGroup, queryGroup)
            throw error
        }
        notifier.stopping()
        logger.notice("floorwatchd stopping")
        await close(channels, engineGroup, queryGroup)
    }

    /// STATUS every few seconds; WATCHDOG only while the engine loop keeps ticking.
    private func reportWhileRunning(host: EngineHost, degraded: EngineProgress, udpPorts: Set<Int>) async {
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
            if let drops = UDPDrops.total(ports: udpPorts) {
                let before = degraded.udpDrops.exchange(drops, ordering: .relaxed)
                degraded.recentUDPDrops.store(before >= 0 ? drops - before : 0, ordering: .relaxed)
            }
            if advancing, watchdog != nil { notifier.watchdog() }
            let elapsed = ContinuousClock.now - lastStatus
            if elapsed >= .seconds(2) {
                let events = host.eventsApplied.load(ordering: .relaxed)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let snapshot = host.publisher.current
                notifier.status(
                    "\(Int(Double(events - lastEvents) / seconds)) events/s, \(snapshot.openContacts) open contacts, "
                        + "\(snapshot.overall.agents.staffed) agents staffed, 0 alerts active")
                lastEvents = events
                lastStatus = ContinuousClock.now
            }
        }
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

/// What /v1/health reports as degradation: a stalled engine loop, recent kernel UDP drops.
/// Thread-safe (atomics written by the reporting loop).
final class EngineProgress: Sendable {
    let stalled = Atomic<Int>(0)
    /// Total kernel drops on floorwatch's UDP sockets, -1 before the first reading.
    let udpDrops = Atomic<Int64>(-1)
    let recentUDPDrops = Atomic<Int64>(0)

    func reasons() -> QueryResponder.Health {
        var reasons: [String] = []
        if stalled.load(ordering: .relaxed) != 0 { reasons.append("engine loop is not advancing") }
        let drops = recentUDPDrops.load(ordering: .relaxed)
        if drops > 0 {
            reasons.append("kernel dropped \(drops) UDP datagrams in the last seconds (raise ReceiveBuffer=)")
        }
        return QueryResponder.Health(degraded: reasons)
    }
}
