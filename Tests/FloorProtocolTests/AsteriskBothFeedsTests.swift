import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// queue_log and AMI of one PBX name the same call by uniqueid and the same member by interface
/// (DOMAIN.md §C.3, §C.4): fed both, floorwatch counts each call and each member once.
@Suite("Asterisk queue_log and AMI together")
struct AsteriskBothFeedsTests {
    static let t0 = 1_514_295_800

    @Test func oneCallAndOneMemberFromBothFeeds() throws {
        let engine = FloorEngine.eventClock()
        let queueLog = engine.registerSource(name: "queue_log", format: .asteriskQueueLog)
        let ami = engine.registerSource(name: "ami", format: .asteriskAMI)
        var events: [Event] = []
        func log(_ at: Int, _ call: String, _ agent: String, _ rest: String) {
            let line = "\(Self.t0 + at)|\(call)|support|\(agent)|\(rest)"
            var decoded: [Event] = []
            Array(line.utf8).withUnsafeBytes { raw in try? AsteriskQueueLogDecoder().decode(raw, into: &decoded) }
            events += decoded.map { Event(source: queueLog, time: $0.time, body: $0.body) }
        }
        func manager(_ at: String, _ text: String) {
            var decoded: [Event] = []
            let headers = "Timestamp: \(Self.t0)." + at + "\n" + text
            var fields: [String: String] = [:]
            for line in headers.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            try? AsteriskAMIDecoder().decode(
                headers: fields, receivedAt: EventTime(milliseconds: Int64(Self.t0) * 1000), into: &decoded)
            events += decoded.map { Event(source: ami, time: $0.time, body: $0.body) }
        }
        log(0, "NONE", "SIP/4101", "ADDMEMBER|")
        manager(
            "000000",
            "Event: QueueMemberAdded\nQueue: support\nInterface: SIP/4101\nMemberName: SIP/4101\nStatus: 1\nPaused: 0")
        log(1, "1514295801.5", "NONE", "ENTERQUEUE||5551234|1")
        manager(
            "001200",
            "Event: QueueCallerJoin\nQueue: support\nUniqueid: 1514295801.5\nCallerIDNum: 5551234\nPosition: 1")
        manager(
            "009500", "Event: AgentConnect\nQueue: support\nUniqueid: 1514295801.5\nInterface: SIP/4101\nHoldTime: 9")
        log(10, "1514295801.5", "SIP/4101", "CONNECT|9|1514295801.6|1")
        log(70, "1514295801.5", "SIP/4101", "COMPLETECALLER|9|60|1")
        manager(
            "070300",
            "Event: AgentComplete\nQueue: support\nUniqueid: 1514295801.5\nInterface: SIP/4101\nTalkTime: 60\nReason: caller"
        )
        engine.apply(events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        let support = try #require(snapshot.queues["support"]).fifteenMinutes
        #expect(support[.offered] == 1)
        #expect(support[.answered] == 1)
        #expect(support[.handled] == 1)
        #expect(snapshot.knownAgents == 1)
        #expect(snapshot.queues["support"]?.agents.available == 1)
        #expect(snapshot.openContacts == 0)
    }
}
