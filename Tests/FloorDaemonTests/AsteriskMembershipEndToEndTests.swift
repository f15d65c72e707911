import Foundation
import Testing

/// Asterisk members belong to queues one by one (DOMAIN.md §C.3: ADDMEMBER, REMOVEMEMBER, PAUSE,
/// UNPAUSE name a queue; PAUSEALL does not), and a normal Asterisk start (QUEUESTART,
/// CONFIGRELOAD) is traffic, not an error. Through the real floorwatchd.
@Suite("floorwatchd with Asterisk queue membership", .serialized)
struct AsteriskMembershipEndToEndTests {
    static func line(_ at: Int, _ queue: String, _ member: String, _ rest: String) -> String {
        "\(1_596_512_900 + at)|NONE|\(queue)|\(member)|\(rest)"
    }

    @Test func membershipAndPausesArePerQueueAndAStartPagesNobody() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: ["--tcp", "127.0.0.1:\(port)=asterisk-queue-log"], clock: "event")
        try daemon.waitUntilServing()
        let lines = [
            Self.line(0, "NONE", "NONE", "QUEUESTART|"),
            Self.line(1, "support", "SIP/4101", "ADDMEMBER|"),
            Self.line(1, "sales", "SIP/4101", "ADDMEMBER|"),
            Self.line(2, "support", "SIP/4102", "ADDMEMBER|"),
            Self.line(3, "NONE", "NONE", "CONFIGRELOAD|"),
            // 4101 pauses in sales only; 4102 leaves its only queue (logged out).
            Self.line(10, "sales", "SIP/4101", "PAUSE|Lunch"),
            Self.line(20, "support", "SIP/4102", "REMOVEMEMBER|"),
            "\(1_596_512_900 + 30)|c1|support|NONE|ENTERQUEUE||7001|1",
        ]
        try daemon.sendTCP(lines.joined(separator: "\n") + "\n", port: port)
        let snapshot = try daemon.waitForSnapshot {
            (($0["channels"] as? [String: Any])?["voice"] as? [String: Any])?["in_queue"] as? Int == 1
        }
        func agents(queue: String) -> [String: Any] {
            let queues = snapshot["queues"] as? [String: Any]
            return (queues?[queue] as? [String: Any])?["agents"] as? [String: Any] ?? [:]
        }
        let support = agents(queue: "support")
        #expect(support["staffed"] as? Int == 1)
        #expect(support["available"] as? Int == 1)
        let sales = agents(queue: "sales")
        #expect(sales["available"] as? Int == 0)
        #expect(sales["away"] as? Int == 1)
        #expect((sales["away_by_reason"] as? [String: Int])?["Lunch"] == 1)
        // On the channel 4101 still takes support calls: available; 4102 is offline.
        let voice = (snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any]
        let voiceAgents = voice?["agents"] as? [String: Any] ?? [:]
        #expect(voiceAgents["available"] as? Int == 1)
        let floorAgents = snapshot["agents"] as? [String: Any] ?? [:]
        #expect(floorAgents["offline"] as? Int == 1)

        // QUEUESTART and CONFIGRELOAD: ignored (Asterisk's bookkeeping), not rejected.
        let source = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["format"] as? String) == "asterisk-queue-log"
        }
        #expect(source?["decode_errors"] as? [String: Int] == [:])
        #expect(source?["ignored"] as? [String: Int] == ["system_record": 2])
        let alerts = try daemon.json("/v1/alerts")
        #expect((alerts["active"] as? [Any])?.isEmpty == true)
    }
}
