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
    /// Answered a request that asked to close: what follows on the connection is not read.
    private var closing = false

    /// `answer`: the response to `GET target`, or nil for a route the fast path must not serve.
    init(answer: @escaping (_ target: String) -> QueryResponse?) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
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
        if request.closes {
            closing = true
            written.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) }
        }
    }

    /// A read that is exactly one `GET <target> HTTP/1.1` request with no body and no header that
    /// could mean one or an upgrade: its target, and whether it asked to close the connection
    /// after the answer (`Connection: close`, what `curl` and `floorwatch` send); nil otherwise.
    /// Scans the bytes in place (the generic collection searches cost more than the answer).
    static func plainGet(_ bytes: ByteBufferView) -> (target: String, closes: Bool)? {
        bytes.withUnsafeBytes { raw in plainGet(raw) }
    }

    static func plainGet(_ raw: UnsafeRawBufferPointer) -> (target: String, closes: Bool)? {
        let count = raw.count
        let (cr, lf, space, colon, tab) = (
            UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "\t")
        )
        func matches(_ text: StaticString, at offset: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            guard offset >= 0, offset + length <= count else { return false }
            for index in 0..<length where raw[offset + index] != text.utf8Start[index] { return false }
            return true
        }
        // Whole, and one request: the blank line that ends the head is the last four bytes.
        guard count >= 18, matches("GET /", at: 0), matches("\r\n\r\n", at: count - 4) else { return nil }
        // The request line.
        var lineEnd = 0
        while lineEnd < count, raw[lineEnd] != cr { lineEnd += 1 }
        guard lineEnd + 1 < count, raw[lineEnd + 1] == lf, matches(" HTTP/1.1", at: lineEnd - 9), lineEnd - 9 > 4
        else { return nil }
        // A target of visible ASCII only (anything else is the full parser's to judge).
        for index in 4..<(lineEnd - 9) where !(0x21...0x7E).contains(raw[index]) { return nil }
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: raw[4..<(lineEnd - 9)]), as: UTF8.self)
        // The headers: none that could mean a body or an upgrade.
        var closes = false
        var line = lineEnd + 2
        while line < count - 2 {
            var end = line
            while end < count, raw[end] != cr { end += 1 }
            guard end + 1 < count, raw[end + 1] == lf else { return nil }
            guard let colonAt = (line..<end).first(where: { raw[$0] == colon }), colonAt > line else { return nil }
            // A name of token characters; a value without control characters (a bare LF, a NUL).
            for index in line..<colonAt where !Self.isToken(raw[index]) { return nil }
            for index in (colonAt + 1)..<end where (raw[index] < 0x20 && raw[index] != tab) || raw[index] == 0x7F {
                return nil
            }
            var name = ""
            name.reserveCapacity(colonAt - line)
            for index in line..<colonAt {
                name.unicodeScalars.append(Unicode.Scalar(raw[index] | (raw[index] &- 65 < 26 ? 32 : 0)))
            }
            if Self.headersForTheFullPath.contains(name) { return nil }
            if name == "connection" {
                var start = colonAt + 1
                var stop = end
                while start < stop, raw[start] == space || raw[start] == tab { start += 1 }
                while stop > start, raw[stop - 1] == space || raw[stop - 1] == tab { stop -= 1 }
                let value = String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<stop]), as: UTF8.self)
                    .lowercased()
                switch value {
                case "close": closes = true
                case "keep-alive": break
                default: return nil
                }
            }
            line = end + 2
        }
        return (target, closes)
    }

    /// RFC 9110's `tchar`.
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static let headersForTheFullPath: Set<String> = [
        "content-length", "transfer-encoding", "expect", "upgrade", "authorization",
    ]
}
