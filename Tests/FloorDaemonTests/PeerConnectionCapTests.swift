import FloorCore
import Foundation
import Glibc
import Testing

/// One host cannot hold every connection slot: TCP ingest and the TCP query port cap each peer
/// address, and a query client without the token does not keep its slot.
@Suite("connection caps per peer", .serialized)
struct PeerConnectionCapTests {
    /// Whether the daemon closed the connection (recv sees the end) within `seconds`.
    static func closedByPeer(_ descriptor: Int32, within seconds: Double) -> Bool {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    @Test func aPeerOverItsCapIsClosedAndOthersAreNot() throws {
        let directory = try DaemonProcess.scratch("caps")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/floorwatchd.toml"
        try "[ingest]\nmax_connections_per_peer = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config])
        try daemon.waitUntilServing()
        let first = try daemon.connectTCP()
        let second = try daemon.connectTCP()
        defer {
            close(first)
            close(second)
        }
        #expect(!PeerConnectionCapTests.closedByPeer(first, within: 0.5))
        let third = try daemon.connectTCP()
        #expect(
            PeerConnectionCapTests.closedByPeer(third, within: 3), "a third connection from the same address is closed")
        close(third)
        // The two admitted ones still deliver.
        let line = DaemonIntegrationTests.line(#""type":"agent.login","agent":"cap1""#, secondsAgo: 10) + "\n"
        _ = Array(line.utf8).withUnsafeBytes { send(second, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        _ = try daemon.waitForSnapshot(timeout: 10) { (($0["agents"] as? [String: Any])?["known"] as? Int) == 1 }
        // A closed slot is free again.
        close(first)
        usleep(300_000)
        let again = try daemon.connectTCP()
        #expect(!PeerConnectionCapTests.closedByPeer(again, within: 0.5))
        close(again)
    }

    @Test func aQueryClientWithoutTheTokenDoesNotKeepItsSlot() throws {
        let directory = try DaemonProcess.scratch("caps-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try String(repeating: "t", count: 40).write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: [
            "--query-tcp", "127.0.0.1:\(port)", "--query-token-file", directory + "/token",
        ])
        try daemon.waitUntilServing()
        let descriptor = try daemon.connectTCP(port: port)
        defer { close(descriptor) }
        let request = Array("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).hasPrefix("HTTP/1.1 401"))
        #expect(PeerConnectionCapTests.closedByPeer(descriptor, within: 3), "the connection closes after the 401")
    }
}
