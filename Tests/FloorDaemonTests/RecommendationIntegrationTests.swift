import Foundation
import Testing

/// The recommender in the running daemon: a voice queue builds while blended agents work email;
/// floorwatchd recommends moving them, the client accepts, journald has the entry.
@Suite("recommendations end to end", .serialized)
struct RecommendationIntegrationTests {
    static func line(_ fields: String, _ secondsAgo: Double) -> String {
        DaemonIntegrationTests.line(fields, secondsAgo: secondsAgo)
    }

    @Test func aVoiceQueueWithBlendedAgentsOnEmailGetsAMoveTowardVoice() throws {
        let journald = try Journald.shared()
        let directory = NSTemporaryDirectory() + "floorwatch-rec-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/rec.toml"
        try """
        [alerts]
        journald = "on"
        [recommendations]
        interval_seconds = 5
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config])
        try daemon.waitUntilServing()
        let tag = UUID().uuidString.prefix(6).lowercased()
        var lines: [String] = []
        // Two voice agents on calls, three blended agents on emails, six callers waiting, and
        // the last quarter hour's calls (40, answered by agents who have since gone home).
        for index in 0..<40 {
            let ago = 880 - Double(index) * 20
            lines.append(
                Self.line(
                    #""type":"contact.queued","contact":"h\#(tag)\#(index)","queue":"residential","channel":"voice""#,
                    ago))
            lines.append(
                Self.line(
                    #""type":"contact.connected","contact":"h\#(tag)\#(index)","agent":"gone\#(index % 8)""#, ago - 5))
            lines.append(
                Self.line(#""type":"contact.ended","contact":"h\#(tag)\#(index)","reason":"completed""#, ago - 305))
        }
        for index in 0..<8 { lines.append(Self.line(#""type":"agent.logout","agent":"gone\#(index)""#, 10)) }
        for agent in ["v1", "v2"] {
            lines.append(Self.line(#""type":"agent.login","agent":"\#(agent)""#, 600))
            lines.append(Self.line(#""type":"agent.profile","agent":"\#(agent)","slots":{"voice":1}"#, 600))
            lines.append(
                Self.line(
                    #""type":"contact.queued","contact":"on\#(tag)\#(agent)","queue":"residential","channel":"voice""#,
                    120))
            lines.append(
                Self.line(#""type":"contact.connected","contact":"on\#(tag)\#(agent)","agent":"\#(agent)""#, 110))
        }
        for agent in ["b1", "b2", "b3"] {
            lines.append(Self.line(#""type":"agent.login","agent":"\#(agent)""#, 600))
            lines.append(Self.line(#""type":"agent.profile","agent":"\#(agent)","slots":{"voice":1,"email":1}"#, 600))
            lines.append(
                Self.line(
                    #""type":"contact.queued","contact":"m\#(tag)\#(agent)","queue":"email","channel":"email""#, 300))
            lines.append(
                Self.line(#""type":"contact.connected","contact":"m\#(tag)\#(agent)","agent":"\#(agent)""#, 60))
        }
        for caller in 0..<6 {
            lines.append(
                Self.line(
                    #""type":"contact.queued","contact":"w\#(tag)\#(caller)","queue":"residential","channel":"voice""#,
                    40))
        }
        try daemon.sendTCP(lines.joined(separator: "\n") + "\n")

        let deadline = Date().addingTimeInterval(40)
        var active: [[String: Any]] = []
        while Date() < deadline, active.isEmpty {
            active = try daemon.json("/v1/recommendations")["active"] as? [[String: Any]] ?? []
            if active.isEmpty { usleep(200_000) }
        }
        let recommendation = try #require(active.first)
        #expect(recommendation["from"] as? String == "email")
        #expect(recommendation["to"] as? String == "voice")
        let eligible = recommendation["eligible_agents"] as? [String] ?? []
        #expect(!eligible.isEmpty && eligible.allSatisfy { $0.hasPrefix("b") })
        #expect((recommendation["summary"] as? String ?? "").hasPrefix("move "))
        let id = try #require(recommendation["id"] as? Int)

        let list = try QueryCommandTests.run(["recommendations", "--socket", daemon.querySocket])
        #expect(list.output.contains("#\(id) [open] move "))
        let accept = try QueryCommandTests.run([
            "recommendations", "accept", "\(id)", "--note", "moving them now", "--socket", daemon.querySocket,
        ])
        #expect(accept.status == 0)
        #expect(accept.output.contains("accepted #\(id)"))
        #expect(accept.output.contains("uid \(getuid())"))

        let issued = try Journald.waitForEntry([
            "MESSAGE_ID=8aade59a12cd44458c70a5e9aa8a4e01", "FLOORWATCH_RECOMMENDATION_ID=\(id)",
            "FLOORWATCH_RECOMMENDATION_STATE=issued", "_PID=\(daemon.process.processIdentifier)",
        ])
        #expect(issued["PRIORITY"] == "5")
        #expect(issued["FLOORWATCH_FROM"] == "email")
        #expect(issued["FLOORWATCH_TO"] == "voice")
        #expect(Int(issued["FLOORWATCH_AGENTS"] ?? "") ?? 0 >= 1)
        let accepted = try Journald.waitForEntry([
            "MESSAGE_ID=8aade59a12cd44458c70a5e9aa8a4e01", "FLOORWATCH_RECOMMENDATION_STATE=accepted",
            "_PID=\(daemon.process.processIdentifier)",
        ])
        #expect(accepted["FLOORWATCH_RECOMMENDATION_ID"] == "\(id)")
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
        withExtendedLifetime(journald) {}
    }
}
