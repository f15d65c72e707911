import Foundation
import Glibc

/// Where simulated or replayed lines go: standard output, a TCP listener (NDJSON, one line
/// each, with the socket's own back-pressure), or UDP (one datagram per line). Numeric hosts
/// only, like every address floorwatch parses.
final class LineSender {
    private enum Target {
        case standardOutput
        case socket(Int32, datagram: Bool)
    }

    private let target: Target
    private(set) var linesSent = 0

    init(_ destination: String) throws {
        if destination == "-" {
            target = .standardOutput
            return
        }
        let datagram: Bool
        if destination.hasPrefix("udp://") {
            datagram = true
        } else if destination.hasPrefix("tcp://") {
            datagram = false
        } else {
            throw LineSenderError("--to must be udp://HOST:PORT, tcp://HOST:PORT or - (standard output)")
        }
        let address = String(destination.dropFirst(6))
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw LineSenderError("--to needs HOST:PORT")
        }
        let host = String(address[..<colon])
        let descriptor = socket(AF_INET, Int32(datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &socketAddress.sin_addr) == 1 else {
            close(descriptor)
            throw LineSenderError("the host must be a numeric IPv4 address (127.0.0.1)")
        }
        let connected = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw LineSenderError("cannot connect to \(destination): \(String(cString: strerror(errno)))")
        }
        // A listener that stops reading must not hang the sender forever.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        target = .socket(descriptor, datagram: datagram)
    }

    deinit {
        if case .socket(let descriptor, _) = target { close(descriptor) }
    }

    func send(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        switch target {
        case .standardOutput:
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        case .socket(let descriptor, let datagram):
            if datagram {
                for line in lines {
                    let bytes = Array(line.utf8)
                    _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            } else {
                let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes {
                        Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    }
                    guard written > 0 else {
                        throw LineSenderError("the listener closed the connection: \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
        }
        linesSent += lines.count
    }
}

struct LineSenderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
