import FloorCore
import Foundation
import Glibc
import Testing

/// The real `floorwatchd` binary with real sockets. Serialized: each test owns a daemon process.
@Suite("floorwatchd integration", .serialized)
struct DaemonIntegrationTests {
    /// `now` is whole milliseconds taken once per test, so the gaps between stamps are exact (taking the
    /// clock per line made a 12 s wait read 12.001 s when the two lines fell either side of a millisecond).
    static func line(
        _ fields: String, secondsAgo: Double, now: Int64 = Int64(Date().timeIntervalSince1970 * 1000)
    )
        -> String
    {
        let time = EventTime(milliseconds: now - Int64((secondsAgo * 1000).rounded()))
        return #"{"v":1,"time":"\#(RFC3339.format(time))",\#(fields)}"#
    }

    static func window(_ snapshot: [String: Any], channel: String, _ window: String) -> [String: Any] {
        let channels = snapshot["channels"] as? [String: Any]
        let scope = channels?[channel] as? [String: Any]
        return (scope?["windows"] as? [String: Any])?[window] as? [String: Any] ?? [:]
    }

    @Test func eventsOverUDPAndTCPAppearWithExactCounts() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let queued = #""type":"contact.queued","queue":"billing","channel":"voice""#
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // Stamped minutes in the past, as a backlog flushed after a network cut would be.
        try daemon.sendTCP(
            [
                Self.line(queued + #","contact":"c1""#, secondsAgo: 200, now: now),
                Self.line(#""type":"contact.connected","contact":"c1","agent":"a1""#, secondsAgo: 188, now: now),
                Self.line(queued + #","contact":"c2""#, secondsAgo: 100, now: now),
                Self.line(#""type":"contact.ended","contact":"c2","reason":"abandoned""#, secondsAgo: 40, now: now),
                Self.line(queued + #","contact":"c4""#, secondsAgo: 480, now: now),
                Self.line(#""type":"contact.ended","contact":"c4","reason":"abandoned""#, secondsAgo: 470, now: now),
            ].joined(separator: "\n") + "\n")
        daemon.sendUDP(Self.line(queued + #","contact":"c3""#, secondsAgo: 30, now: now))
        let snapshot = try daemon.waitForSnapshot {
            (Self.window($0, channel: "voice", "15m")["offered"] as? Int) == 4
        }
        let five = Self.window(snapshot, channel: "voice", "5m")
        let fifteen = Self.window(snapshot, channel: "voice", "15m")
        #expect(five["offered"] as? Int == 3)
        #expect(five["answered"] as? Int == 1)
        #expect(five["abandoned"] as? Int == 1)
        #expect(fifteen["abandoned"] as? Int == 2)
        #expect(five["asa_seconds"] as? Double == 12)
        let voice = (snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any]
        #expect(voice?["in_queue"] as? Int == 1)
        let queues = snapshot["queues"] as? [String: Any]
        #expect((queues?["billing"] as? [String: Any])?["channel"] as? String == "voice")
        let sources =
            try JSONSerialization.jsonObject(
                with: Data(HTTPOverUnixSocket.get(daemon.querySocket, "/v1/sources").body.utf8)) as? [[String: Any]]
        #expect(sources?.map { $0["events"] as? Int } == [1, 6])
    }

    @Test func badInputIsCountedByReasonWhileOthersAreServed() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let oversized = #"{"v":1,"pad":""# + String(repeating: "x", count: 20_000) + #""}"#
        try daemon.sendTCP("not json\n" + oversized + "\n" + #"{"v":1,"type":"warp","time_ms":1795597200000}"# + "\n")
        daemon.sendUDP("{\"v\":1,")
        try daemon.sendTCP(
            Self.line(#""type":"contact.queued","contact":"ok","queue":"q","channel":"chat""#, secondsAgo: 1) + "\n")
        let snapshot = try daemon.waitForSnapshot {
            (Self.window($0, channel: "chat", "5m")["offered"] as? Int) == 1
        }
        let sources = snapshot["sources"] as? [[String: Any]] ?? []
        let udp = sources.first { ($0["name"] as? String)?.hasPrefix("udp") == true }
        let tcp = sources.first { ($0["name"] as? String)?.hasPrefix("tcp") == true }
        #expect(udp?["decode_errors"] as? [String: Int] == ["malformed_json": 1])
        #expect(
            tcp?["decode_errors"] as? [String: Int] == ["malformed_json": 1, "too_long": 1, "unknown_event_type": 1])
        let metrics = try HTTPOverUnixSocket.get(daemon.querySocket, "/metrics").body
        #expect(
            metrics.contains(
                #"floorwatch_source_decode_errors_total{source="tcp://127.0.0.1:\#(daemon.tcpPort)=native",reason="too_long"} 1"#
            ))
    }

    @Test func notifiesReadyStatusWatchdogAndStopsWithinFiveSeconds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-notify-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notify = try NotifySocket(directory: directory)
        let daemon = try DaemonProcess(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
        #expect(notify.waitFor("READY=1"))
        try daemon.waitUntilServing()
        #expect(notify.waitFor("WATCHDOG=1"))
        #expect(notify.waitFor("STATUS="))
        // An open client must not hold up shutdown.
        let client = try daemon.connectTCP()
        defer { close(client) }
        daemon.terminate()
        #expect(notify.waitFor("STOPPING=1", timeout: 5))
        let exit = daemon.waitForExit(timeout: 5)
        #expect(exit?.status == 0)
        #expect((exit?.seconds ?? 99) < 5)
    }

    @Test func restartsOnTheSameSocketPathAfterKill9() throws {
        let first = try DaemonProcess()
        try first.waitUntilServing()
        first.terminate(signal: SIGKILL)
        _ = first.waitForExit(timeout: 5)
        #expect(FileManager.default.fileExists(atPath: first.querySocket))
        // Same query socket path as the killed one: the stale file must be replaced.
        defer { try? FileManager.default.removeItem(atPath: first.directory + "-second") }
        let second = try DaemonProcess(directory: first.directory + "-second", querySocket: first.querySocket)
        try second.waitUntilServing()
        let health = try HTTPOverUnixSocket.get(first.querySocket, "/v1/health")
        #expect(health.status == 200)
    }
}

@Suite("floorwatchd socket activation", .serialized)
struct SocketActivationTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate")))
    func adoptsUDPTCPAndQuerySocketsFromSystemdSocketActivate() throws {
        let udp = DaemonProcess.freePort(type: Int32(SOCK_DGRAM.rawValue))
        let tcp = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-activate-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let query = directory + "/query.sock"
        // Chained instances pass UDP, TCP and the Unix socket together, as PID 1 does.
        let launcher = [
            "/usr/bin/systemd-socket-activate", "--datagram", "--listen=127.0.0.1:\(udp)", "--fdname=ingest-udp-native",
            "/usr/bin/systemd-socket-activate", "--listen=127.0.0.1:\(tcp)", "--fdname=ingest-tcp-native",
            "/usr/bin/systemd-socket-activate", "--listen=\(query)", "--fdname=query",
        ]
        let daemon = try DaemonProcess(
            arguments: ["--state-dir", directory + "/state", "--query-socket", directory + "/unused.sock"],
            directory: directory, launcher: launcher, querySocket: query)
        // The first datagram starts the chain; it waits in the passed socket until the daemon reads it.
        usleep(300_000)
        daemon.sendUDP(
            DaemonIntegrationTests.line(
                #""type":"contact.queued","contact":"u1","queue":"billing","channel":"voice""#, secondsAgo: 5),
            port: udp)
        try daemon.waitUntilServing()
        try daemon.sendTCP(
            DaemonIntegrationTests.line(
                #""type":"contact.queued","contact":"t1","queue":"billing","channel":"voice""#, secondsAgo: 2) + "\n",
            port: tcp)
        let snapshot = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["offered"] as? Int) == 2
        }
        let names = (snapshot["sources"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.contains("fd:") })
        #expect(!FileManager.default.fileExists(atPath: directory + "/unused.sock"))
    }
}

@Suite("floorwatchd /metrics", .serialized)
struct MetricsExpositionTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: promtool != nil, "promtool is installed by .ci/run (Debian's prometheus package)"))
    func promtoolAcceptsTheExposition() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        try daemon.sendTCP(
            DaemonIntegrationTests.line(
                #""type":"contact.queued","contact":"m1","queue":"billing","channel":"voice""#, secondsAgo: 3)
                + "\nnot json\n")
        _ = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["offered"] as? Int) == 1
        }
        let exposition = try HTTPOverUnixSocket.get(daemon.querySocket, "/metrics")
        #expect(exposition.status == 200)
        #expect(exposition.headers.lowercased().contains("text/plain; version=0.0.4"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.promtool!)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(exposition.body.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "promtool: \(report)")
        #expect(exposition.body.contains("# HELP floorwatch_contacts_in_queue "))
        #expect(exposition.body.contains(#"floorwatch_contacts_in_queue{channel="voice",queue="billing"} 1"#))
    }
}

@Suite("floorwatchd TCP query port", .serialized)
struct QueryTCPTests {
    @Test func bearerTokenIsRequired() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("fw-token-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        let token = String(repeating: "5e3c", count: 16)
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--query-tcp", "127.0.0.1:\(port)", "--query-token-file", tokenFile])
        try daemon.waitUntilServing()
        #expect(try HTTPOverUnixSocket.getTCP(port: port, "/v1/health").status == 401)
        #expect(
            try HTTPOverUnixSocket.getTCP(port: port, "/v1/health", headers: "Authorization: Bearer wrong\r\n").status
                == 401)
        let allowed = try HTTPOverUnixSocket.getTCP(
            port: port, "/v1/snapshot", headers: "Authorization: Bearer \(token)\r\n")
        #expect(allowed.status == 200)
        #expect(allowed.body.hasPrefix(#"{"generated_at":"#))
        // The Unix socket is protected by file permissions instead.
        #expect(try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health").status == 200)
    }

