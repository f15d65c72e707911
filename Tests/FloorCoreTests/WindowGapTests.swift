import FloorCore
import FloorTestSupport
import Testing

/// Windows across quiet stretches: buckets leave each window exactly when it says, including
/// after a silence longer than the whole ring, and late events land in the right windows.
@Suite("Windows across gaps")
struct WindowGapTests {
    /// One caller offered and abandoned at `seconds`.
    static func abandon(_ script: inout Script, _ id: String, at seconds: Double) {
        script.queued(id, at: seconds)
        script.ended(id, .abandoned, at: seconds + 5)
    }

    static func offered(_ snapshot: FloorSnapshot) -> [Int64] { snapshot.overall.windows.map { $0[.offered] } }

    @Test func bucketsLeaveEachWindowOnTimeAcrossSilences() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        Self.abandon(&script, "a", at: 0)
        Self.abandon(&script, "b", at: 100)
        #expect(Self.offered(engine.run(script)) == [2, 2, 2])
        // 6 minutes on: both left the 5-minute window (its buckets end at 300 s and 400 s).
        var quiet = Script()
        quiet.events.append(Event(time: Script.at(420), body: .heartbeat))
        #expect(Self.offered(engine.run(quiet)) == [0, 2, 2])
        // A late caller at 350 s (70 s before the clock): in every window, though its bucket was
        // already completed when it arrived.
        var late = Script()
        Self.abandon(&late, "c", at: 350)
        #expect(Self.offered(engine.run(late)) == [1, 3, 3])
        // 20 minutes on: only the hour still holds them.
        var later = Script()
        later.events.append(Event(time: Script.at(1_300), body: .heartbeat))
        #expect(Self.offered(engine.run(later)) == [0, 0, 3])
        // Two hours of silence, more than the ring holds: everything has left, nothing lingers.
        var gap = Script()
        Self.abandon(&gap, "d", at: 8_000)
        let afterGap = engine.run(gap)
        #expect(Self.offered(afterGap) == [1, 1, 1])
        #expect(afterGap.overall.fiveMinutes.waitMax == 5_000)
        #expect(afterGap.lifetime[.offered] == 4)
        // And the ring keeps working after the gap.
        var resume = Script()
        Self.abandon(&resume, "e", at: 8_200)
        resume.events.append(Event(time: Script.at(8_400), body: .heartbeat))
        #expect(Self.offered(engine.run(resume)) == [1, 2, 2])
    }
}

@Suite("Times before 1970")
struct TimesBefore1970Tests {
    /// A record dated in the year 505 (a corrupt or fuzzed timestamp) is counted, not a crash.
    @Test(arguments: [ClockMode.event, .wall])
    func anAncientTimestampIsCountedNotACrash(clock: ClockMode) {
        let engine = FloorEngine(settings: EngineSettings(clock: clock))
        let ancient = EventTime(milliseconds: -46_500_000_000_000)
        engine.apply(
            [
                Event(time: ancient, body: .contact(id: "c1", .queued(queue: "billing", channel: .voice, caller: nil))),
                Event(
                    time: ancient + 5_000, body: .contact(id: "c1", .connected(agent: "a1", queue: nil, channel: nil))),
            ], wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.lifetime[.offered] == 1)
    }
}
