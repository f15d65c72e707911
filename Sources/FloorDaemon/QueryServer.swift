import FloorCore
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
    private let health: @Sendable () -> QueryResponder.Health
    private let connections: ConnectionCounter
    private let bearerToken: String?
    private var request: HTTPRequestHead?
    private var counted = false

    init(
        responder: QueryResponder, publisher: SnapshotPublisher,
        health: @escaping @Sendable () -> QueryResponder.Health,
        connections: ConnectionCounter, bearerToken: String?
    ) {
        self.responder = responder
        self.publisher = publisher
        self.health = health
        self.connections = connections
        self.bearerToken = bearerToken
    }

    func channelActive(context: ChannelHandlerContext) {
        guard connections.open() else {
            context.close(promise: nil)
            return
        }
        counted = true
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted { connections.closed() }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            let response: QueryResponder.Response
            if let bearerToken, head.headers.first(name: "authorization") != "Bearer \(bearerToken)" {
                response = .init(
                    status: 401, contentType: "application/json", body: #"{"error":"bearer token required"}"#)
            } else {
                response = responder.respond(
                    method: head.method.rawValue, uri: head.uri, snapshot: publisher.current, health: health())
            }
            write(response, head: head, context: context)
        }
    }

    private func write(_ response: QueryResponder.Response, head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.utf8.count))
        headers.add(name: "Cache-Control", value: "no-store")
        let keepAlive = head.isKeepAlive
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

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

enum QueryServer {
    static func bootstrap(
        group: any EventLoopGroup, responder: QueryResponder, publisher: SnapshotPublisher,
        health: @escaping @Sendable () -> QueryResponder.Health, connections: ConnectionCounter, bearerToken: String?
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        QueryHTTPHandler(
                            responder: responder, publisher: publisher, health: health, connections: connections,
                            bearerToken: bearerToken))
                }
            }
    }
}
