import FloorCore
import FloorTestSupport
import Testing

/// Each agent's figures since local midnight, counted by hand from the script.
@Suite("Agent figures of the day")
struct AgentDayTests {
    @Test func handledMissedAndOccupancyCountFromMidnight() throws {
        let midnight = Script.at(900)
        let engine = FloorEngine.eventClock()
        // A snapshot before anything sets the day the engine counts (as the daemon's ticks do).
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        // Before midnight: one call handled, not today's.
        script.queued("old", at: 100)
        script.connected("old", agent: "a1", at: 110)
        script.ended("old", at: 200)
        // After midnight: a missed offer, then a call of 60 s talk + 20 s hold + 30 s ACW.
        script.queued("c1", at: 1_000)
        script.contact("c1", .offered(agent: "a1"), at: 1_005)
        script.contact("c1", .missed(agent: "a1"), at: 1_020)
        script.contact("c1", .connected(agent: "a1", queue: nil, channel: nil), at: 1_100)
        script.contact("c1", .held, at: 1_120)
        script.contact("c1", .resumed, at: 1_140)
        script.ended("c1", acw: true, at: 1_180)
        script.contact("c1", .afterContactWorkEnded, at: 1_210)
        script.agent("a1", .status(.available), at: 1_300)
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        let today = try #require(snapshot.agents.first { $0.id == "a1" }?.today)
        #expect(today.handled.voice == 1)
        #expect(today.averageHandleTime == 110_000)
        #expect(today.averageHoldTime == 20_000)
        #expect(today.averageAfterContactWork == 30_000)
        #expect(today.averageTalkTime == 60_000)
        #expect(today.missed == 1)
        // From midnight (900 s) to 1,300 s: on contact 1,100–1,210 (110 s, the ACW included),
        // idle the rest (290 s) while Available.
        #expect(today.onContactMs == 110_000)
        #expect(today.idleMs == 290_000)
        // A checkpoint keeps them.
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
        let again = restored.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        #expect(again.agents.first { $0.id == "a1" }?.today == today)
    }
}
