import FloorCore
import FloorProtocol
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Keeps one subscription connected: connects from the engine's loop (so what it reads is applied
/// like any listener's), and after a failure or a dropped connection reconnects with exponential
/// back-off (0.5 s doubling to 30 s) and ±20 % jitter, so many daemons do not reconnect in step.
/// Its state shows in /v1/sources (`connection`, `reconnects`).
///
/// Thread-safe: all state lives on the engine loop.
final class SubscriptionClient: Sendable {
    private let spec: SubscriptionSpec
    private let host: EngineHost
    private let source: SourceID
    private let maximumLineBytes: Int
    /// The zone of the upstream's local wall-clock times (Asterisk's ISO queue_log).
    private let localTime: AsteriskQueueLogDecoder.LocalTimeConversion
    private let logger: Logger
    private let state: NIOLoopBoundBox<State>

    private struct State {
        var channel: (any NIOCore.Channel)?
        var delay: TimeAmount = .milliseconds(500)
        var stopped = false
        var connectedAt: NIODeadline?
        var attempts = 0
        /// Why the protocol closed the connection (a refused login), shown instead of "closed".
        var failure: String?
    }

    static let initialDelay: TimeAmount = .milliseconds(500)
    static let maximumDelay: TimeAmount = .seconds(30)

    init(
        spec: SubscriptionSpec, host: EngineHost, source: SourceID, maximumLineBytes: Int,
        timeZone: TimeZone = .current, logger: Logger
    ) {
        self.spec = spec
        localTime = timeZone.localTimeConversion
        self.host = host
        self.source = source
        self.maximumLineBytes = maximumLineBytes
        self.logger = logger
        state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: host.loop)
    }

    func start() { host.loop.execute { self.connect() } }

    /// Stops reconnecting and closes the connection.
    func stop() async {
        let channel = try? await host.loop.submit { () -> (any NIOCore.Channel)? in
            self.state.value.stopped = true
            return self.state.value.channel
        }.get()
        try? await channel?.close()
    }

    private func connect() {
        guard !state.value.stopped else { return }
        state.value.attempts += 1
        let (host, source, format, maximum, logger) = (self.host, self.source, spec.format, maximumLineBytes, logger)
        let localTime = self.localTime
        // The secret is read at every connect (a rotated secret needs no restart) and never logged.
        let session: AMISession?
        do throws(ConfigurationError) {
            session = try spec.login.map { login throws(ConfigurationError) in
                AMISession(username: login.username, secret: try login.secret.read(), maximumLength: maximum)
            }
        } catch {
            scheduleReconnect(after: "\(error)")
            return
        }
        ClientBootstrap(group: host.loop)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let session {
                        try channel.pipeline.syncOperations.addHandler(
                            AMISubscriptionHandler(host: host, source: source, session: session, logger: logger) {
                                reason in self.state.value.failure = reason
                            })
                        return
                    }
                    // Parsing keeps AMI (the only format without lines) to the session above.
                    let lines = format.makeLineBatchDecoder(
                        source: source, maximumLineBytes: maximum, localTime: localTime)!
                    try channel.pipeline.syncOperations.addHandler(
                        TCPIngestHandler(
                            host: host, source: source, lines: lines, connections: ConnectionCounter(maximum: 1),
                            peers: PeerNetworks()))
                }
            }
            .connect(host: spec.host, port: spec.port)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    self.connected(channel)
                case .failure(let error):
                    self.scheduleReconnect(after: "\(error)")
                }
            }
    }

    private func connected(_ channel: any NIOCore.Channel) {
        let reconnected = state.value.attempts > 1
        state.value.channel = channel
        state.value.connectedAt = .now()
        host.connectionStatus(source: source, status: "connected", reconnected: reconnected)
        logger.info("subscription connected", metadata: ["upstream": "\(spec)"])
        channel.closeFuture.whenComplete { _ in
            self.state.value.channel = nil
            // A connection that lived a while resets the back-off.
            if let since = self.state.value.connectedAt, NIODeadline.now() - since > .seconds(10) {
                self.state.value.delay = Self.initialDelay
            }
            let reason = self.state.value.failure ?? "connection closed"
            self.state.value.failure = nil
            self.scheduleReconnect(after: reason)
        }
    }

    private func scheduleReconnect(after reason: String) {
        guard !state.value.stopped else { return }
        let base = state.value.delay
        let jitter = Double.random(in: 0.8...1.2)
        let delay = TimeAmount.nanoseconds(Int64(Double(base.nanoseconds) * jitter))
        state.value.delay = min(Self.maximumDelay, base * 2)
        let seconds = Double(delay.nanoseconds / 100_000_000) / 10
        host.connectionStatus(source: source, status: "reconnecting in \(seconds) s: \(reason)", reconnected: false)
        logger.warning(
            "subscription lost", metadata: ["upstream": "\(spec)", "reason": "\(reason)", "retry_in_s": "\(seconds)"])
        host.loop.scheduleTask(in: delay) { self.connect() }
    }
}
