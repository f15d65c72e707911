import FloorCore
import FloorForecast
import FloorTestSupport
import Testing

/// What the forecast learns from the floor, checked against counts taken from the events
/// themselves: each whole quarter hour's arrivals per channel and queue go into the intraday
/// profile of its local weekday and quarter (partial quarters do not), and a forecaster built
/// with those profiles (as after a restart) forecasts in the profile's shape.
@Suite struct FloorForecasterLearningTests {
    /// Monday 2026-03-02 09:07 UTC: the first quarter (09:00–09:15) is seen only in part.
    static let start = RFC3339.parse("2026-03-02T09:07:00Z")!

    /// Arrivals of `billing` (voice): 2 a minute until 09:30, then 6 a minute.
    static func arrivals(inMinute minute: Int) -> Int { minute < 23 ? 2 : 6 }

    /// `restartAt`: before that minute, the engine goes through a checkpoint into a new engine and
    /// the forecaster starts again with its profiles only, as the daemon does on a restart.
    static func run(
        minutes: Int, profiles: [ForecastScope: IntradayProfile] = [:], restartAt: Int? = nil,
        observed: (Int, FloorForecaster) -> Void = { _, _ in }
    ) throws -> FloorForecaster {
        var engine = FloorEngine.eventClock()
        engine.siteCalendar = UTCCalendar()
        var forecaster = FloorForecaster(profiles: profiles)
        var contact = 0
        for minute in 0..<minutes {
            if minute == restartAt {
                let restored = FloorEngine.eventClock()
                restored.siteCalendar = UTCCalendar()
                try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
                engine = restored
                forecaster = FloorForecaster(profiles: forecaster.profiles)
            }
            var script = Script()
            for index in 0..<Self.arrivals(inMinute: minute) {
                let time = Double(minute * 60 + index * 7 + 1)
                script.queued("c\(contact)", "billing", .voice, at: time)
                script.ended("c\(contact)", at: time + 2)
                contact += 1
            }
            let origin = Self.start.milliseconds
            let events = script.events.map { event in
                var shifted = event
                shifted.time = EventTime(milliseconds: origin + event.time.milliseconds - Script.origin.milliseconds)
                return shifted
            }
            let now = Self.start + .minutes(Int64(minute + 1))
            engine.apply(events, wallNow: now)
            _ = forecaster.observe(engine.makeSnapshot(wallNow: now), calendar: UTCCalendar())
            observed(minute, forecaster)
        }
        return forecaster
    }

    @Test func wholeQuartersAreLearnedPerWeekdayAndQuarter() throws {
        // 09:07 → 10:08: quarters 09:15, 09:30, 09:45 whole, 09:00 and 10:00 partial.
        let forecaster = try Self.run(minutes: 61)
        let voice = try #require(forecaster.profiles[.channel(.voice)])
        let billing = try #require(forecaster.profiles[.queue("billing")])
        // Monday is weekday 0; 09:15 is quarter 37.
        for profile in [voice, billing] {
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 36) == nil, "09:00 was seen from 09:07 only")
            // 09:15–09:30: minutes 8…22 of the run, 2 a minute.
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 37) == 2)
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 38) == 6)
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 39) == 6)
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 40) == nil, "10:00 is not over")
            #expect(profile.daysSeen(weekday: 0, quarter: 38) == 1)
            #expect(profile.expectedPerMinute(weekday: 1, quarter: 38) == nil, "only Monday was seen")
        }
    }

    @Test func aForecasterWithTheProfilesForecastsTheirShape() throws {
        let learned = try Self.run(minutes: 61).profiles
        // The same Monday morning again (a restart with the profiles: a week later in the
        // profile's eyes), up to 09:28: the profile knows the step to 6 a minute at 09:30, the
        // live arrivals alone (2 a minute so far) do not.
        let withProfile = try Self.run(minutes: 21, profiles: learned).board
        let withoutProfile = try Self.run(minutes: 21).board
        let half = (Self.start + .minutes(23)).milliseconds / 60_000  // 09:30
        func perMinute(_ board: ForecastBoard, from minute: Int64) throws -> Double {
            let interval = try #require(board.scope(.queue("billing"))?.arrivals.first { $0.startMinute == minute })
            return interval.expected / Double(interval.minutes)
        }
        #expect(abs(try perMinute(withProfile, from: half - 5) - 2) < 0.5)
        #expect(abs(try perMinute(withProfile, from: half) - 6) < 1.5)
        #expect(abs(try perMinute(withoutProfile, from: half) - 2) < 0.5, "no profile: the level goes on")
    }

    /// A restart at 09:37, seven minutes into the step to 6 a minute: the restarted forecaster
    /// takes the last hour's arrivals from the restored windows, so it is warm at its first
    /// minute and forecasts toward the new level as the uninterrupted one does; the quarters the profile
    /// learned before the restart are not learned twice. Without the restored hour it would be
    /// cold for five minutes and start from nothing.
    @Test func aRestartKeepsTheForecastWarmAndTheProfileCountsEachDayOnce() throws {
        var restartedBoards: [Int: ForecastBoard] = [:]
        let restarted = try Self.run(minutes: 61, restartAt: 30) { minute, forecaster in
            restartedBoards[minute] = forecaster.board
        }
        var continuousBoards: [Int: ForecastBoard] = [:]
        _ = try Self.run(minutes: 61) { minute, forecaster in continuousBoards[minute] = forecaster.board }
        // The first minute after the restart only takes the snapshot; the next forecasts.
        let first = try #require(restartedBoards[31]?.scope(.queue("billing")))
        #expect(first.isWarm)
        let next = try #require(first.arrivals.first)
        let uninterrupted = try #require(continuousBoards[31]?.scope(.queue("billing"))?.arrivals.first)
        #expect(next.expected / Double(next.minutes) > 4, "well above the 2 a minute before the step: \(next)")
        #expect(
            abs(next.expected - uninterrupted.expected) < 0.2 * uninterrupted.expected, "\(next) vs \(uninterrupted)")
        #expect(restartedBoards[31]?.scope(.channel(.voice))?.isWarm == true)
        for scope in [ForecastScope.channel(.voice), .queue("billing")] {
            let profile = try #require(restarted.profiles[scope])
            #expect(profile.daysSeen(weekday: 0, quarter: 37) == 1)
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 37) == 2)
            // 09:30–09:45 spans the restart (09:37): not learned, as a quarter seen in part.
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 38) == nil)
            #expect(profile.expectedPerMinute(weekday: 0, quarter: 39) == 6)
        }
    }
}
