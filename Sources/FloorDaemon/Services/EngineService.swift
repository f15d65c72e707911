import FloorCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The engine: its loop ticks (apply, snapshot, publish, then `EngineStages`: the forecast,
/// alerts, recommendations) and checkpoints the state while the daemon runs; at stop, after every input
/// has closed, it writes the last checkpoint and shuts its loop down. First in the group, so
/// last to stop.
///
/// Threading: `run` only schedules work on the engine's loop (`EngineHost.loop`), the single
/// writer of the engine; nothing here blocks that loop.
struct EngineService: Service {
    let host: EngineHost
    let group: MultiThreadedEventLoopGroup
    let tickInterval: Duration
    let checkpoints: CheckpointStore
    /// Nil when checkpoints are off.
    let checkpointInterval: Duration?
    /// The first snapshot is published once ingest has registered its sources, so the query
    /// socket never shows a floor without them.
    let ingestBound: ReadinessBarrier
    let logger: Logger

    func run() async throws {
        let bound = await ingestBound.waitUnlessShuttingDown()
        guard bound != nil else {
            try? await gracefulShutdown()
            try? await group.shutdownGracefully()
            return
        }
        let ticking = host.startTicking(every: tickInterval)
        var timer: CheckpointTimer?
        if let checkpointInterval {
            timer = CheckpointTimer(host: host, store: checkpoints, interval: checkpointInterval)
            timer?.start()
        }
        try? await gracefulShutdown()
        await timer?.stop()
        if checkpointInterval != nil { await saveFinalCheckpoint() }
        ticking.cancel()
        try? await group.shutdownGracefully()
    }

    /// The last state, written before the process exits.
    private func saveFinalCheckpoint() async {
        let host = self.host
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
}
