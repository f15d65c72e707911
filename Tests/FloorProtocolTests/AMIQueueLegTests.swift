import FloorCore
import FloorProtocol
import FloorTestSupport
import Testing

/// A caller AMI reports leaving one queue and joining another (the dialplan's overflow), applied
/// to the engine. Expected figures from the definitions (DOMAIN.md §B.1, §C.4): each queue counts
/// its own leg with its own wait; the voice channel counts the customer once, with the whole wait.
@Suite("AMI overflow legs")
struct AMIQueueLegTests {
    /// Event times come from AMI's Timestamp header (t = 0 is 1514295800 s).
    static func at(_ seconds: Int) -> String { "Timestamp: \(1_514_295_800 + seconds).000000" }
    static let start = EventTime(milliseconds: 1_514_295_800_000)

    static func run(joinSecondQueueAt join: Int, receivedGapBeyondGrace: Bool) -> FloorSnapshot {
        var session = AMISessionTests.loggedIn()
        var events: [Event] = []
        func feed(_ text: String, receivedAt second: Int) {
            let received = start + .seconds(Int64(second))
            session.expireLeaves(at: received, into: &events)
            _ = AMISessionTests.feed(&session, [text], at: received).events.map { events.append($0) }
        }
        feed("Response: Success\nActionID: floorwatch-queuestatus\nMessage: Queue status will follow", receivedAt: 0)
        feed("Event: QueueStatusComplete\nActionID: floorwatch-queuestatus", receivedAt: 0)
        feed(
            "Event: QueueCallerJoin\n\(at(0))\nQueue: support\nUniqueid: u1\nCallerIDNum: 5551234\nPosition: 1",
            receivedAt: 0)
        feed("Event: QueueCallerLeave\n\(at(30))\nQueue: support\nUniqueid: u1\nPosition: 1\nCount: 0", receivedAt: 30)
        // The join arrives 1 s after the leave (within the 2 s grace) or 5 s after (beyond it,
        // so the leave was taken for an exit first).
        feed(
            "Event: QueueCallerJoin\n\(at(join))\nQueue: overflow\nUniqueid: u1\nCallerIDNum: 5551234\nPosition: 1",
            receivedAt: join)
        feed(
            "Event: AgentConnect\n\(at(40))\nQueue: overflow\nUniqueid: u1\nMemberName: Alice\nInterface: SIP/4201\nHoldTime: \(40 - join)\nRingTime: 1",
            receivedAt: 40)
        feed(
            "Event: AgentComplete\n\(at(100))\nQueue: overflow\nUniqueid: u1\nMemberName: Alice\nInterface: SIP/4201\nHoldTime: \(40 - join)\nTalkTime: 60\nReason: caller",
            receivedAt: 100)
        let engine = FloorEngine.eventClock()
        engine.apply(events, wallNow: start)
        return engine.makeSnapshot(wallNow: start + .seconds(100))
    }

    @Test(arguments: [(31, false), (35, true)])
    func theOverflowQueueCountsItsLegAndTheChannelTheWholeWait(join: Int, beyondGrace: Bool) throws {
        let snapshot = Self.run(joinSecondQueueAt: join, receivedGapBeyondGrace: beyondGrace)
        let support = try #require(snapshot.queues["support"]).fifteenMinutes
        let overflow = try #require(snapshot.queues["overflow"]).fifteenMinutes
        let voice = snapshot.channels.voice.fifteenMinutes
        #expect(support[.offered] == 1)
        #expect(support[.answered] == 0)
        // Within the grace the leave is a move (a transfer out of support); beyond it, an exit.
        #expect(support[.timedOut] + support[.transfers] == 1)
        #expect(overflow[.offered] == 1)
        #expect(overflow[.answered] == 1)
        // Its own leg: from the join to the answer at 40 s.
        #expect(overflow.averageSpeedOfAnswer == Double(40 - join) * 1000)
        // One customer, answered after 40 s in all; no exit, no transfer on the channel.
        #expect(voice[.offered] == 1)
        #expect(voice[.answered] == 1)
        #expect(voice[.timedOut] == 0)
        #expect(voice[.transfers] == 0)
        #expect(voice.averageSpeedOfAnswer == 40_000)
    }
}
