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

/// With the site's calendar the engine finds each fact's day itself.
@Suite("Agent figures of the day, by the site's calendar")
struct AgentDayCalendarTests {

    @Test func anEventClockCountsItsFirstFactsAndAFactAfterMidnightBeforeTheNextSnapshot() throws {
        let engine = FloorEngine.eventClock()
        engine.siteCalendar = UTCCalendar()
        // No snapshot has set a day: the first call still counts in its day (09:00Z).
        _ = engine.makeSnapshot(wallNow: Script.origin)
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.queued("c1", at: 10)
        script.connected("c1", at: 20)
        script.ended("c1", at: 80)
        engine.apply(script.events, wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.first?.today?.handledTotal == 1)
        // 15 hours later it is past midnight: a call ending at 00:00:30 counts in the new day,
        // though no snapshot has been made since the day changed.
        let midnight = Script.origin + .hours(15)
        var late = Script()
        late.queued("c2", at: 15 * 3_600 - 60)
        late.connected("c2", at: 15 * 3_600 - 30)
        late.ended("c2", at: 15 * 3_600 + 30)
        engine.apply(late.events, wallNow: Script.origin)
        snapshot = engine.makeSnapshot(wallNow: Script.origin)
        let today = try #require(snapshot.agents.first?.today)
        #expect(today.handledTotal == 1)
        #expect(today.handleMs == 60_000)
        #expect(snapshot.generatedAt == midnight + .seconds(30))
    }
}
