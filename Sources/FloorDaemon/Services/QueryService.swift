import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SystemdSupport

/// The query socket (Unix, and TCP when configured): read routes, writes, the live stream and
/// `/metrics`, served on its own loop so a slow client never delays ingest. Closes its
/// listeners and loop at stop, after ingest has stopped.
///
/// Threading: request handling runs on the query loop and reads the published snapshot and
/// boards without locks; writes hop to the engine loop (`EngineWrites`).
struct QueryService: Service {
    let binder: ListenerBinder
    let group: MultiThreadedEventLoopGroup
    let activated: [ActivatedSocket]
    let responder: QueryResponder
    let host: EngineHost
    let health: @Sendable () -> QueryResponder.Health
    let connections: ConnectionCounter
    /// Ingest's sources exist once it is bound: a client that sees the query socket answer
    /// sees every source.
    let ingestBound: ReadinessBarrier
    let readiness: ReadinessBarrier
    let logger: Logger

    func run() async throws {
        let bound = await ingestBound.waitUnlessShuttingDown()
        guard bound != nil else {
            readiness.abandon()
            try? await gracefulShutdown()
            try? await group.shutdownGracefully()
            return
        }
        let channels: [any NIOCore.Channel]
        do {
            channels = try await binder.bindQuery(
                activated: activated, group: group, responder: responder, publisher: host.publisher, health: health,
                connections: connections)
        } catch {
            logger.critical("floorwatchd cannot start: \(error)")
            readiness.abandon()
            try? await group.shutdownGracefully()
            throw error
        }
        readiness.arrive("query", addresses: channels.compactMap { $0.localAddress?.description })
        try? await gracefulShutdown()
        for channel in channels { try? await channel.close() }
        try? await group.shutdownGracefully()
    }
}
