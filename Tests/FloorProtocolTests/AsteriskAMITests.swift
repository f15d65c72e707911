import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// AMI messages from real transcripts (Tests/Fixtures/asterisk, provenance in SOURCES.md), framed
/// as on the wire (CRLF, an empty line between messages) and decoded.
@Suite("Asterisk AMI decoder")
struct AsteriskAMITests {
    static func transcript(_ name: String) throws -> [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/asterisk/\(name)")
        // The files have LF line ends and `;` annotations (where each part comes from); AMI sends CRLF.
        let text = try String(contentsOfFile: path.path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).filter { !$0.hasPrefix(";") }.joined(separator: "\r\n")
        return Array(text.utf8)
    }

    static let received = EventTime(milliseconds: 1_514_295_840_000)

    /// Frames the bytes and decodes every block; ignored records are counted, not failures.
    static func decode(_ bytes: [UInt8], chunk: Int = 97) -> (events: [Event], ignored: Int, failed: Int) {
        var framing = AMIFraming()
        var events: [Event] = []
        var ignored = 0
        var failed = 0
        var offset = 0
        while offset < bytes.count {
            let piece = bytes[offset..<min(bytes.count, offset + chunk)]
            offset += chunk
            for block in framing.append(piece) {
                block.withUnsafeBytes { raw in
                    do throws(DecodeError) {
                        try AsteriskAMIDecoder().decode(raw, receivedAt: received, into: &events)
                    } catch {
                        if error.reason.isIgnored { ignored += 1 } else { failed += 1 }
                    }
                }
            }
        }
        return (events, ignored, failed)
    }

    @Test func oneQueuedCallFromJoinToComplete() throws {
        let (events, ignored, failed) = Self.decode(try Self.transcript("ami.queue-call-lifecycle.txt"))
        #expect(failed == 0)
        #expect(ignored == 1)  // QueueCallerLeave: the answer (AgentConnect) says what happened
        let call = "1514295827.372"
        let steps = events.compactMap { event -> ContactChange? in
            if case .contact(call, let change) = event.body { return change }
            return nil
        }
        #expect(
            steps == [
                .queued(queue: "Q1", channel: .voice, caller: "123"), .offered(agent: "SIP/777"),
                .connected(agent: "SIP/777", queue: "Q1", channel: .voice), .ended(.completed, afterContactWork: false),
            ])
        // The two QueueMemberStatus rows (ringing, in use) keep SIP/777 logged in and unpaused in
        // Q1, with its device busy (RINGING 6, INUSE 2): nothing else is routed to it.
        let member = events.compactMap { event -> AgentChange? in
            if case .agent("SIP/777", let change) = event.body { return change }
            return nil
        }
        let row: [AgentChange] = [.membership(queue: "Q1", .unpaused), .status(.available), .deviceInUse(true)]
        #expect(member == row + row)
    }

    @Test func pausesWithReasonsAndTheEmptyUnpauseReason() throws {
        let (events, _, failed) = Self.decode(try Self.transcript("ami.queue-member-events.txt"), chunk: 13)
        #expect(failed == 0)
        // Pauses are per queue in AMI (each event names its queue).
        let pauses = events.compactMap { event -> QueueMembership? in
            if case .agent(_, .membership(_, let membership)) = event.body { return membership }
            return nil
        }
        #expect(pauses.contains(.paused(reason: "Pause1")))
        #expect(pauses.contains(.unpaused))  // the unpause, whose PausedReason is empty
        #expect(pauses.contains(.paused(reason: "Basket")))  // a QueueMember row of QueueStatus
    }

    @Test func timestampsWhenAsteriskSendsThemAndTheFramingOfTheGreeting() {
        let wire = Array(
            ("Asterisk Call Manager/9.0.0\r\nResponse: Success\r\nMessage: Authentication accepted\r\n\r\n"
                + "Event: QueueCallerJoin\r\nTimestamp: 1514295827.372000\r\nQueue: Q1\r\nUniqueid: u1\r\n"
                + "CallerIDNum: <unknown>\r\n\r\n").utf8)
        let (events, ignored, failed) = Self.decode(wire, chunk: 5)
        #expect(failed == 0)
        #expect(ignored == 2)  // the greeting and the login response
        #expect(
            events == [
                Event(
                    time: EventTime(milliseconds: 1_514_295_827_372),
                    body: .contact(id: "u1", .queued(queue: "Q1", channel: .voice, caller: nil)))
            ])
    }

    @Test func queueStatusRebuildsWaitingCallersAndMembersAfterAReconnect() {
        // A QueueStatus response: one member paused for lunch, one unavailable, two callers waiting.
        let response = [
            "Event: QueueParams\r\nQueue: billing\r\nCalls: 2\r\n",
            "Event: QueueMember\r\nQueue: billing\r\nName: Ana\r\nLocation: PJSIP/4101\r\nStateInterface: PJSIP/4101\r\nStatus: 1\r\nPaused: 1\r\nPausedReason: lunch\r\n",
            "Event: QueueMember\r\nQueue: billing\r\nLocation: PJSIP/4102\r\nStatus: 5\r\nPaused: 0\r\n",
            "Event: QueueEntry\r\nQueue: billing\r\nPosition: 1\r\nUniqueid: u9\r\nCallerIDNum: 0400111222\r\nWait: 95\r\n",
            "Event: QueueEntry\r\nQueue: billing\r\nPosition: 2\r\nUniqueid: u10\r\nWait: 12\r\n",
            "Event: QueueStatusComplete\r\n",
        ].map { $0 + "\r\n" }.joined()
        let (events, ignored, failed) = Self.decode(Array(response.utf8))
        #expect(failed == 0)
        #expect(ignored == 2)  // QueueParams and QueueStatusComplete
        let engine = FloorEngine.eventClock()
        engine.apply(events, wallNow: Self.received)
        engine.apply([Event(time: Self.received, body: .heartbeat)], wallNow: Self.received)
        let snapshot = engine.makeSnapshot(wallNow: Self.received)
        let billing = snapshot.queues["billing"]
        #expect(billing?.inQueue == 2)
        #expect(billing?.oldestWait == 95_000)
        #expect(snapshot.overall.agents.away == 1)
        #expect(snapshot.overall.agents.awayByReason["lunch"] == 1)
        #expect(snapshot.overall.agents.offline == 1)
    }

    @Test func aBlockThatNeverEndsIsDroppedAtTheLimitAndFramingGoesOn() {
        var framing = AMIFraming(maximumBlockLength: 1024)
        var blocks = framing.append(Array(repeating: UInt8(ascii: "x"), count: 4000))
        #expect(blocks.isEmpty)
        #expect(framing.overflows == 1)
        // The tail of the oversized block ends at the next empty line; the block after it is whole.
        blocks = framing.append(Array("yyy\r\n\r\nEvent: QueueCallerJoin\r\nQueue: Q1\r\nUniqueid: u1\r\n\r\n".utf8))
        #expect(blocks.count == 2)
        #expect(String(decoding: blocks.last ?? [], as: UTF8.self).hasPrefix("Event: QueueCallerJoin"))
    }

    @Test func badBlocksAreRefusedWithAReason() {
        let (events, ignored, failed) = Self.decode(Array("Event: AgentConnect\r\nQueue: Q1\r\n\r\n".utf8))
        #expect(failed == 1)
        #expect(ignored == 0)
        #expect(events.isEmpty)
    }
}
