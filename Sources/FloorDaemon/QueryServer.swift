import FloorAlerting
import FloorCore
import FloorProtocol
import FloorQueryAPI
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the query API over HTTP/1.1 on its own event loop, reading only the published snapshot
/// (a lock-free load), so a slow or stuck client never touches the engine. Connections are capped.
final class QueryHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: QueryResponder
    private let publisher: SnapshotPublisher
    private let alerts: AlertBoardPublisher
    private let control: EngineWrites
    /// Who the peer is (SO_PEERCRED or the TCP address), learned when the connection opens.
    private var peer = "unknown peer"
    /// A Unix-socket peer with the write permission (TCP requests show the write token instead).
    private var peerMayWrite = false
    private let writeAccess: WriteAccess
    private let logger: Logger
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    static let maximumBodyBytes = 64 * 1024
    private let health: @Sendable () -> QueryResponder.Health
    private var slot: ConnectionSlot
    private let bearerToken: String?
    private var request: HTTPRequestHead?
    /// The live stream's timer, while a client follows /v1/stream.
    private var stream: RepeatedTask?
    /// Its registration for wake-ups on publication.
    private var streamWakeup: Int?
    /// How long a live stream's client may stop reading before its connection is closed.
    private let idleTimeout: TimeAmount

    init(
        responder: QueryResponder, publisher: SnapshotPublisher, alerts: AlertBoardPublisher, control: EngineWrites,
        health: @escaping @Sendable () -> QueryResponder.Health,
        connections: ConnectionCounter, bearerToken: String?, writeAccess: WriteAccess, idleTimeout: TimeAmount,
        logger: Logger
    ) {
        self.idleTimeout = idleTimeout
        self.writeAccess = writeAccess
        self.logger = logger
        self.responder = responder
        self.publisher = publisher
        self.alerts = alerts
        self.control = control
        self.health = health
        slot = ConnectionSlot(connections)
        self.bearerToken = bearerToken
    }

    /// Whether an Authorization header carries the token, compared in constant time (a byte-wise
    /// early exit would tell a remote guesser how many leading bytes were right).
    static func presents(_ header: String?, token: String) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.utf8.dropFirst("Bearer ".utf8.count))
        let expected = Array(token.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in 0..<expected.count { difference |= expected[index] ^ (index < given.count ? given[index] : 0) }
        return difference == 0
    }

    func channelActive(context: ChannelHandlerContext) {
        // Closed outside the slot's mutation: closing re-enters channelInactive synchronously.
        guard slot.admit(context.channel) else {
            context.close(promise: nil)
            return
        }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let writeAccess = self.writeAccess
        PeerIdentity.describe(context.channel, tokenRequired: bearerToken != nil).whenSuccess { identity in
            bound.value.peer = identity.name
            bound.value.peerMayWrite =
                identity.credentials.map { writeAccess.allows(uid: $0.uid, gid: $0.gid) } ?? false
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        slot.release()
        stream?.cancel()
        stream = nil
        if let streamWakeup { control.host.streamWakeups.unregister(streamWakeup) }
        streamWakeup = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
            body.removeAll(keepingCapacity: true)
            bodyTooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > Self.maximumBodyBytes {
                bodyTooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let head = request else { return }
            request = nil
            let response: QueryResponder.Response
            let authorization = head.headers.first(name: "authorization")
            // The write token reads too; without a read token the (loopback-only) port reads freely.
            let writeTokenShown = writeAccess.allows(authorization: authorization)
            let authorized = writeTokenShown || (bearerToken.map { Self.presents(authorization, token: $0) } ?? true)
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            let resolution = QueryRoute.resolve(method: head.method.rawValue, path: path)
            if authorized, resolution == .route(.stream) {
                startStream(head: head, context: context)
                return
            }
            let overTCP = context.channel.remoteAddress.map { $0.protocol != .unix } ?? false
            if !authorized {
                refused(401, reason: "no valid bearer token")
                response = .error(401, "bearer token required")
            } else if case .route(let route) = resolution, route.isControl, !(overTCP ? writeTokenShown : peerMayWrite)
            {
                refused(403, reason: "no write permission for \(head.method.rawValue) \(path)")
                response = .error(403, writeAccess.refusal)
            } else if bodyTooLarge {
                response = .error(413, "request body over \(Self.maximumBodyBytes) bytes")
            } else if resolution == .route(.whatIf) {
                // A question about the forecast, not a change: answered here, like a read.
                response = QueryReads.whatIf(body: body, forecast: control.host.stages.forecast.current)
            } else if case .route(let route) = resolution, route.isControl {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                control.perform(route, body: body, peer: peer)
                    .hop(to: context.eventLoop)
                    .whenSuccess { response in
                        let (handler, context) = bound.value
                        handler.write(response, head: head, context: context)
                    }
                return
            } else {
                response = Self.read(
                    method: head.method.rawValue, uri: head.uri, responder: responder, publisher: publisher,
                    alerts: alerts, control: control, health: health)
            }
            write(response, head: head, context: context)
        }
    }

    /// A read route's answer from what is published now (`QueryFastReads` answers the same way).
    static func read(
        method: String, uri: String, responder: QueryResponder, publisher: SnapshotPublisher,
        alerts: AlertBoardPublisher, control: EngineWrites, health: () -> QueryResponder.Health
    ) -> QueryResponse {
        responder.respond(
            method: method, uri: uri, snapshot: publisher.current, health: health(), alerts: alerts.current,
            recommendations: control.host.stages.recommendations.current, forecast: control.host.stages.forecast.current
        )
    }

    /// The headers of every answer (`QueryFastReads` writes the same).
    static func headers(of response: QueryResponse) -> [(String, String)] {
        var headers = [
            ("Content-Type", response.contentType), ("Content-Length", String(response.body.utf8.count)),
            ("Cache-Control", "no-store"),
        ]
        if let allow = response.allow { headers.append(("Allow", allow)) }
        return headers
    }

    /// Logs a refused request, at most one line every ten seconds (a retrying client cannot fill
    /// the journal); the status tells the client.
    private func refused(_ status: Int, reason: String) {
        guard writeAccess.mayLogRefusal(now: Int64(WallClock.monotonicNanoseconds())) else { return }
        logger.warning(
            "query request refused", metadata: ["status": "\(status)", "peer": "\(peer)", "reason": "\(reason)"])
    }

    private func write(_ response: QueryResponder.Response, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(Self.headers(of: response))
        // A client without the token does not keep its slot: the connection closes after the 401.
        let keepAlive = head.isKeepAlive && response.status != 401
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: response.body.utf8.count)
            buffer.writeString(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            // A live stream's client only listens: its silence is normal.
            if stream == nil { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }

    /// Server-Sent Events: a `snapshot` event as soon as one is published, at most one per interval
    /// (default 1 s, `?interval=500ms`), and at least one per interval; its JSON rendered once per
    /// published snapshot for all clients (`SnapshotRenderings`).
    /// A client that falls behind (its socket buffer full) skips ticks and gets the newest
    /// snapshot when it catches up: nothing queues up for it. One that stops reading altogether
    /// (a wall screen frozen, a tool stopped with ^Z) is closed once nothing could be written
    /// for the idle timeout (at least two intervals), so it gives its slot back.
    private func startStream(head: HTTPRequestHead, context: ChannelHandlerContext) {
        let query = QueryRoute.queryItems(
            String(head.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""))
        let interval = TimeAmount.milliseconds(StreamInterval.milliseconds(query[.interval]))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-store")
        context.writeAndFlush(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil
        )
        let channel = context.channel
        let publisher = self.publisher
        let alerts = self.alerts
        let recommendations = control.host.stages.recommendations
        let snapshotJSON = responder.renderings
        // The alerts and recommendations events go out first and then whenever they change.
        let lastAlerts = NIOLoopBoundBox<String?>(nil, eventLoop: context.eventLoop)
        let lastRecommendations = NIOLoopBoundBox<String?>(nil, eventLoop: context.eventLoop)
        let stalledSince = NIOLoopBoundBox<NIODeadline?>(nil, eventLoop: context.eventLoop)
        let lastSentAt = NIOLoopBoundBox<NIODeadline?>(nil, eventLoop: context.eventLoop)
        let lastPushedAt = NIOLoopBoundBox<NIODeadline?>(nil, eventLoop: context.eventLoop)
        let lastSequence = NIOLoopBoundBox<UInt64?>(nil, eventLoop: context.eventLoop)
        let wakeScheduled = NIOLoopBoundBox(false, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let stallLimit = max(idleTimeout, interval * 2)
        let logger = self.logger
        let peer = self.peer
        let sendSnapshot: @Sendable () -> Void = {
            guard channel.isActive else { return }
            guard channel.isWritable else {
                let now = NIODeadline.now()
                guard let since = stalledSince.value else {
                    stalledSince.value = now
                    return
                }
                if now - since >= stallLimit {
                    logger.notice(
                        "live stream closed: the client read nothing",
                        metadata: ["peer": "\(peer)", "seconds": "\(stallLimit.nanoseconds / 1_000_000_000)"])
                    channel.close(promise: nil)
                }
                return
            }
            stalledSince.value = nil
            let snapshot = publisher.current
            lastSentAt.value = .now()
            lastSequence.value = snapshot.sequence
            var text = StreamEvent.snapshot.frame(data: snapshotJSON.json(for: snapshot), id: snapshot.sequence)
            let board = alerts.current
            let active = AlertBoardDocument(board, live: true).json
            if active != lastAlerts.value {
                lastAlerts.value = active
                text += StreamEvent.alerts.frame(data: active)
            }
            let moves = RecommendationBoardDocument(recommendations.current, live: true).json
            if moves != lastRecommendations.value {
                lastRecommendations.value = moves
                text += StreamEvent.recommendations.frame(data: moves)
            }
            var buffer = channel.allocator.buffer(capacity: text.utf8.count)
            buffer.writeString(text)
            channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        }
        let elapsed: @Sendable (NIODeadline?) -> Bool = { $0.map { NIODeadline.now() - $0 >= interval } ?? true }
        let push: @Sendable () -> Void = {
            lastPushedAt.value = .now()
            sendSnapshot()
        }
        // A new snapshot goes out as soon as it is published, at most one per interval...
        streamWakeup = control.host.streamWakeups.register(on: context.eventLoop) {
            guard publisher.current.sequence != lastSequence.value else { return }
            if elapsed(lastPushedAt.value) {
                push()
            } else if !wakeScheduled.value, let last = lastPushedAt.value {
                wakeScheduled.value = true
                loop.scheduleTask(deadline: last + interval) {
                    wakeScheduled.value = false
                    if publisher.current.sequence != lastSequence.value { push() }
                }
            }
        }
        // ...and a stream with nothing new sends the current one again each interval (a stalled
        // client is noticed there too).
        stream = context.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in
            if elapsed(lastSentAt.value) { sendSnapshot() }
        }
    }
}

enum QueryServer {
    static func bootstrap(
        group: any EventLoopGroup, responder: QueryResponder, publisher: SnapshotPublisher,
        alerts: AlertBoardPublisher, control: EngineWrites,
        health: @escaping @Sendable () -> QueryResponder.Health, connections: ConnectionCounter, bearerToken: String?,
        writeAccess: WriteAccess, idleTimeout: TimeAmount, logger: Logger
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // A connection that sends nothing for `idleTimeout` is closed, so clients that
                    // vanish (a wall screen switched off) give their slot back; a live stream is
                    // exempt (the handler ignores the event while it streams).
                    try channel.pipeline.syncOperations.addHandler(
                        IdleStateHandler(readTimeout: idleTimeout))
                    // Without a read token every read is answered alike: plain GETs take the short way.
                    if bearerToken == nil {
                        try channel.pipeline.syncOperations.addHandler(
                            QueryFastReads { target in
                                let path = String(target.split(separator: "?", maxSplits: 1).first ?? "")
                                guard case .route(let route) = QueryRoute.resolve(method: "GET", path: path),
                                    route != .stream
                                else { return nil }
                                return QueryHTTPHandler.read(
                                    method: "GET", uri: target, responder: responder, publisher: publisher,
                                    alerts: alerts, control: control, health: health)
                            })
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        QueryHTTPHandler(
                            responder: responder, publisher: publisher, alerts: alerts, control: control,
                            health: health, connections: connections, bearerToken: bearerToken,
                            writeAccess: writeAccess, idleTimeout: idleTimeout, logger: logger))
                }
            }
    }
}
