import FloorAlerting
import FloorCore
import FloorStaffing
import FloorTestSupport
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
