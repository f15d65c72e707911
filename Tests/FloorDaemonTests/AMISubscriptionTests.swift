import Foundation
import Glibc
import Testing

/// A fake Asterisk Manager Interface on loopback: greets, checks the Login, answers QueueStatus
/// with a listing, then replays a real transcript (Tests/Fixtures/asterisk) with CRLF framing.
/// It records what the daemon sent on each connection.
final class FakeAMIServer: @unchecked Sendable {
    struct Connection {
        var acceptLogin = true
        /// The QueueStatus rows (without ActionID; the server adds the one the daemon sent).
        var listing: [String] = []
        /// Blocks sent after the listing.
        var events: [String] = []
        /// Close after sending, or hold the connection until the test ends.
        var close = true
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var actions: [[[String: String]]] = []

    init() throws {
        (listener, port) = try LoopbackListener.open()
    }

    deinit { close(listener) }

    /// The actions the daemon sent, per connection, as header dictionaries.
    var received: [[[String: String]]] { lock.withLock { actions } }

    func serve(_ connections: [Connection]) {
        let listener = self.listener
        Thread {
            for (index, plan) in connections.enumerated() {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                self.lock.withLock { self.actions.append([]) }
                self.run(plan, on: connection, index: index)
                if plan.close { close(connection) } else { usleep(30_000_000) }
            }
        }.start()
    }

    private func run(_ plan: Connection, on connection: Int32, index: Int) {
        send("Asterisk Call Manager/9.0.0\r\n", to: connection)
        var reader = BlockReader(descriptor: connection)
        guard let login = reader.next() else { return }
        record(login, index)
        let loginID = login["ActionID"] ?? ""
        guard plan.acceptLogin else {
            send(
                "Response: Error\r\nActionID: \(loginID)\r\nMessage: Authentication failed\r\n\r\n", to: connection)
            return
        }
        send("Response: Success\r\nActionID: \(loginID)\r\nMessage: Authentication accepted\r\n\r\n", to: connection)
        guard let status = reader.next() else { return }
        record(status, index)
        let statusID = status["ActionID"] ?? ""
        var reply =
            "Response: Success\r\nActionID: \(statusID)\r\nEventList: start\r\nMessage: Queue status will follow\r\n\r\n"
        for row in plan.listing {
            // Asterisk tags each row with the action's id, right after the Event line.
            var lines = row.split(separator: "\n").map(String.init)
            lines.insert("ActionID: \(statusID)", at: 1)
            reply += lines.joined(separator: "\r\n") + "\r\n\r\n"
        }
        reply +=
            "Event: QueueStatusComplete\r\nActionID: \(statusID)\r\nEventList: Complete\r\nListItems: \(plan.listing.count)\r\n\r\n"
        send(reply, to: connection)
        for event in plan.events { send(Self.crlf(event) + "\r\n\r\n", to: connection) }
    }

    private func record(_ action: [String: String], _ index: Int) {
        lock.withLock { actions[index].append(action) }
    }

    static func crlf(_ block: String) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: true).map { String($0) }.joined(separator: "\r\n")
    }

    private func send(_ text: String, to connection: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads CRLF blocks (ended by an empty line) from a socket, with a 10 s limit.
    struct BlockReader {
        let descriptor: Int32
        var buffer = ""

        mutating func next() -> [String: String]? {
            let deadline = Date().addingTimeInterval(10)
            while !buffer.contains("\r\n\r\n") {
                guard Date() < deadline else { return nil }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = recv(descriptor, &chunk, chunk.count, 0)
                guard count > 0 else { return nil }
                buffer += String(decoding: chunk[0..<count], as: UTF8.self)
            }
            let end = buffer.range(of: "\r\n\r\n")!
            let block = buffer[..<end.lowerBound]
            buffer = String(buffer[end.upperBound...])
            var headers: [String: String] = [:]
            for line in block.components(separatedBy: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(
                    in: .whitespaces)
            }
            return headers
        }
    }
}