    /// A short token, or a port open to the network without one, is refused at start.
    @Test func weakOrMissingTokensAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-weak-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "s3cret\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try "[query]\ntcp = \"0.0.0.0:7680\"\ntcp_allow_remote = true\n".write(
            toFile: directory + "/open.toml", atomically: true, encoding: .utf8)
        for arguments in [
            ["--query-tcp", "127.0.0.1:7680", "--query-token-file", directory + "/token", "--check-config"],
            ["--config", directory + "/open.toml", "--check-config"],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
            process.arguments = arguments
            process.standardError = Pipe()
            process.standardOutput = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments)")
        }
    }

    @Test func nonLoopbackQueryPortIsRefusedUnlessAllowed() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        process.arguments = ["--query-tcp", "0.0.0.0:7680", "--check-config"]
        process.standardError = Pipe()
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
    }
}

@Suite("floorwatchd sender allow-list", .serialized)
struct AllowListTests {
    @Test func sendersOutsideTheAllowListAreRefusedAndCounted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-allow-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        try "[ingest]\nallow_networks = [\"192.0.2.0/24\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        try daemon.waitUntilServing()
        let event = DaemonIntegrationTests.line(
            #""type":"contact.queued","contact":"x","queue":"q","channel":"voice""#, secondsAgo: 1)
        daemon.sendUDP(event)
        try? daemon.sendTCP(event + "\n")
        let snapshot = try daemon.waitForSnapshot {
            let sources = $0["sources"] as? [[String: Any]] ?? []
            return sources.compactMap { ($0["decode_errors"] as? [String: Int])?["peer_not_allowed"] }.reduce(0, +) == 2
        }
        #expect((DaemonIntegrationTests.window(snapshot, channel: "voice", "5m")["offered"] as? Int) == 0)
    }
}

