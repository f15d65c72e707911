import FloorQueryAPI
import NIOCore
import NIOHTTP1

/// Answers a plain `GET` of a read route straight from the connection's bytes, ahead of NIO's
/// HTTP/1.1 handlers: the polling tools and wall screens send nothing else, and on a shared core
/// those handlers (decoding, pipelining, encoding, about 9 µs a request) were most of a read's
/// cost next to Redis. The answer is the slow path's own (`QueryResponder`, the same headers).
///
/// Only a read that is exactly one whole request (`GET <path> HTTP/1.1`, headers that cannot
/// carry a body or change the connection) is answered here; anything else (a POST, a stream, a
/// request split over two reads, a token to check) goes to the HTTP handlers, and from then on the
/// connection stays with them, so answers can never overtake one another.
///
/// Threading: on the query connection's event loop, like the handlers after it.
final class QueryFastReads: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: (_ target: String) -> QueryResponse?

    /// `answer`: the response to `GET target`, or nil for a route the fast path must not serve.
    init(answer: @escaping (_ target: String) -> QueryResponse?) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard let request = Self.plainGet(buffer.readableBytesView), let response = answer(request.target) else {
            // From here on the HTTP handlers own the connection.
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        var out = context.channel.allocator.buffer(capacity: response.body.utf8.count + 160)
        let status = HTTPResponseStatus(statusCode: response.status)
        out.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        for (name, value) in QueryHTTPHandler.headers(of: response) { out.writeString("\(name): \(value)\r\n") }
        if request.closes { out.writeString("Connection: close\r\n") }
        out.writeString("\r\n")
        out.writeString(response.body)
        let written = context.writeAndFlush(wrapOutboundOut(out))
        if request.closes { written.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
    }

    /// A read that is exactly one `GET <target> HTTP/1.1` request with no body and no header that
    /// could mean one or an upgrade: its target, and whether it asked to close the connection
    /// after the answer (`Connection: close`, what `curl` and `floorwatch` send); nil otherwise.
    static func plainGet(_ bytes: ByteBufferView) -> (target: String, closes: Bool)? {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        guard bytes.count >= 18, bytes.starts(with: "GET /".utf8), bytes.suffix(4).elementsEqual(end) else {
            return nil
        }
        // One request: its head ends only at the end of the read.
        guard let headEnd = bytes.firstRange(of: end), headEnd.upperBound == bytes.endIndex else { return nil }
        guard let lineEnd = bytes.firstRange(of: "\r\n".utf8) else { return nil }
        let requestLine = bytes[bytes.startIndex..<lineEnd.lowerBound]
        let version = " HTTP/1.1".utf8
        guard requestLine.count > 4 + version.count, requestLine.suffix(version.count).elementsEqual(version) else {
            return nil
        }
        let target = requestLine.dropFirst(4).dropLast(version.count)
        guard !target.contains(UInt8(ascii: " ")) else { return nil }
        // Headers that could mean a body or an upgrade go the full HTTP way.
        var closes = false
        var line = lineEnd.upperBound
        while line < headEnd.lowerBound {
            let next = bytes[line...].firstRange(of: "\r\n".utf8)?.lowerBound ?? headEnd.lowerBound
            let header = bytes[line..<next]
            guard let colon = header.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let name = String(decoding: header[header.startIndex..<colon], as: UTF8.self).lowercased()
            if Self.headersForTheFullPath.contains(name) { return nil }
            if name == "connection" {
                let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
                var value = header[(colon + 1)...].drop(while: blank)
                while let last = value.last, blank(last) { value = value.dropLast() }
                let text = String(decoding: value, as: UTF8.self).lowercased()
                switch text {
                case "close": closes = true
                case "keep-alive": break
                default: return nil
                }
            }
            line = next + 2
        }
        return (String(decoding: target, as: UTF8.self), closes)
    }

    static let headersForTheFullPath: Set<String> = [
        "content-length", "transfer-encoding", "expect", "upgrade", "authorization",
    ]
}