@Suite("floorwatchd Asterisk AMI subscription", .serialized)
struct AMISubscriptionTests {
    static func transcriptBlocks(_ name: String) throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/asterisk/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.components(separatedBy: "\n\n").map {
            $0.split(separator: "\n").filter { !$0.hasPrefix(";") }.joined(separator: "\n")
        }.filter { !$0.isEmpty }
    }

    static func queue(_ snapshot: [String: Any], _ name: String) -> [String: Any] {
        (snapshot["queues"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    static func window(_ queue: [String: Any]) -> [String: Any] {
        (queue["windows"] as? [String: Any])?["15m"] as? [String: Any] ?? [:]
    }

    @Test func logsInBootstrapsFromQueueStatusAndReconcilesAfterAReconnect() throws {
        let secret = "Tr0ub4dor-\(UInt32.random(in: 0...UInt32.max))"
        let server = try FakeAMIServer()
        let member777 =
            "Event: QueueMember\nQueue: Q1\nName: SIP/777\nLocation: SIP/777\nStateInterface: SIP/777\nInCall: 0\nStatus: 1\nPaused: 0"
        let lunch =
            "Event: QueueMember\nQueue: Q1\nName: SIP/888\nLocation: SIP/888\nInCall: 0\nStatus: 1\nPaused: 1\nPausedReason: lunch"
        server.serve([
            // A secret not yet deployed: refused, and the daemon retries.
            FakeAMIServer.Connection(acceptLogin: false),
            // Cold start: two callers waiting (95 s and 12 s), one member free, one at lunch, then
            // the real call transcript (a caller answered by SIP/777 and completed); then a drop.
            FakeAMIServer.Connection(
                listing: [
                    "Event: QueueParams\nQueue: Q1\nCalls: 2", member777, lunch,
                    "Event: QueueEntry\nQueue: Q1\nPosition: 1\nUniqueid: old.1\nCallerIDNum: 0400111222\nWait: 95",
                    "Event: QueueEntry\nQueue: Q1\nPosition: 2\nUniqueid: old.2\nWait: 12",
                ],
                events: try Self.transcriptBlocks("ami.queue-call-lifecycle.txt")),
            // After the reconnect: old.1 left meanwhile, SIP/888 logged off; old.2 still waits.
            FakeAMIServer.Connection(
                listing: [
                    "Event: QueueParams\nQueue: Q1\nCalls: 1", member777,
                    "Event: QueueEntry\nQueue: Q1\nPosition: 1\nUniqueid: old.2\nWait: 14",
                ], close: false),
        ])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ami-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secretFile = directory.appendingPathComponent("ami.secret").path
        try (secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: [
            "--subscribe", "tcp://floorwatch@127.0.0.1:\(server.port)=asterisk-ami", "--ami-secret-file", secretFile,
            "--log-level", "debug",
        ])
        try daemon.waitUntilServing()
        let snapshot = try daemon.waitForSnapshot(timeout: 20) { snapshot in
            let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
                ($0["format"] as? String) == "asterisk-ami"
            }
            return (source?["anomalies"] as? [String: Int])?["resynchronised"] == 2
                && source?["connection"] as? String == "connected"
        }
        let q1 = Self.queue(snapshot, "Q1")
        #expect(q1["in_queue"] as? Int == 1)
        let window = Self.window(q1)
        #expect(window["offered"] as? Int == 3)
        #expect(window["answered"] as? Int == 1)
        #expect(window["abandoned"] as? Int == 0)
        #expect(window["timed_out"] as? Int == 0)
        let agents = try ListsAndStreamTests.jsonArray(daemon, "/v1/agents")
        #expect(agents.first { $0["id"] as? String == "SIP/888" }?["state"] as? String == "offline")
        #expect(agents.first { $0["id"] as? String == "SIP/777" }?["state"] as? String == "available")
        let waiting = try ListsAndStreamTests.jsonArray(daemon, "/v1/contacts?state=waiting")
        #expect(waiting.map { $0["id"] as? String } == ["old.2"])
        let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["format"] as? String) == "asterisk-ami"
        }
        #expect((source?["reconnects"] as? Int ?? 0) >= 2)

        // Every connection logged in with the user and the secret from the file; the accepted
        // ones asked for QueueStatus.
        let actions = server.received
        #expect(actions.count == 3)
        for connection in actions {
            #expect(connection.first?["Action"] == "Login")
            #expect(connection.first?["Username"] == "floorwatch")
            #expect(connection.first?["Secret"] == secret)
        }
        #expect(actions.dropFirst().allSatisfy { $0.count == 2 && $0[1]["Action"] == "QueueStatus" })

        daemon.terminate()
        #expect(daemon.waitForExit(timeout: 10) != nil)
        let log = daemon.logAfterExit()
        #expect(log.contains("refused the login"))
        #expect(!log.contains(secret))
    }
}