@Suite("floorwatchd with Asterisk queue_log", .serialized)
struct QueueLogEndToEndTests {
    @Test func queueLogLinesOverTCPShowInTheSnapshot() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: ["--tcp", "127.0.0.1:\(port)=asterisk-queue-log"], clock: "event")
        try daemon.waitUntilServing()
        // Asterisk writes one line per event; a caller answered after 9 s, one abandoning after
        // 68 s, one still waiting, and a QUEUESTART (ignored, counted).
        let lines = [
            "1596512941|1596512941.160|support|NONE|ENTERQUEUE||7000|1",
            "1596512950|1596512941.160|support|SIP/4101|CONNECT|9|1596512941.161|2",
            "1596512951|1596512951.163|support|NONE|ENTERQUEUE||7001|1",
            "1596513019|1596512951.163|support|NONE|ABANDON|1|1|68",
            "1596513020|NONE|NONE|NONE|QUEUESTART|",
            "1596513030|1596513030.170|support|NONE|ENTERQUEUE||7002|1",
            "1596513040|1596512941.160|support|SIP/4101|COMPLETECALLER|9|90|1",
        ]
        try daemon.sendTCP(lines.joined(separator: "\n") + "\n", port: port)
        let snapshot = try daemon.waitForSnapshot {
            let queue = ($0["queues"] as? [String: Any])?["support"] as? [String: Any]
            return ((queue?["windows"] as? [String: Any])?["15m"] as? [String: Any])?["abandoned"] as? Int == 1
        }
        let support = (snapshot["queues"] as? [String: Any])?["support"] as? [String: Any] ?? [:]
        let window = (support["windows"] as? [String: Any])?["15m"] as? [String: Any] ?? [:]
        #expect(support["channel"] as? String == "voice")
        #expect(support["in_queue"] as? Int == 1)
        #expect(support["oldest_wait_seconds"] as? Double == 10)
        #expect(window["offered"] as? Int == 3)
        #expect(window["answered"] as? Int == 1)
        #expect(window["abandoned"] as? Int == 1)
        #expect(window["asa_seconds"] as? Double == 9)
        #expect(window["avg_abandon_seconds"] as? Double == 68)
        #expect(window["wait_max_seconds"] as? Double == 68)
        let sources = snapshot["sources"] as? [[String: Any]] ?? []
        let queueLog = sources.first { ($0["format"] as? String) == "asterisk-queue-log" }
        // QUEUESTART is Asterisk's own bookkeeping: ignored, never a rejected input.
        #expect(queueLog?["decode_errors"] as? [String: Int] == [:])
        #expect(queueLog?["ignored"] as? [String: Int] == ["system_record": 1])
    }
}

