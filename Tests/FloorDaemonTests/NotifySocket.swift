import Foundation
import Glibc

/// A datagram socket the test owns, standing in for systemd's `$NOTIFY_SOCKET`.
final class NotifySocket {
    let path: String
    private let descriptor: Int32
    private(set) var messages: [String] = []

    /// Forgets what was received, so the next `waitFor` waits for a new message.
    func forget() { messages.removeAll() }

    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/notify.sock"
        descriptor = try Self.bind(path, receiveTimeoutMicroseconds: 100_000)
    }

    /// A datagram socket bound at `path` (replacing a file left there), reads timing out.
    static func bind(_ path: String, receiveTimeoutMicroseconds: Int) throws -> Int32 {
        unlink(path)
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            throw DaemonError("bind notify socket: errno \(errno)")
        }
        var timeout = timeval(tv_sec: 0, tv_usec: receiveTimeoutMicroseconds)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    /// Reads messages until one contains `text`, or the timeout passes. Returns whether it came.
    func waitFor(_ text: String, timeout: Double = 15) -> Bool {
        if messages.contains(where: { $0.contains(text) }) { return true }
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            messages.append(message)
            if message.contains(text) { return true }
        }
        return false
    }

    deinit {
        close(descriptor)
        unlink(path)
    }
}
