import FloorAlerting
import FloorCore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// What systemd hears: READY=1 once every socket is open, STATUS every two seconds, WATCHDOG
/// only while the engine loop advances, STOPPING=1 the moment shutdown begins (last in the
/// group, so the first to hear of it). It samples the kernel's UDP drop counters for health and
/// `/metrics` on the same beat.
///
/// Threading: a task of its own; it reads the engine's atomics and the published snapshot and
/// never waits on the engine loop (a busy loop must not delay the watchdog ping that proves it
/// is not stuck).
struct SystemdReportingService: Service {
    let notifier: any ServiceManagerNotifier
    let host: EngineHost
    let progress: EngineProgress
    let readiness: ReadinessBarrier
    /// The UDP sockets whose drops count (they change on reload).
    let udpSockets: @Sendable () async -> [any NIOCore.Channel]
    let logger: Logger

    func run() async throws {
        let addresses = await readiness.waitUnlessShuttingDown()
        if let addresses {
            notifier.ready(status: "listening on \(addresses.count) sockets")
            logger.notice("floorwatchd ready", metadata: ["listening": "\(addresses.joined(separator: ", "))"])
            // Until shutdown begins: the reporting loop is cancelled at once, not after its sleep.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await report() }
                group.addTask { try? await gracefulShutdown() }
                _ = await group.next()
                group.cancelAll()
            }
        }
        notifier.stopping()
        logger.notice("floorwatchd stopping")
    }

    /// STATUS every few seconds; WATCHDOG only while the engine loop keeps ticking.
    private func report() async {
        let watchdog = notifier.watchdogInterval
        let period: Duration = min(.seconds(2), watchdog.map { $0 / 2 } ?? .seconds(2))
        var lastTicks = host.ticks.load(ordering: .acquiring)
        var lastEvents = host.eventsApplied.load(ordering: .relaxed)
        var lastStatus = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: period)
            guard !Task.isCancelled else { return }
            let ticks = host.ticks.load(ordering: .acquiring)
            let advancing = ticks != lastTicks
            lastTicks = ticks
            progress.stalled.store(advancing ? 0 : 1, ordering: .relaxed)
            // Kernel drops of the UDP sockets, read each period (the scrape and health read the atomic).
            let progress = self.progress
            UDPDrops.sample(await udpSockets()) { drops in
                let before = progress.udpDrops.exchange(drops, ordering: .relaxed)
                // A listener closed by a reload takes its count with it: never a negative rate.
                progress.recentUDPDrops.store(before >= 0 ? max(0, drops - before) : 0, ordering: .relaxed)
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
                        + "\(host.stages.alertBoard.current.firing.count) alerts firing")
                lastEvents = events
                lastStatus = ContinuousClock.now
            }
        }
    }
}
