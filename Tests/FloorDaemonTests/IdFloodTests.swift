import Foundation
import Testing

/// A sender flooding unique contact, agent and queue ids is stopped at the configured limits:
/// the daemon's memory stays bounded (without the limits this flood would take about 1 GB in
/// queues alone), every refusal is counted on the source, and the `limits` alert fires.
@Suite("floorwatchd under a flood of unique ids", .serialized)
struct IdFloodTests {
    static func residentBytes(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    static func line(_ type: String, second: Int, _ fields: String) -> String {
        let time = 1_795_597_200 + second
        return #"{"v":1,"type":"\#(type)","time_ms":\#(time)000,\#(fields)}"# + "\n"
    }

    /// The TCP source's figures.
    static func tcpSource(_ daemon: DaemonProcess) throws -> [String: Any]? {
        let sources =
            try JSONSerialization.jsonObject(
                with: Data(HTTPOverUnixSocket.get(daemon.querySocket, "/v1/sources").body.utf8)) as? [[String: Any]]
        return sources?.first { ($0["name"] as? String)?.hasPrefix("tcp://") == true }
    }

    /// Waits until the TCP source has applied `events` events (refused ones included).
    static func waitUntilApplied(_ daemon: DaemonProcess, _ events: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if try tcpSource(daemon)?["events"] as? Int == events { return }
            usleep(100_000)
        }
        throw DaemonError("the flood's \(events) events were not all applied")
    }

    @Test func aFloodStopsAtTheLimitsWithMemoryBoundedAndAnAlert() throws {
        let directory = try DaemonProcess.scratch("flood")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let config = directory + "/floorwatchd.toml"
        try """
        [daemon]
        clock = "event"

        [[listener]]
        transport = "tcp"
        address = "127.0.0.1:\(port)"

        [limits]
        open_contacts_per_source = 30000
        agents_per_source = 3000
        queues_per_source = 50
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            arguments: ["--config", config], directory: directory, clock: "event", listenerFlags: false)
        try daemon.waitUntilServing()
        usleep(500_000)
        let pid = daemon.process.processIdentifier
        let idle = Self.residentBytes(pid)

        // 60,000 callers into 5,000 queues, then 6,000 agents, in one connection.
        var text = ""
        for index in 0..<60_000 {
            text += Self.line(
                "contact.queued", second: index / 100,
                #""contact":"flood-\#(index)","queue":"q-\#(index % 5_000)","channel":"voice""#)
        }
        try daemon.sendTCP(text, port: port)
        try Self.waitUntilApplied(daemon, 60_000)
        let afterContacts = Self.residentBytes(pid)
        text = ""
        for index in 0..<6_000 {
            text += Self.line("agent.login", second: 600, #""agent":"agent-\#(index)""#)
        }
        try daemon.sendTCP(text, port: port)
        try Self.waitUntilApplied(daemon, 66_000)
        usleep(500_000)  // the next snapshot
        let snapshot = try daemon.json("/v1/snapshot")
        #expect((snapshot["agents"] as? [String: Any])?["known"] as? Int == 3_001)
        #expect(((snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any])?["in_queue"] as? Int == 30_000)
        let afterAgents = Self.residentBytes(pid)
        let queues = (snapshot["queues"] as? [String: Any])?.keys.sorted() ?? []
        #expect(queues.count == 51 && queues.contains("(over limit)"), "\(queues.count) queues")

        let anomalies = try Self.tcpSource(daemon)?["anomalies"] as? [String: Any]
        #expect(anomalies?["contact_limit"] as? Int == 30_000)
        #expect(anomalies?["agent_limit"] as? Int == 3_000)
        // Queues are named by contacts only while they are admitted: 50 new names, then the rest.
        #expect((anomalies?["queue_limit"] as? Int ?? 0) > 0)

        // The flood goes on (a few new ids a second): within about a minute the alert fires.
        var firing = false
        let deadline = Date().addingTimeInterval(90)
        var second = 700
        while !firing, Date() < deadline {
            second += 1
            try daemon.sendTCP(
                Self.line(
                    "contact.queued", second: second, #""contact":"late-\#(second)","queue":"q-1","channel":"voice""#),
                port: port)
            let alerts = try daemon.json("/v1/alerts")
            firing = (alerts["active"] as? [[String: Any]] ?? []).contains {
                $0["rule"] as? String == "limits" && $0["state"] as? String == "firing"
            }
            usleep(1_000_000)
        }
        #expect(firing, "the limits alert fired")
        let growth = afterAgents - idle
        // Bounded: 30,000 contacts, 3,001 agents and 51 queues (about 10 MB of them windows).
        #expect(growth < 250 << 20, "RSS grew by \(growth >> 20) MB")
        print(
            "flood: idle RSS \(idle >> 20) MB; +\((afterContacts - idle) / 30_000) B per open contact "
                + "(with 51 queues); +\((afterAgents - afterContacts) / 3_000) B per agent; total growth \(growth >> 20) MB"
        )
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 20)
    }
}