/// A caller AMI reports leaving one queue and joining another (the dialplan's overflow), through
/// the real daemon: each queue counts its own leg, the channel the customer once with the whole
/// wait (DOMAIN.md §C.4; docs/metrics.md "Queue legs").
@Suite("floorwatchd with AMI overflow", .serialized)
struct AMIOverflowEndToEndTests {
    @Test func theOverflowQueueCountsItsLegAndTheChannelTheWholeWait() throws {
        let server = try FakeAMIServer()
        // Stamped from now on: the QueueStatus listing is stamped on receipt, and the event clock
        // never goes back.
        let base = Int(Date().timeIntervalSince1970) + 2
        func at(_ second: Int) -> String { "Timestamp: \(base + second).000000" }
        server.serve([
            FakeAMIServer.Connection(
                listing: [
                    "Event: QueueParams\nQueue: support\nCalls: 0", "Event: QueueParams\nQueue: overflow\nCalls: 0",
                    "Event: QueueMember\nQueue: overflow\nName: SIP/4201\nLocation: SIP/4201\nInCall: 0\nStatus: 1\nPaused: 0",
                ],
                events: [
                    "Event: QueueCallerJoin\n\(at(0))\nQueue: support\nUniqueid: u1\nCallerIDNum: 5551234\nPosition: 1",
                    "Event: QueueCallerLeave\n\(at(30))\nQueue: support\nUniqueid: u1\nPosition: 1\nCount: 0",
                    "Event: QueueCallerJoin\n\(at(31))\nQueue: overflow\nUniqueid: u1\nCallerIDNum: 5551234\nPosition: 1",
                    "Event: AgentConnect\n\(at(40))\nQueue: overflow\nUniqueid: u1\nInterface: SIP/4201\nMemberName: SIP/4201\nHoldTime: 9",
                    "Event: AgentComplete\n\(at(100))\nQueue: overflow\nUniqueid: u1\nInterface: SIP/4201\nMemberName: SIP/4201\nTalkTime: 60\nReason: caller",
                ], close: false)
        ])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ami-overflow-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secretFile = directory.appendingPathComponent("ami.secret").path
        try "s3cret-for-the-fake-ami\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            arguments: [
                "--subscribe", "tcp://floorwatch@127.0.0.1:\(server.port)=asterisk-ami", "--ami-secret-file",
                secretFile,
            ], clock: "event")
        try daemon.waitUntilServing()
        let snapshot = try daemon.waitForSnapshot(timeout: 20) {
            (AMISubscriptionTests.window(AMISubscriptionTests.queue($0, "overflow"))["answered"] as? Int) == 1
        }
        let support = AMISubscriptionTests.window(AMISubscriptionTests.queue(snapshot, "support"))
        let overflow = AMISubscriptionTests.window(AMISubscriptionTests.queue(snapshot, "overflow"))
        #expect(support["offered"] as? Int == 1)
        #expect(support["answered"] as? Int == 0)
        #expect(overflow["offered"] as? Int == 1)
        // Its own leg: joined at 31 s, answered at 40 s.
        #expect(overflow["asa_seconds"] as? Double == 9)
        let voice = DaemonIntegrationTests.window(snapshot, channel: "voice", "15m")
        // One customer, answered after 40 s in all; no exit left on the channel.
        #expect(voice["offered"] as? Int == 1)
        #expect(voice["answered"] as? Int == 1)
        #expect(voice["timed_out"] as? Int == 0)
        #expect(voice["asa_seconds"] as? Double == 40)
    }
}
