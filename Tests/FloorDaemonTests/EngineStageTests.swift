import FloorAlerting
import FloorCore
import FloorForecast
import FloorStaffing
import FloorTestSupport
import Foundation
import Glibc
import Logging
import Testing

@testable import FloorDaemon

/// The stages the engine loop runs after each publish, in process: no sockets, no journald.
@Suite("Engine stages")
struct EngineStageTests {
    @Test func theAlertingStageNotifiesItsSinksAndPublishesTheBoard() throws {
        let sink = InMemoryAlertSink()
        let stage = AlertingStage(rules: AlertKinds.defaultRules, logger: Logger(label: "test"))
        stage.context.sinks = [sink]
        var script = Script()
        script.queued("c1", "billing", at: 0)
        // 200 s in queue: above the voice oldest-wait rule's critical 120 s (for 10 s).
        let engine = FloorEngine.eventClock()
        engine.apply(script.events, wallNow: Script.at(0))
        stage.run(after: engine.makeSnapshot(wallNow: Script.at(190)), wallNow: Script.at(190))
        var later = Script()
        later.contact("c2", .queued(queue: "other", channel: .chat, caller: nil), at: 205)
        engine.apply(later.events, wallNow: Script.at(205))
        // The stage evaluates at most once a second of the daemon's monotonic clock.
        usleep(1_100_000)
        stage.run(after: engine.makeSnapshot(wallNow: Script.at(205)), wallNow: Script.at(205))
        // A caller waiting 205 s with nobody to answer: the sink hears what the board shows.
        let firing = sink.notifications.filter { $0.state == .firing }
        #expect(!firing.isEmpty)
        #expect(Set(firing.map(\.rule)) == Set(stage.board.current.firing.map(\.rule)))
    }

    /// The forecast runs on its own thread: `run` hands a new minute's snapshot over and returns;
    /// the board appears once the forecast is done, minutes handed over while it was busy are
    /// caught up from the next one, and the board ends at the engine's last minute.
    @Test func theForecastStageForecastsOffTheEngineLoopAndCatchesUp() throws {
        let stage = ForecastStage(calendar: UTCCalendar())
        let engine = FloorEngine.eventClock()
        engine.siteCalendar = UTCCalendar()
        var last = Script.at(0)
        for minute in 0..<12 {
            var script = Script()
            for caller in 0..<20 {
                script.queued("m\(minute)-\(caller)", "billing", at: Double(minute * 60 + caller * 3))
                script.ended("m\(minute)-\(caller)", .abandoned, at: Double(minute * 60 + caller * 3 + 1))
            }
            engine.apply(script.events, wallNow: Script.at(Double(minute * 60 + 59)))
            for second in [5.0, 30, 59] {
                last = Script.at(Double(minute * 60) + second)
                stage.run(after: engine.makeSnapshot(wallNow: last), wallNow: last)
            }
        }
        // Whatever was skipped while busy, the last minute is forecast once its turn comes: hand
        // it over again until the worker takes it.
        let lastMinute = last.milliseconds / 60_000 * 60_000
        let deadline = Date().addingTimeInterval(30)
        var tick = last
        while stage.board.current.generatedAt.milliseconds / 60_000 * 60_000 < lastMinute, Date() < deadline {
            usleep(20_000)
            tick = tick + 1
            stage.run(after: engine.makeSnapshot(wallNow: tick), wallNow: tick)
        }
        let voice = try #require(stage.board.current.scope(.channel(.voice)))
        #expect(stage.board.current.generatedAt.milliseconds / 60_000 * 60_000 == lastMinute)
        #expect(voice.isWarm, "every completed minute was learned, skipped ones too")
        #expect(stage.board.current.scope(.queue("billing")) != nil)
    }

    @Test func theRecommendationStageRunsOncePerIntervalOfEngineTime() throws {
        let stage = RecommendationStage(settings: RecommenderSettings())
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", at: 0)
        engine.apply(script.events, wallNow: Script.at(0))
        let first = engine.makeSnapshot(wallNow: Script.at(0))
        stage.run(after: first, wallNow: Script.at(0))
        let published = stage.board.current
        stage.run(after: engine.makeSnapshot(wallNow: Script.at(1)), wallNow: Script.at(1))
        // Within the interval (30 s of engine time) the board is not rebuilt.
        #expect(stage.board.current === published)
    }
}
