import FloorCore
import FloorTestSupport
import Testing

/// `today` counts what happened since the local midnight it is given, `current_interval` what
/// happened in the quarter hour in progress; both by the windows' definitions. Expected figures
/// are counted by hand from the script.
@Suite("Today and the current interval")
struct TodayAndCurrentIntervalTests {
    @Test func todayStartsAtTheGivenMidnightAndTheIntervalAtTheQuarterHour() throws {
        // Script.origin is 09:00:00Z; the "local midnight" given is 09:15Z (UTC-09:15 for the
        // test's sake; every real zone's midnight is a quarter hour too). The engine takes the
        // instant; the daemon computes it from the zone.
        let midnight = Script.at(900)
        let engine = FloorEngine.eventClock()
        var script = Script()
        // Before midnight: two answered, one abandoned.
        for (index, second) in [10.0, 20, 30].enumerated() { script.queued("before-\(index)", at: second) }
        script.connected("before-0", at: 15)
        script.connected("before-1", at: 25)
        script.ended("before-2", .abandoned, at: 60)
        // After midnight (09:15–09:30): three offered, two answered, one abandoned.
        script.queued("after-0", at: 910)
        script.connected("after-0", at: 915)
        script.queued("after-1", at: 1_000)
        script.connected("after-1", at: 1_010)
        script.queued("after-2", at: 1_100)
        script.ended("after-2", .abandoned, at: 1_130)
        // The quarter hour in progress (from 09:30Z = second 1,800): one more, still waiting.
        script.queued("now-0", at: 1_850)
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        let today = try #require(snapshot.channels.voice.today)
        #expect(today[.offered] == 4)
        #expect(today[.answered] == 2)
        #expect(today[.abandoned] == 1)
        #expect(today.abandonRate == 1.0 / 3.0)
        #expect(today.length == Script.at(1_850) - midnight)
        let interval = try #require(snapshot.channels.voice.currentInterval)
        // 09:30–09:45: only now-0 is in it.
        #expect(interval[.offered] == 1)
        #expect(interval[.abandoned] == 0)
        #expect(snapshot.queues["billing"]?.today?[.offered] == 4)
        #expect(snapshot.overall.today?[.answered] == 2)
        // Without a day start there is no `today`; the interval in progress is always there.
        let plain = engine.makeSnapshot(wallNow: Script.origin)
        #expect(plain.overall.today == nil)
        #expect(plain.overall.currentInterval?[.offered] == 1)
    }
}
