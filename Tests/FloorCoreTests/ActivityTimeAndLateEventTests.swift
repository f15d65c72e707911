import FloorCore
import FloorTestSupport
import Testing

/// What the board shows as "time in state" is the time in the current activity (Connect's agent
/// activity: on contact, after-contact work, available, …), not since the last status change;
/// and events that arrive hours late (a tail replay, a relay catching up) still reach the day's
/// intervals, which WFM tools compare with their forecast.
@Suite("Time in activity and late events")
struct ActivityTimeAndLateEventTests {
    @Test func timeInActivityIsNotTimeSinceTheStatusChanged() throws {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent("a1", .status(.available), at: 0)
        // Available since 0; a call from 3 h (10,800 s) to 3 h 05 min, then after-contact work.
        script.queued("c1", at: 10_790)
        script.connected("c1", agent: "a1", at: 10_800)
        var snapshot = FloorEngine.eventClock().run(script)
        var agent = try #require(snapshot.agents.first)
        #expect(agent.activity == .onContact)
        #expect(agent.since == Script.at(10_800))
        #expect(agent.statusSince == Script.at(0))

        script.ended("c1", acw: true, at: 11_100)
        script.queued("c2", at: 11_150)
        snapshot = FloorEngine.eventClock().run(script)
        agent = try #require(snapshot.agents.first)
        #expect(agent.activity == .afterContactWork)
        #expect(agent.since == Script.at(11_100))
    }

    @Test func eventsHoursLateStillReachTheDaysIntervals() throws {
        let engine = FloorEngine.eventClock()
        var now = Script()
        // The clock is at 3 h; the 60-minute window ended long after 0:20.
        now.queued("recent", at: 10_800)
        engine.apply(now.events, wallNow: Script.origin)
        var late = Script()
        late.queued("late-1", at: 1_200)
        late.connected("late-1", at: 1_210)
        late.ended("late-1", at: 1_300)
        late.queued("late-2", at: 1_250)
        late.ended("late-2", .abandoned, at: 1_280)
        engine.apply(late.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        // 0:20 falls in the quarter hour 0:15–0:30 after the origin (09:00 UTC, a quarter hour).
        let quarter = try #require(snapshot.intervals.first { $0.start == Script.at(900) })
        #expect(quarter.channels.voice[.offered] == 2)
        #expect(quarter.channels.voice[.answered] == 1)
        #expect(quarter.channels.voice[.abandoned] == 1)
        #expect(quarter.queues["billing"]?[.offered] == 2)
        // The sliding windows, which cover the last hour only, are untouched.
        #expect(snapshot.channels.voice.sixtyMinutes[.offered] == 1)
    }

    /// An agent hands a call to another under the same contact id: each agent's leg is handled
    /// and counted for that agent (docs/metrics.md: transferred legs count for who handled them).
    @Test func aHandoverHandlesTheFirstAgentsLeg() throws {
        var script = Script()
        script.queued("c1", at: 0)
        script.connected("c1", agent: "a1", at: 10)
        script.connected("c1", agent: "a2", at: 70)
        script.ended("c1", at: 100)
        let voice = FloorEngine.eventClock().run(script).channels.voice.fifteenMinutes
        #expect(voice[.answered] == 1)
        #expect(voice[.transfers] == 1)
        #expect(voice[.handled] == 2)
        // a1: 60 s, a2: 30 s.
        #expect(voice.averageHandleTime == 45_000)
    }
}
