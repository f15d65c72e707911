import Foundation
import Testing

/// A caller the dialplan sends from one queue into another under the same uniqueid (Asterisk's
/// overflow: EXITWITHTIMEOUT, then ENTERQUEUE elsewhere), through the real floorwatchd.
///
/// Expected figures are worked out by hand from the definitions (DOMAIN.md §B.1, §B.2, §C.3):
/// each queue counts its own leg with its own queue time; the voice channel counts each customer
/// once, with the whole time from the first ENTERQUEUE to the final answer, abandon or exit.
@Suite("floorwatchd with Asterisk overflow queues", .serialized)
struct QueueLegEndToEndTests {
    /// t = 0 is 1596512900 (epoch seconds); queue_log writes whole seconds.
    static func line(_ at: Int, _ call: String, _ queue: String, _ agent: String, _ rest: String) -> String {
        "\(1_596_512_900 + at)|\(call)|\(queue)|\(agent)|\(rest)"
    }

    static let lines = [
        // c1 waits 30 s in support, times out, waits 10 s in overflow and is answered there:
        // whole wait 40 s.
        line(0, "c1", "support", "NONE", "ENTERQUEUE||7001|1"),
        // c2 waits 30 s in support, times out, abandons after 15 s in overflow: whole wait 45 s.
        line(5, "c2", "support", "NONE", "ENTERQUEUE||7002|1"),
        // c3 is answered in support after 5 s.
        line(10, "c3", "support", "NONE", "ENTERQUEUE||7003|1"),
        line(15, "c3", "support", "SIP/4101", "CONNECT|5|c3.1|2"),
        // c4 times out of support after 30 s and is sent nowhere (voicemail).
        line(20, "c4", "support", "NONE", "ENTERQUEUE||7004|1"),
        line(30, "c1", "support", "NONE", "EXITWITHTIMEOUT|1|1|30"),
        line(30, "c1", "overflow", "NONE", "ENTERQUEUE||7001|1"),
        line(35, "c2", "support", "NONE", "EXITWITHTIMEOUT|1|1|30"),
        line(35, "c2", "overflow", "NONE", "ENTERQUEUE||7002|1"),
        line(40, "c1", "overflow", "SIP/4201", "CONNECT|10|c1.1|2"),
        line(50, "c2", "overflow", "NONE", "ABANDON|1|1|15"),
        line(50, "c4", "support", "NONE", "EXITWITHTIMEOUT|1|1|30"),
        line(60, "c3", "support", "SIP/4101", "COMPLETEAGENT|5|45|1"),
        line(100, "c1", "overflow", "SIP/4201", "COMPLETECALLER|10|60|1"),
    ]

    @Test func eachQueueCountsItsLegAndTheChannelCountsTheCustomerOnce() throws {
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: ["--tcp", "127.0.0.1:\(port)=asterisk-queue-log"], clock: "event")
        try daemon.waitUntilServing()
        try daemon.sendTCP(Self.lines.joined(separator: "\n") + "\n", port: port)
        let snapshot = try daemon.waitForSnapshot {
            (DaemonIntegrationTests.window($0, channel: "voice", "15m")["answered"] as? Int) == 2
        }
        func queue(_ name: String) -> [String: Any] {
            let queues = snapshot["queues"] as? [String: Any]
            return ((queues?[name] as? [String: Any])?["windows"] as? [String: Any])?["15m"] as? [String: Any] ?? [:]
        }
        let support = queue("support")
        #expect(support["offered"] as? Int == 4)
        #expect(support["answered"] as? Int == 1)
        #expect(support["timed_out"] as? Int == 3)
        #expect(support["abandoned"] as? Int == 0)
        #expect(support["asa_seconds"] as? Double == 5)

        let overflow = queue("overflow")
        // Its own leg: offered twice, c1 answered after 10 s there, c2 abandoned after 15 s there.
        #expect(overflow["offered"] as? Int == 2)
        #expect(overflow["answered"] as? Int == 1)
        #expect(overflow["abandoned"] as? Int == 1)
        #expect(overflow["asa_seconds"] as? Double == 10)
        #expect(overflow["avg_abandon_seconds"] as? Double == 15)

        let voice = DaemonIntegrationTests.window(snapshot, channel: "voice", "15m")
        // Four customers: c3 and c1 answered, c2 abandoned, c4 timed out (only c4's exit stands).
        #expect(voice["offered"] as? Int == 4)
        #expect(voice["answered"] as? Int == 2)
        #expect(voice["abandoned"] as? Int == 1)
        #expect(voice["timed_out"] as? Int == 1)
        // Whole waits: c3 5 s, c1 40 s → 22.5 s; c2 abandoned after 45 s in all.
        #expect(voice["asa_seconds"] as? Double == 22.5)
        #expect(voice["avg_abandon_seconds"] as? Double == 45)
        // An Asterisk-only floor uses Asterisk's ServiceLevelPerf on the channel too: of the two
        // answered, c3 (5 s) within 20 s, c1 (40 s in all) not; timeouts and abandons are not in it.
        #expect(voice["service_level"] as? Double == 0.5)
        let events = (snapshot["sources"] as? [[String: Any]] ?? []).first?["anomalies"] as? [String: Int] ?? [:]
        #expect(events["event_after_end"] == nil)
    }
}
