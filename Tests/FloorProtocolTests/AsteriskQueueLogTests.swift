import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// The real queue_log samples (Tests/Fixtures/asterisk, provenance in SOURCES.md), decoded and
/// checked against what the lines say, read by hand.
@Suite("Asterisk queue_log decoder")
struct AsteriskQueueLogTests {
    static func fixture(_ name: String) throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/asterisk/\(name)").path
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func decodeAll(_ lines: [String]) -> (events: [Event], errors: [DecodeError.Reason: Int]) {
        let decoder = AsteriskQueueLogDecoder()
        var events: [Event] = []
        var errors: [DecodeError.Reason: Int] = [:]
        for line in lines {
            var bytes = Array(line.utf8)
            let result = bytes.withUnsafeMutableBytes { raw in
                Result { () throws(DecodeError) in try decoder.decode(UnsafeRawBufferPointer(raw), into: &events) }
            }
            if case .failure(let error) = result { errors[error.reason, default: 0] += 1 }
            _ = bytes
        }
        return (events, errors)
    }

    @Test func definitiveGuideSampleDecodesLineByLine() throws {
        let (events, errors) = Self.decodeAll(try Self.fixture("queue_log.definitive-guide"))
        #expect(errors.isEmpty)
        #expect(events.count == 13)
        let member = "Local/9990@MemberConnector"
        #expect(
            events[0]
                == Event(
                    time: EventTime(milliseconds: 1_292_281_046_000),
                    body: .contact(
                        id: "psy1-1292281041.87", .queued(queue: "7100", channel: .voice, caller: "4165551212"))))
        #expect(events[1].body == .contact(id: "psy1-1292281041.87", .missed(agent: "Local/9996@MemberConnector")))
        #expect(
            events[2].body == .contact(id: "psy1-1292281041.87", .connected(agent: member, queue: "7100", channel: nil))
        )
        #expect(events[3].body == .contact(id: "psy1-1292281041.87", .ended(.completed, afterContactWork: false)))
        // REMOVEMEMBER and ADDMEMBER name queue 7100: membership of that queue, not of every queue.
        #expect(events[4].body == .agent(id: member, .membership(queue: "7100", .removed)))
        #expect(events[6].body == .agent(id: member, .membership(queue: "7100", .added)))
        #expect(events[10].time == EventTime(milliseconds: 1_292_284_521_000))
    }

    @Test func definitiveGuideThroughTheEngine() throws {
        let (events, _) = Self.decodeAll(try Self.fixture("queue_log.definitive-guide"))
        let engine = FloorEngine.eventClock()
        engine.apply(events, wallNow: Script.origin)
        let queue = try #require(engine.makeSnapshot(wallNow: Script.origin).queues["7100"])
        let hour = queue.sixtyMinutes
        // CONNECT's holdtime field says 2 s for both calls; COMPLETECALLER's calltime 3073 s.
        #expect(hour[.offered] == 2)
        #expect(hour[.answered] == 2)
        #expect(hour.averageSpeedOfAnswer == 2_000)
        #expect(hour[.agentNonResponse] == 2)
        #expect(hour[.handled] == 1)
        #expect(hour.averageHandleTime == 3_073_000)
        #expect(queue.inQueue == 0)
        #expect(queue.channel == .voice)
    }

    @Test func miscSampleAbandonAndIgnoredRecords() throws {
        let lines = try Self.fixture("queue_log.misc-real")
        let (events, errors) = Self.decodeAll(lines)
        // 6 QUEUESTART lines carry nothing to apply: counted as system records (ignored), not applied.
        #expect(errors == [.systemRecord: 6])
        #expect(events.count == lines.count - 6)
        let engine = FloorEngine.eventClock()
        engine.apply(events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        let support = try #require(snapshot.queues["support"])
        // ABANDON's waittime field says 68 s.
        #expect(support.fifteenMinutes[.abandoned] == 1)
        #expect(support.fifteenMinutes.averageAbandonTime == 68_000)
        #expect(snapshot.queues["sales"]?.inQueue == 1)
        // RINGNOANSWER for a call never seen entering: counted as an unknown contact.
        #expect(engine.anomalies(.unknownContact) == 1)
    }

    @Test(arguments: [
        ("1292281046|x|7100", DecodeError.Reason.malformedRecord),
        ("yesterday|c|q|NONE|ENTERQUEUE||1|1", .badField),
        ("1292281046|NONE|7100|NONE|ENTERQUEUE||1|1", .badField),
        ("1292281046|c1|7100|NONE|CONNECT|2|x|0", .badField),
        ("1292281046|c1|7100|NONE|MYCUSTOMEVENT|a", .ignoredRecord),
    ])
    func badLinesAreRejectedWithAReason(line: String, reason: DecodeError.Reason) {
        let (events, errors) = Self.decodeAll([line])
        #expect(events.isEmpty)
        #expect(errors == [reason: 1])
    }

    @Test func isoTimeVariantAndPause() {
        let (events, errors) = Self.decodeAll([
            "2020-08-04 05:09:01.250|NONE|sales|SIP/4101|PAUSE|Lunch",
            "2020-08-04 05:09:30|NONE|sales|SIP/4102|PAUSE|",
            "2020-08-04 05:10:00|NONE|NONE|SIP/4101|UNPAUSEALL|",
        ])
        #expect(errors.isEmpty)
        #expect(events.first?.time == RFC3339.parse("2020-08-04T05:09:01.250Z"))
        // PAUSE names queue sales: paused there only. UNPAUSEALL (queue NONE) is about every queue.
        #expect(events.first?.body == .agent(id: "SIP/4101", .membership(queue: "sales", .paused(reason: "Lunch"))))
        #expect(events[1].body == .agent(id: "SIP/4102", .membership(queue: "sales", .paused(reason: "paused"))))
        #expect(events.last?.body == .agent(id: "SIP/4101", .status(.available)))
    }
}
