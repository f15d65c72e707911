import Foundation
import Testing

/// Datagrams the kernel drops because floorwatchd did not read them in time are counted from the
/// socket itself (`SO_MEMINFO`), so the count holds under the unit's PrivateNetwork= and
/// ProcSubset=pid too, and shows in /metrics and /v1/health.
@Suite("floorwatchd UDP drop count", .serialized)
struct UDPDropCountTests {
    @Test func dropsDuringAStallAreCountedFromTheSocket() throws {
        let directory = try DaemonProcess.scratch("drops")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = DaemonProcess.freePort(type: Int32(SOCK_DGRAM.rawValue))
        let config = directory + "/floorwatchd.toml"
        try """
        [[listener]]
        transport = "udp"
        address = "127.0.0.1:\(port)"

        [ingest]
        udp_receive_buffer_bytes = 65536
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory, listenerFlags: false)
        try daemon.waitUntilServing()
        usleep(2_500_000)  // a first reading of the counter (0)

        // Stalled (SIGSTOP), it reads nothing: 5,000 datagrams of about 200 bytes overflow a
        // 64 KiB buffer many times over.
        kill(daemon.process.processIdentifier, SIGSTOP)
        let payload =
            #"{"v":1,"type":"contact.queued","time_ms":1795597200000,"contact":"drop-test","queue":"billing","channel":"voice","caller":"+61400000000000000000000000000000000000000000000000000000000000"}"#
        for _ in 0..<5_000 { daemon.sendUDP(payload, port: port) }
        kill(daemon.process.processIdentifier, SIGCONT)

        var dropped = 0
        var health = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            usleep(500_000)
            let metrics = try HTTPOverUnixSocket.get(daemon.querySocket, "/metrics").body
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("floorwatch_udp_receive_drops_total ") }
            dropped = line.flatMap { Int(Double($0.split(separator: " ").last ?? "") ?? 0) } ?? 0
            health = try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health").body
            if dropped > 0, health.contains("kernel dropped") { break }
        }
        #expect(dropped > 1_000, "floorwatch_udp_receive_drops_total \(dropped)")
        #expect(health.contains("kernel dropped"), "\(health)")
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 20)
    }
}
