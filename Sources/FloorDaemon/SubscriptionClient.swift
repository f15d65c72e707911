import FloorCore
import FloorProtocol
import Logging
import NIOCore
import NIOPosix

/// An upstream that serves events over TCP (`tcp://HOST:PORT[=FORMAT]`): an event relay, a
/// Kinesis consumer's output, later Asterisk AMI.
public struct SubscriptionSpec: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var format: String

    public static func parse(_ text: String) throws(ConfigurationError) -> SubscriptionSpec {
        guard text.hasPrefix("tcp://") else {
            throw ConfigurationError("\(text): subscriptions are tcp://HOST:PORT[=FORMAT]")
        }
        let listener = try ListenerSpec.parse(String(text.dropFirst("tcp://".count)), transport: .tcp)
        return SubscriptionSpec(host: listener.host, port: listener.port, format: listener.format)
    }

    public var description: String { "subscribe://\(host.contains(":") ? "[\(host)]" : host):\(port)=\(format)" }
}

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
    private let logger: Logger
    private let state: NIOLoopBoundBox<State>

    private struct State {
        var channel: (any NIOCore.Channel)?
        var delay: TimeAmount = .milliseconds(500)
        var stopped = false
        var connectedAt: NIODeadline?
        var attempts = 0
    }

    static let initialDelay: TimeAmount = .milliseconds(500)
    static let maximumDelay: TimeAmount = .seconds(30)

    init(spec: SubscriptionSpec, host: EngineHost, source: SourceID, maximumLineBytes: Int, logger: Logger) {
        self.spec = spec
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
        let (host, source, format, maximum) = (self.host, self.source, spec.format, maximumLineBytes)
        ClientBootstrap(group: host.loop)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let lines = SourceFormats.lineDecoder(format: format, source: source, maximumLineBytes: maximum)
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
            self.scheduleReconnect(after: "connection closed")
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
