import Foundation
import Glibc

/// Starts the real `floorwatchd` binary for a test, with its own temporary directory and ports,
/// and talks to it over real sockets.
final class DaemonProcess: @unchecked Sendable {
    let directory: String
    let querySocket: String
    let udpPort: Int
    let tcpPort: Int
    let process = Process()
    private let output = Pipe()
    /// Only a directory this object made is removed with it (callers may restart on theirs).
    private let ownsDirectory: Bool

    /// The debug build beside the tests, or `FLOORWATCHD_BINARY` (a release build for the
    /// large catch-up run).
    static var binary: String {
        ProcessInfo.processInfo.environment["FLOORWATCHD_BINARY"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "floorwatchd"
            )
            .path
    }

    /// Free loopback ports: bind port 0, read the port, close (the daemon binds it right after).
    static func freePort(type: Int32) -> Int {
        let descriptor = socket(AF_INET, type, 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                _ = bind(descriptor, pointer, length)
                _ = getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    init(
        arguments extra: [String] = [], environment: [String: String] = [:], directory: String? = nil,
        launcher: [String] = [], clock: String = "wall", querySocket socketPath: String? = nil,
        listenerFlags: Bool = true
    ) throws {
        // A daemon a test kills may leave a socket the test still writes to: an error, not a
        // SIGPIPE that ends the whole test process.
        signal(SIGPIPE, SIG_IGN)
        ownsDirectory = directory == nil
        self.directory =
            directory
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("floorwatchd-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        querySocket = socketPath ?? self.directory + "/query.sock"
        udpPort = Self.freePort(type: Int32(SOCK_DGRAM.rawValue))
        tcpPort = Self.freePort(type: Int32(SOCK_STREAM.rawValue))
        let listeners = listenerFlags ? ["--udp", "127.0.0.1:\(udpPort)", "--tcp", "127.0.0.1:\(tcpPort)"] : []
        let daemonArguments =
            listeners + ["--query-socket", querySocket, "--state-dir", self.directory + "/state", "--clock", clock]
            + extra
        if launcher.isEmpty {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = daemonArguments
        } else {
            process.executableURL = URL(fileURLWithPath: launcher[0])
            process.arguments = Array(launcher.dropFirst()) + [Self.binary] + extra
        }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        env["NOTIFY_SOCKET"] = environment["NOTIFY_SOCKET"]
        if environment["NOTIFY_SOCKET"] == nil { env.removeValue(forKey: "NOTIFY_SOCKET") }
        process.environment = env
        process.standardError = output
        process.standardOutput = output
        try process.run()
    }

    /// A fresh, empty directory for one test (`fw-NAME-PID` in the temporary directory); the
    /// caller removes it.
    static func scratch(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Waits until the query socket answers /v1/health.
    func waitUntilServing(timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = try? HTTPOverUnixSocket.get(querySocket, "/v1/health"), response.status == 200 { return }
            guard process.isRunning else { throw DaemonError("floorwatchd exited: \(log())") }
            usleep(50_000)
        }
        throw DaemonError("floorwatchd did not serve within \(timeout) s: \(log())")
    }

    func log() -> String {
        String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    }

    /// Everything the daemon wrote; only once it has exited (reads to the end of the pipe).
    func logAfterExit() -> String {
        String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func json(_ path: String) throws -> [String: Any] {
        let response = try HTTPOverUnixSocket.get(querySocket, path)
        guard response.status == 200 else { throw DaemonError("GET \(path): \(response.status) \(response.body)") }
        return try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] ?? [:]
    }

    /// Polls until `condition` holds on /v1/snapshot (no fixed sleeps).
    func waitForSnapshot(timeout: Double = 10, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = try json("/v1/snapshot")
            if condition(last) { return last }
            usleep(50_000)
        }
        throw DaemonError("condition not met; last snapshot: \(last)")
    }

    func sendUDP(_ payload: String, port: Int? = nil) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port ?? udpPort).bigEndian
        let bytes = Array(payload.utf8)
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// Opens a TCP connection to the ingest port; the caller writes and closes it.
    func connectTCP(port: Int? = nil) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port ?? tcpPort).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw DaemonError("connect to TCP \(port ?? tcpPort) failed: errno \(errno)") }
        return descriptor
    }

    func sendTCP(_ text: String, port: Int? = nil) throws {
        let descriptor = try connectTCP(port: port)
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw DaemonError("send failed") }
            sent += count
        }
    }

    func terminate(signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Waits for exit; returns the exit status and seconds taken, or nil on timeout.
    func waitForExit(timeout: Double) -> (status: Int32, seconds: Double)? {
        let start = Date()
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout { return nil }
            usleep(20_000)
        }
        return (process.terminationStatus, Date().timeIntervalSince(start))
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A minimal HTTP/1.1 client over a Unix socket (what `curl --unix-socket` does).
enum HTTPOverUnixSocket {
    struct Response {
        var status: Int
        var headers: String
        var body: String
    }

    /// The same request over TCP on loopback, with extra header lines.
    static func getTCP(port: Int, _ resource: String, headers: String = "") throws -> Response {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw DaemonError("connect TCP \(port): errno \(errno)") }
        return try exchange(descriptor, resource, headers: headers)
    }

    /// A connected Unix stream socket (the caller closes it), or -1 with `errno` set.
    static func connectUnix(_ path: String) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            close(descriptor)
            errno = error
            return -1
        }
        return descriptor
    }

    static func get(_ path: String, _ resource: String) throws -> Response {
        let descriptor = connectUnix(path)
        guard descriptor >= 0 else { throw DaemonError("connect \(path): errno \(errno)") }
        defer { close(descriptor) }
        return try exchange(descriptor, resource, headers: "")
    }

    static func send(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the peer sends until it closes the connection.
    static func receiveUntilClosed(_ descriptor: Int32) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    private static func exchange(_ descriptor: Int32, _ resource: String, headers: String) throws -> Response {
        // A peer that never answers (another test's listener that took a port chosen earlier)
        // fails the request in half a minute instead of holding the test for five.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        send(descriptor, "GET \(resource) HTTP/1.1\r\nHost: localhost\r\n\(headers)Connection: close\r\n\r\n")
        let text = receiveUntilClosed(descriptor)
        guard let split = text.range(of: "\r\n\r\n") else { throw DaemonError("no HTTP response: \(text)") }
        let head = String(text[..<split.lowerBound])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Response(status: status, headers: head, body: String(text[split.upperBound...]))
    }
}
