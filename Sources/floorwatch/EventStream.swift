import FloorProtocol
import FloorQueryAPI
import Glibc

/// A live `/v1/stream` connection: the HTTP response head, chunked transfer decoding, and
/// Server-Sent Events split into (event, data) pairs. Non-blocking reads driven by poll(2).
final class EventStream {
    let descriptor: Int32
    private var raw: [UInt8] = []
    private var headerDone = false
    private var chunked = false
    private var body: [UInt8] = []
    private var chunkRemaining: Int?
    private(set) var closed = false

    init(client: QueryClient, interval: String = "1s") throws {
        descriptor = try client.connect()
        let request =
            "GET \(QueryRoute.stream.target([.interval: interval])) HTTP/1.1\r\nHost: localhost\r\n\(client.authorizationHeader)"
            + "Accept: text/event-stream\r\n\r\n"
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(descriptor) }

    /// Reads what is there; returns complete events. Marks the stream closed on EOF or error.
    func read() -> [(event: String, data: String)] {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 {
                raw += buffer[0..<count]
                continue
            }
            if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { closed = true }
            break
        }
        if !headerDone, let end = Self.find([13, 10, 13, 10], in: raw) {
            let head = String(decoding: raw[..<end], as: UTF8.self).lowercased()
            guard head.hasPrefix("http/1.1 200") else {
                closed = true
                return []
            }
            chunked = head.contains("transfer-encoding: chunked")
            raw.removeFirst(end + 4)
            headerDone = true
        }
        guard headerDone else { return [] }
        if chunked {
            dechunk()
        } else {
            body += raw
            raw.removeAll()
        }
        return events()
    }

    private func dechunk() {
        while true {
            if let remaining = chunkRemaining {
                guard raw.count >= remaining + 2 else { return }
                body += raw[..<remaining]
                raw.removeFirst(remaining + 2)
                chunkRemaining = nil
            }
            guard let lineEnd = Self.find([13, 10], in: raw) else { return }
            let sizeText = String(decoding: raw[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(), radix: 16) else {
                closed = true
                return
            }
            raw.removeFirst(lineEnd + 2)
            if size == 0 {
                closed = true
                return
            }
            chunkRemaining = size
        }
    }

    private func events() -> [(event: String, data: String)] {
        var found: [(String, String)] = []
        while let end = Self.find([10, 10], in: body) {
            let block = String(decoding: body[..<end], as: UTF8.self)
            body.removeFirst(end + 2)
            var name = "message"
            var data: [Substring] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(line.dropFirst(6)) }
            }
            found.append((name, data.joined(separator: "\n")))
        }
        return found
    }

    static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for index in 0...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
            if Array(bytes[index..<(index + pattern.count)]) == pattern { return index }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