@Suite("floorwatchd lists and live stream", .serialized)
struct ListsAndStreamTests {
    static func jsonArray(_ daemon: DaemonProcess, _ path: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(HTTPOverUnixSocket.get(daemon.querySocket, path).body.utf8))
            as? [[String: Any]] ?? []
    }

    @Test func agentsWaitingAndAbandonedListsMatchTheEvents() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        try daemon.sendTCP(
            [
                line(#""type":"agent.login","agent":"a1","name":"Ana","team":"Billing""#, 300),
                line(
                    #""type":"agent.profile","agent":"a1","slots":{"voice":1,"email":1},"cross_channel":["email"]"#, 300
                ),
                line(#""type":"agent.login","agent":"a2","name":"Bo""#, 300),
                line(#""type":"agent.state","agent":"a2","state":"away","reason":"lunch""#, 120),
                line(
                    #""type":"contact.queued","contact":"c1","queue":"billing","channel":"voice","caller":"+61400000042""#,
                    90),
                line(#""type":"contact.ended","contact":"c1","reason":"abandoned""#, 60),
                line(#""type":"contact.queued","contact":"c2","queue":"billing","channel":"voice""#, 50),
                line(#""type":"contact.queued","contact":"c3","queue":"billing","channel":"voice""#, 20),
                line(#""type":"contact.queued","contact":"c4","queue":"billing","channel":"voice""#, 10),
                line(#""type":"contact.connected","contact":"c4","agent":"a1""#, 5),
            ].joined(separator: "\n") + "\n")
        _ = try daemon.waitForSnapshot { (($0["agents"] as? [String: Any])?["on_contact"] as? Int) == 1 }
        let agents = try Self.jsonArray(daemon, "/v1/agents")
        #expect(agents.map { $0["id"] as? String } == ["a1", "a2"])
        #expect(agents[0]["state"] as? String == "on_contact")
        #expect(agents[0]["contacts"] as? [String] == ["c4"])
        #expect((agents[0]["slots"] as? [String: [String: Int]])?["voice"] == ["capacity": 1, "in_use": 1])
        #expect(agents[1]["state"] as? String == "away")
        #expect(agents[1]["reason"] as? String == "lunch")
        #expect(abs((agents[1]["seconds_in_state"] as? Double ?? 0) - 120) < 5)
        let waiting = try Self.jsonArray(daemon, "/v1/contacts?state=waiting")
        #expect(waiting.map { $0["id"] as? String } == ["c2", "c3"])
        #expect(waiting.map { $0["position"] as? Int } == [1, 2])
        let abandoned = try Self.jsonArray(daemon, "/v1/contacts?state=abandoned")
        #expect(abandoned.count == 1)
        #expect(abandoned.first?["caller"] as? String == "+61******042")
        #expect(abs((abandoned.first?["wait_seconds"] as? Double ?? 0) - 30) < 0.01)
    }

    @Test func streamDeliversASnapshotPerIntervalAndSkipsForASlowReader() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        try SSEClient.fillWithFortyQueues(daemon)

        let fast = try SSEClient(socket: daemon.querySocket, path: "/v1/stream?interval=200ms")
        let events = fast.read(for: 1.5)
        #expect((5...9).contains(events.count), "\(events.count) snapshots in 1.5 s at 200 ms")
        // The same snapshot may come twice when the engine ticks slower than the stream (250 ms here).
        #expect(events == events.sorted())

        let slow = try SSEClient(socket: daemon.querySocket, path: "/v1/stream?interval=100ms", receiveBuffer: 4096)
        usleep(4_000_000)
        let caughtUp = slow.read(for: 1.0)
        // 50 ticks passed; a slow reader is not sent a backlog of all of them...
        #expect(caughtUp.count < 45, "received \(caughtUp.count)")
        // ...and what it gets last is current.
        let current = try daemon.json("/v1/health")["snapshot_sequence"] as? Int ?? 0
        #expect(current - (caughtUp.last ?? 0) < 20)
    }
}

/// Follows an SSE stream over the query socket and returns the `id:` of each snapshot event.
final class SSEClient {
    /// Forty queues with a contact each: snapshots large enough to fill socket buffers quickly
    /// when a stream's client does not read.
    static func fillWithFortyQueues(_ daemon: DaemonProcess) throws {
        try daemon.sendTCP(
            (0..<40).map {
                DaemonIntegrationTests.line(
                    #""type":"contact.queued","contact":"s\#($0)","queue":"queue-\#($0)","channel":"chat""#,
                    secondsAgo: 5)
            }.joined(separator: "\n") + "\n")
        _ = try daemon.waitForSnapshot { (($0["queues"] as? [String: Any])?.count ?? 0) == 40 }
    }

    private let descriptor: Int32
    private var pending = ""

    init(socket path: String, path resource: String, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
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
        guard connected == 0 else { throw DaemonError("connect \(path): errno \(errno)") }
        let request = Array("GET \(resource) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func read(for seconds: Double) -> [Int] {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var ids: [Int] = []
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            pending += String(decoding: buffer[0..<count], as: UTF8.self)
            while let end = pending.range(of: "\n\n") {
                let event = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                if event.contains("event: snapshot"),
                    let idLine = event.split(separator: "\n").first(where: { $0.hasPrefix("id: ") }),
                    let id = Int(idLine.dropFirst(4))
                {
                    ids.append(id)
                }
            }
        }
        return ids
    }

    /// Reads everything the daemon sent and then waits for it to close the connection; false
    /// when it is still open after `seconds`.
    func drainUntilClosed(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while Date() < deadline {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0, errno != EAGAIN, errno != EWOULDBLOCK { return true }
        }
        return false
    }

    deinit { close(descriptor) }
}

@Suite("floorwatch query", .serialized)
struct QueryCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
            .appendingPathComponent("floorwatch")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func tablesShowTheFloor() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        try daemon.sendTCP(
            [
                line(#""type":"agent.login","agent":"a7","name":"Ana Lopez""#, 60),
                line(#""type":"contact.queued","contact":"c1","queue":"billing","channel":"voice""#, 40),
                line(#""type":"contact.connected","contact":"c1","agent":"a7""#, 28),
                line(#""type":"contact.queued","contact":"c2","queue":"billing","channel":"voice""#, 10),
            ].joined(separator: "\n") + "\n")
        _ = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["answered"] as? Int) == 1
        }
        let queues = try Self.run(["query", "queues", "--socket", daemon.querySocket, "--window", "5m"])
        #expect(queues.status == 0)
        let billing = queues.output.split(separator: "\n").first { $0.hasPrefix("billing") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        // queue, in queue, oldest, SL, offered, answered, abandoned, ASA
        #expect(billing?[1] == "1")
        #expect(billing?[4] == "2")
        #expect(billing?[5] == "1")
        #expect(billing?[7] == "12s")
        let agents = try Self.run(["query", "agents", "--socket", daemon.querySocket])
        #expect(agents.output.contains("a7") && agents.output.contains("on_contact"))
        let json = try Self.run(["query", "contacts", "--json", "--socket", daemon.querySocket])
        #expect(json.output.contains(#""id":"c2""#))
        let unreachable = try Self.run(["query", "snapshot", "--socket", daemon.directory + "/missing.sock"])
        #expect(unreachable.status == 1)
        #expect(unreachable.output.contains("cannot reach floorwatchd"))
    }
}

@Suite("floorwatchd reload", .serialized)
struct ReloadTests {
    @Test func sighupChangesAThresholdAndAListenerWithoutLosingState() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-reload-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        defer { try? FileManager.default.removeItem(atPath: directory + "-notify") }
        let notify = try NotifySocket(directory: directory + "-notify")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        let extraPort = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        try "[channels.voice]\nservice_level_threshold_seconds = 20\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            arguments: ["--config", config], environment: ["NOTIFY_SOCKET": notify.path], directory: directory)
        try daemon.waitUntilServing()
        #expect(notify.waitFor("READY=1"))
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        // Answered after 25 s: outside a 20 s threshold.
        try daemon.sendTCP(
            line(#""type":"contact.queued","contact":"c1","queue":"billing","channel":"voice""#, 100) + "\n"
                + line(#""type":"contact.connected","contact":"c1","agent":"a1""#, 75) + "\n")
        let before = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["answered"] as? Int) == 1
        }
        #expect(DaemonIntegrationTests.window(before, channel: "voice", "5m")["service_level"] as? Double == 0)

        // The daemon's listeners came from the flags of DaemonProcess; the file now adds one more
        // and raises the threshold. Reload keeps the flags' listeners (flags win) and state.
        try "[channels.voice]\nservice_level_threshold_seconds = 30\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        daemon.terminate(signal: SIGHUP)
        #expect(notify.waitFor("RELOADING=1"))
        #expect(notify.waitFor("configuration reloaded"))
        try daemon.sendTCP(
            line(#""type":"contact.queued","contact":"c2","queue":"billing","channel":"voice""#, 40) + "\n"
                + line(#""type":"contact.connected","contact":"c2","agent":"a2""#, 15) + "\n")
        let after = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["answered"] as? Int) == 2
        }
        let voice = (after["channels"] as? [String: Any])?["voice"] as? [String: Any]
        #expect(voice?["service_level_threshold_seconds"] as? Double == 30)
        // State kept: c1 still counted (outside 20 s when it happened), c2 inside 30 s.
        #expect(DaemonIntegrationTests.window(after, channel: "voice", "5m")["service_level"] as? Double == 0.5)
        #expect(daemon.process.isRunning)
        _ = extraPort
    }

    /// Every kind of bad value in a reloaded file is refused as a whole: the daemon keeps running
    /// with the configuration it had (a threshold of 25 s here), and says why.
    @Test func aBadReloadChangesNothing() throws {
        let directory = try DaemonProcess.scratch("reload-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notify = try NotifySocket(directory: directory + "/notify")
        let config = directory + "/floorwatchd.toml"
        try "[channels.voice]\nservice_level_threshold_seconds = 25\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], environment: ["NOTIFY_SOCKET": notify.path])
        try daemon.waitUntilServing()
        #expect(notify.waitFor("READY=1"))
        let bad = [
            "[channels.voice]\nservice_level_threshold_seconds = \"twenty\"\n",  // wrong type
            "[channels.voice]\nservice_level_threshold_seconds = 0\n",  // out of range
            "[channels.voice]\nservice_level_target = 1.5\n",  // not a fraction
            "[channels.voice]\nservice_levle_target = 0.8\n",  // unknown key (a typo)
            "[channels.fax]\nservice_level_target = 0.8\n",  // unknown channel
            "[ingest]\nallow_networks = [\"\"]\n",  // an empty network
            "[ingest]\nallow_networks = [\"10.0.0.0/40\"]\n",  // a bad prefix
            "[channels.voice]\nadditional_service_level_thresholds_seconds = [5, 10, 15, 20, 25]\n",  // too many
            "[query]\nbearer_token_file = \"/nonexistent/token\"\n",  // an unreadable secret
            "[[listener]]\ntransport = \"carrier-pigeon\"\naddress = \"127.0.0.1:1\"\n",  // bad transport
            "[channels.voice\nservice_level_target = 0.8\n",  // not TOML
            // A control character after `[`: the TOML library aborted the process on it (found by
            // fuzzing the configuration reader); now refused before the library reads it.
            "[\u{01}channels.voice]\n",
            // An array closed by a brace: the TOML library aborts on it too, so the daemon reads every
            // file in a child process first and keeps running when that child dies.
            "[channels.voice]\nr=[}\n",
        ]
        for text in bad {
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            notify.forget()
            daemon.terminate(signal: SIGHUP)
            // RELOADING=1, then READY=1 again whether the file was taken or not.
            #expect(notify.waitFor("RELOADING=1"), "\(text)")
            #expect(notify.waitFor("READY=1"), "\(text)")
            #expect(daemon.process.isRunning, "still running after: \(text)")
        }
        let snapshot = try daemon.json("/v1/snapshot")
        let voice = (snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any]
        #expect(voice?["service_level_threshold_seconds"] as? Double == 25)
        // Read to the end once it has stopped: the log is written on a thread of its own, so the
        // last refusal may still be on its way when READY=1 arrives.
        daemon.terminate(signal: SIGTERM)
        let refusals =
            daemon.logAfterExit().components(separatedBy: "reload failed, keeping the running configuration").count
            - 1
        #expect(refusals == bad.count)
    }

    @Test func sighupOpensAndClosesListenersFromTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-reload-listen-\(getpid())")
            .path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        let first = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let second = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        func listener(_ port: Int) -> String { "[[listener]]\ntransport = \"tcp\"\naddress = \"127.0.0.1:\(port)\"\n" }
        try listener(first).write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory, listenerFlags: false)
        try daemon.waitUntilServing()
        #expect((try? daemon.connectTCP(port: first)).map { close($0) } != nil)
        #expect((try? daemon.connectTCP(port: second)) == nil)
        try listener(second).write(toFile: config, atomically: true, encoding: .utf8)
        daemon.terminate(signal: SIGHUP)
        let deadline = Date().addingTimeInterval(10)
        var opened = false
        while Date() < deadline, !opened {
            if let descriptor = try? daemon.connectTCP(port: second) {
                close(descriptor)
                opened = true
            } else {
                usleep(50_000)
            }
        }
        #expect(opened)
        #expect((try? daemon.connectTCP(port: first)) == nil)
    }
}

@Suite("floorwatchd subscriptions", .serialized)
struct SubscriptionTests {
    /// An upstream that serves two events, drops the connection, then serves one more on the next.
    final class DroppingUpstream: @unchecked Sendable {
        let port: Int
        private let listener: Int32

        init() throws {
            (listener, port) = try LoopbackListener.open()
        }

        func serve(_ batches: [[String]]) {
            let listener = self.listener
            Thread {
                for batch in batches {
                    let connection = accept(listener, nil, nil)
                    guard connection >= 0 else { return }
                    let bytes = Array((batch.joined(separator: "\n") + "\n").utf8)
                    _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
                    if batch != batches.last {
                        close(connection)
                    } else {
                        // Keep the last connection open until the test ends.
                        usleep(20_000_000)
                        close(connection)
                    }
                }
            }.start()
        }

        deinit { close(listener) }
    }

    @Test func reconnectsAfterTheUpstreamDropsTheConnection() throws {
        let upstream = try DroppingUpstream()
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        let queued = #""type":"contact.queued","queue":"relay","channel":"voice""#
        upstream.serve([
            [line(queued + #","contact":"r1""#, 30), line(queued + #","contact":"r2""#, 20)],
            [line(queued + #","contact":"r3""#, 10)],
        ])
        let daemon = try DaemonProcess(arguments: ["--subscribe", "tcp://127.0.0.1:\(upstream.port)"])
        try daemon.waitUntilServing()
        let snapshot = try daemon.waitForSnapshot(timeout: 15) {
            (DaemonIntegrationTests.window($0, channel: "voice", "5m")["offered"] as? Int) == 3
        }
        let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["name"] as? String)?.hasPrefix("subscribe://") == true
        }
        #expect(source?["events"] as? Int == 3)
        #expect((source?["reconnects"] as? Int ?? 0) >= 1)
        #expect(source?["connection"] as? String == "connected")
    }
}

@Suite("floorwatch load", .serialized)
struct LoadCommandTests {
    @Test func reportsSentAgainstReceived() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let tcp = try QueryCommandTests.run([
            "load", "--to", "tcp://127.0.0.1:\(daemon.tcpPort)", "--rate", "20000", "--count", "6000", "--socket",
            daemon.querySocket, "--json",
        ])
        #expect(tcp.status == 0, "\(tcp.output)")
        let result = try JSONSerialization.jsonObject(with: Data(tcp.output.utf8)) as? [String: Any]
        #expect(result?["sent"] as? Int == 6000)
        #expect(result?["received"] as? Int == 6000)
        #expect(result?["lost"] as? Int == 0)
        let snapshot = try daemon.json("/v1/snapshot")
        #expect(DaemonIntegrationTests.window(snapshot, channel: "voice", "5m")["abandoned"] as? Int == 3000)
        let udp = try QueryCommandTests.run([
            "load", "--to", "udp://127.0.0.1:\(daemon.udpPort)", "--rate", "2000", "--count", "1000", "--socket",
            daemon.querySocket, "--json",
        ])
        let udpResult = try JSONSerialization.jsonObject(with: Data(udp.output.utf8)) as? [String: Any]
        let received = udpResult?["received"] as? Int ?? -1
        #expect(received > 0 && received + (udpResult?["lost"] as? Int ?? 0) == 1000)
    }
}

@Suite("floorwatchd day intervals", .serialized)
struct IntervalsTests {
    @Test func todaysCompletedIntervalsInTheSiteTimeZone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-intervals-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        try "[daemon]\ntime_zone = \"Australia/Melbourne\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory, clock: "event")
        try daemon.waitUntilServing()
        // Melbourne is UTC+11 in November: local 09:00 on the 25th is 22:00Z on the 24th.
        func at(_ utc: String, _ fields: String) -> String { #"{"v":1,"time":"\#(utc)",\#(fields)}"# }
        let queued = #""type":"contact.queued","queue":"billing","channel":"voice""#
        try daemon.sendTCP(
            [
                at("2026-11-24T12:50:00Z", queued + #","contact":"yesterday""#),
                at("2026-11-24T12:50:05Z", #""type":"contact.connected","contact":"yesterday","agent":"a1""#),
                at("2026-11-24T22:00:05Z", queued + #","contact":"c1""#),
                at("2026-11-24T22:00:15Z", #""type":"contact.connected","contact":"c1","agent":"a1""#),
                at("2026-11-24T22:20:00Z", queued + #","contact":"c2""#),
                at("2026-11-24T22:20:40Z", #""type":"contact.ended","contact":"c2","reason":"abandoned""#),
                at("2026-11-24T22:31:00Z", queued + #","contact":"c3""#),
                at("2026-11-24T22:31:30Z", #""type":"contact.connected","contact":"c3","agent":"a2""#),
                at("2026-11-24T22:46:00Z", #""type":"heartbeat""#),
            ].joined(separator: "\n") + "\n")
        _ = try daemon.waitForSnapshot { ($0["generated_at"] as? String) == "2026-11-24T22:46:00.000Z" }
        let quarter = try daemon.json("/v1/intervals?size=15m")
        #expect(quarter["time_zone"] as? String == "Australia/Melbourne")
        #expect(quarter["date"] as? String == "2026-11-25")
        func voice(_ interval: [String: Any]) -> [String: Any] {
            (interval["channels"] as? [String: Any])?["voice"] as? [String: Any] ?? [:]
        }
        let all = quarter["intervals"] as? [[String: Any]] ?? []
        // Quarter hours with only agent time (agents sitting idle) are listed too; the contacts
        // fall in local 09:00, 09:15 and 09:30; yesterday's contact and the running 09:45 are out.
        #expect(all.allSatisfy { ($0["start"] as? String ?? "") >= "2026-11-24T13:00:00.000Z" })
        #expect(all.last?["start"] as? String == "2026-11-24T22:30:00.000Z")
        let intervals = all.filter { (voice($0)["offered"] as? Int ?? 0) > 0 }
        #expect(
            intervals.map { $0["start"] as? String } == [
                "2026-11-24T22:00:00.000Z", "2026-11-24T22:15:00.000Z", "2026-11-24T22:30:00.000Z",
            ])
        #expect(voice(intervals[0])["answered"] as? Int == 1)
        #expect(voice(intervals[0])["service_level"] as? Double == 1)
        #expect(voice(intervals[0])["asa_seconds"] as? Double == 10)
        #expect(voice(intervals[1])["abandoned"] as? Int == 1)
        #expect(voice(intervals[1])["service_level"] as? Double == 0)
        #expect(voice(intervals[2])["asa_seconds"] as? Double == 30)
        #expect(((intervals[2]["queues"] as? [String: Any])?["billing"] as? [String: Any])?["offered"] as? Int == 1)
        let half = try daemon.json("/v1/intervals?size=30m")["intervals"] as? [[String: Any]] ?? []
        // 09:30–10:00 local is not over yet at 09:46: the last half hour is 09:00–09:30.
        #expect(half.last?["start"] as? String == "2026-11-24T22:00:00.000Z")
        #expect(half.last.map { voice($0)["offered"] as? Int } == 2)
        #expect(half.last.map { voice($0)["abandoned"] as? Int } == 1)
        let table = try QueryCommandTests.run(["query", "intervals", "--socket", daemon.querySocket])
        #expect(table.output.hasPrefix("2026-11-25 (Australia/Melbourne)"))
        #expect(table.output.contains("2026-11-24T22:15:00.000Z  voice    1        0         1"))

        // Yesterday, as far as the daemon holds it: 26 hours back from the 22:45Z quarter hour in
        // progress begins at 21:00Z on the 23rd, after yesterday's local midnight (13:00Z).
        let yesterday = try daemon.json("/v1/intervals?size=15m&date=2026-11-24")
        #expect(yesterday["date"] as? String == "2026-11-24")
        #expect(yesterday["held_from"] as? String == "2026-11-23T21:00:00.000Z")
        let late = (yesterday["intervals"] as? [[String: Any]] ?? []).filter { (voice($0)["offered"] as? Int ?? 0) > 0 }
        #expect(late.map { $0["start"] as? String } == ["2026-11-24T12:45:00.000Z"])
        #expect(late.first.map { voice($0)["answered"] as? Int } == 1)
        #expect(late.first.map { voice($0)["asa_seconds"] as? Double } == 5)
        #expect((yesterday["intervals"] as? [[String: Any]])?.last?["end"] as? String == "2026-11-24T13:00:00.000Z")
        let earlier = try daemon.json("/v1/intervals?date=2026-11-20")
        #expect((earlier["intervals"] as? [[String: Any]])?.isEmpty == true)
        #expect(try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/intervals?date=2026-11-31").status == 400)
        let yesterdayTable = try QueryCommandTests.run([
            "query", "intervals", "--date", "2026-11-24", "--socket", daemon.querySocket,
        ])
        #expect(
            yesterdayTable.output.hasPrefix("2026-11-24 (Australia/Melbourne) (held from 2026-11-23T21:00:00.000Z)"))
        #expect(yesterdayTable.output.contains("2026-11-24T12:45:00.000Z  voice    1        1"))
    }
}

@Suite("floorwatchd queue_log file tail", .serialized)
struct FileTailTests {
    static func enter(_ id: Int, at seconds: Int) -> String {
        "\(1_795_597_200 + seconds)|call-\(id)|support|NONE|ENTERQUEUE||700\(id)|1\n"
    }

    static func append(_ text: String, to path: String) throws {
        let handle =
            FileHandle(forWritingAtPath: path)
            ?? {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                return FileHandle(forWritingAtPath: path)!
            }()
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    static func offered(_ daemon: DaemonProcess, equals count: Int) throws {
        _ = try daemon.waitForSnapshot {
            let queue = ($0["queues"] as? [String: Any])?["support"] as? [String: Any]
            return ((queue?["windows"] as? [String: Any])?["60m"] as? [String: Any])?["offered"] as? Int == count
        }
    }

    /// A tail whose file is missing says so once, and again when it can be read.
    @Test func aMissingFollowedFileIsLoggedOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fw-missing-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let daemon = try DaemonProcess(arguments: ["--tail", path + "=asterisk-queue-log"], clock: "event")
        try daemon.waitUntilServing()
        usleep(1_200_000)
        try "1596512941|c1|support|NONE|ENTERQUEUE||7000|1\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try daemon.waitForSnapshot {
            (($0["channels"] as? [String: Any])?["voice"] as? [String: Any])?["in_queue"] as? Int == 1
        }
        let log = daemon.log()
        #expect(log.components(separatedBy: "cannot read the followed file").count == 2, "\(log)")
        #expect(log.contains("reading the followed file"))
    }

    @Test func followsAppendsRotationTruncationAndResumesAfterRestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-tail-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = directory + "/queue_log"
        try Self.append(Self.enter(1, at: 0) + Self.enter(2, at: 5), to: log)
        let arguments = ["--tail", "\(log)=asterisk-queue-log"]
        var daemon: DaemonProcess? = try DaemonProcess(arguments: arguments, directory: directory, clock: "event")
        try daemon!.waitUntilServing()
        try Self.offered(daemon!, equals: 2)

        // A line written in two pieces is read once, whole.
        let third = Self.enter(3, at: 10)
        try Self.append(String(third.prefix(20)), to: log)
        usleep(400_000)
        try Self.append(String(third.dropFirst(20)), to: log)
        try Self.offered(daemon!, equals: 3)

        // Rotation: the old file gets one last line after the move, then a new file starts.
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        try Self.append(Self.enter(4, at: 15), to: log + ".1")
        try Self.append(Self.enter(5, at: 20), to: log)
        try Self.offered(daemon!, equals: 5)

        // Truncation: read again from the start.
        try Data().write(to: URL(fileURLWithPath: log))
        try Self.append(Self.enter(6, at: 25), to: log)
        try Self.offered(daemon!, equals: 6)

        // Restart: the state is restored with the position it was read to, so only what was
        // written meanwhile is read (once), on top of the callers already counted.
        func fileEvents(_ daemon: DaemonProcess) throws -> Int? {
            let sources =
                try JSONSerialization.jsonObject(
                    with: Data(HTTPOverUnixSocket.get(daemon.querySocket, "/v1/sources").body.utf8)) as? [[String: Any]]
            return sources?.first { ($0["name"] as? String)?.hasPrefix("file://") == true }?["events"] as? Int
        }
        let eventsBefore = try #require(try fileEvents(daemon!))
        daemon!.terminate()
        #expect(daemon!.waitForExit(timeout: 5)?.status == 0)
        let stateDirectory = directory + "/state"
        #expect(FileManager.default.fileExists(atPath: stateDirectory))
        daemon = nil
        try Self.append(Self.enter(7, at: 30), to: log)
        let restarted = try DaemonProcess(arguments: arguments, directory: directory, clock: "event")
        try restarted.waitUntilServing()
        try Self.offered(restarted, equals: 7)
        #expect(try fileEvents(restarted) == eventsBefore + 1)
    }
}

@Suite("floorwatchd with Amazon Connect agent events", .serialized)
struct ConnectAgentEndToEndTests {
    static func compact(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/amazon-connect/\(name)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: path))
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func agentEventsOverTCPShowTheAgent() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: ["--tcp", "127.0.0.1:\(port)=connect-agent"], clock: "event")
        try daemon.waitUntilServing()
        try daemon.sendTCP(
            [
                try Self.compact("agent-event-heartbeat.json"),
                try Self.compact("agent-event-state-change-enter-acw.json"),
            ]
            .joined(separator: "\n") + "\n", port: port)
        let snapshot = try daemon.waitForSnapshot { (($0["agents"] as? [String: Any])?["known"] as? Int) == 1 }
        let agents = try ListsAndStreamTests.jsonArray(daemon, "/v1/agents")
        #expect(agents.first?["id"] as? String == "agent-ARN")
        #expect((agents.first?["slots"] as? [String: [String: Int]])?["chat"]?["capacity"] == 3)
        let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["format"] as? String) == "connect-agent"
        }
        // Heartbeat: status, next status, the profile queue's name, profile, not in error, the
        // contacts it handles; state change: the after-contact work and the contacts it handles.
        #expect(source?["events"] as? Int == 8)
        #expect(agents.first?["next_state"] as? String == "away")
        #expect(agents.first?["next_reason"] as? String == "Lunch")
    }

    /// A restart while an agent is mid-contact: the next snapshot lists the contact, and it is
    /// taken on as it stands, then counted when it ends (cold start, sources.md).
    @Test func aContactInProgressAtStartIsTakenOnFromTheNextSnapshot() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: ["--tcp", "127.0.0.1:\(port)=connect-agent"], clock: "event")
        try daemon.waitUntilServing()
        // The first record this daemon sees: the call (connected at 18:55:21.011) enters
        // after-contact work at 18:55:27.017.
        try daemon.sendTCP(try Self.compact("agent-event-state-change-enter-acw.json") + "\n", port: port)
        _ = try daemon.waitForSnapshot { (($0["agents"] as? [String: Any])?["after_contact_work"] as? Int) == 1 }
        let agents = try ListsAndStreamTests.jsonArray(daemon, "/v1/agents")
        #expect(agents.first?["contacts"] as? [String] == ["ContactId-1"])
        #expect(agents.first?["state"] as? String == "after_contact_work")
        // The work ends at 18:55:32.022: one contact handled, 11.011 s from connect to done.
        try daemon.sendTCP(try Self.compact("agent-event-state-change-leave-acw.json") + "\n", port: port)
        let snapshot = try daemon.waitForSnapshot {
            let voice = ($0["channels"] as? [String: Any])?["voice"] as? [String: Any]
            return ((voice?["windows"] as? [String: Any])?["60m"] as? [String: Any])?["aht_seconds"] is Double
        }
        let voice = (snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any]
        let window = (voice?["windows"] as? [String: Any])?["60m"] as? [String: Any]
        #expect(window?["aht_seconds"] as? Double == 11.011)
        #expect(window?["answered"] as? Int == 0)  // answered before floorwatch was watching
        let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["format"] as? String) == "connect-agent"
        }
        #expect((source?["anomalies"] as? [String: Int])?["resynchronised"] == 1)
    }
}

@Suite("floorwatchd connection caps", .serialized)
struct ConnectionCapTests {
    static func openUnix(_ path: String) -> Int32 { HTTPOverUnixSocket.connectUnix(path) }

    /// Clients that connect and then say nothing (a wall screen switched off) are closed after
    /// the idle timeout, so they cannot hold every slot and lock out acks and scrapes.
    @Test func silentQueryConnectionsAreClosedAfterTheIdleTimeout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-idle-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        try "[query]\nmax_connections = 2\nidle_timeout_seconds = 1\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        try daemon.waitUntilServing()
        let idle = [Self.openUnix(daemon.querySocket), Self.openUnix(daemon.querySocket)]
        defer { for descriptor in idle { close(descriptor) } }
        usleep(300_000)
        #expect((try? HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health")) == nil)
        // Nobody closes them here: the daemon does, after a second of silence.
        let deadline = Date().addingTimeInterval(10)
        var answer: HTTPOverUnixSocket.Response?
        while answer == nil, Date() < deadline {
            usleep(250_000)
            answer = try? HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health")
        }
        #expect(answer?.status == 200)
        var byte: UInt8 = 0
        #expect(recv(idle[0], &byte, 1, 0) == 0, "the silent connection was closed by the daemon")
    }

    /// A live stream whose client stops reading (a frozen wall screen) is closed once nothing
    /// could be written for the idle timeout; one that reads is never closed, however quiet.
    @Test func aStreamWhoseClientStopsReadingGivesItsSlotBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-stall-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        try "[query]\nidle_timeout_seconds = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        try daemon.waitUntilServing()
        try SSEClient.fillWithFortyQueues(daemon)
        let frozen = try SSEClient(socket: daemon.querySocket, path: "/v1/stream?interval=100ms", receiveBuffer: 4096)
        let reading = try SSEClient(socket: daemon.querySocket, path: "/v1/stream?interval=100ms")
        // The reader keeps getting snapshots for longer than the idle timeout...
        let first = reading.read(for: 2.5)
        let later = reading.read(for: 1.0)
        #expect(first.count >= 10 && later.count >= 4, "\(first.count) then \(later.count) snapshots")
        // ...while the frozen one, once its buffers are full and a second has passed, is closed.
        let meanwhile = reading.read(for: 6.0)
        #expect(meanwhile.count >= 30, "\(meanwhile.count) snapshots in 6 s")
        #expect(frozen.drainUntilClosed(within: 10), "the stalled stream was closed by the daemon")
        #expect(reading.read(for: 0.5).count >= 2, "the reading stream goes on")
    }

    @Test func queryConnectionsOverTheCapAreClosedAndSlotsComeBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-cap-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/floorwatchd.toml"
        try "[query]\nmax_connections = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        try daemon.waitUntilServing()
        let idle = [Self.openUnix(daemon.querySocket), Self.openUnix(daemon.querySocket)]
        usleep(300_000)
        // Both slots are held by idle clients: a third is closed without an answer.
        #expect((try? HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health")) == nil)
        for descriptor in idle { close(descriptor) }
        // The slots come back once the daemon's loop has seen the two closes: polled, because a
        // fixed wait was too short on a loaded two-core CI machine.
        let deadline = Date().addingTimeInterval(10)
        var answer: HTTPOverUnixSocket.Response?
        while answer == nil, Date() < deadline {
            answer = try? HTTPOverUnixSocket.get(daemon.querySocket, "/v1/health")
            if answer == nil { usleep(100_000) }
        }
        #expect(answer?.status == 200)
    }
}
