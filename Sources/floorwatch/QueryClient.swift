import Foundation
import Glibc

/// HTTP/1.1 GET over the query socket (what `curl --unix-socket` does), or over TCP with a token.
struct QueryClient {
    var socketPath: String
    var url: String?
    var token: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func get(_ resource: String) throws -> (status: Int, body: String) {
        try request("GET", resource)
    }

    /// Any method; a body is sent as JSON.
    func request(_ method: String, _ resource: String, body: String? = nil) throws -> (status: Int, body: String) {
        let descriptor = try connect()
        defer { close(descriptor) }
        let auth = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        let content = body.map { "Content-Type: application/json\r\nContent-Length: \($0.utf8.count)\r\n" } ?? ""
        let request = Array(
            "\(method) \(resource) HTTP/1.1\r\nHost: localhost\r\n\(auth)\(content)Connection: close\r\n\r\n\(body ?? "")"
                .utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no HTTP response from floorwatchd")
        }
        let status = Int(text[..<split.lowerBound].split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, String(text[split.upperBound...]))
    }

    /// A connected stream socket to the daemon (the caller closes it).
    func connect() throws -> Int32 {
        if let url { return try connectTCP(url) }
        return try connectUnix(socketPath)
    }

    /// The bearer token header line, when one is configured.
    var authorizationHeader: String { token.map { "Authorization: Bearer \($0)\r\n" } ?? "" }

    private func connectUnix(_ path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(
                description:
                    "cannot reach floorwatchd at \(path): \(String(cString: strerror(errno))) (is it running? --socket PATH)"
            )
        }
        return descriptor
    }

    private func connectTCP(_ url: String) throws -> Int32 {
        // http://HOST:PORT, numeric host.
        let trimmed =
            url.replacingOccurrences(of: "http://", with: "").split(separator: "/").first.map(String.init) ?? ""
        guard let colon = trimmed.lastIndex(of: ":"), let port = UInt16(trimmed[trimmed.index(after: colon)...]) else {
            throw Failure(description: "--url must be http://HOST:PORT")
        }
        let host = String(trimmed[..<colon])
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw Failure(description: "--url host must be an IPv4 address")
        }
        address.sin_port = port.bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw Failure(description: "cannot reach floorwatchd at \(url): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}
