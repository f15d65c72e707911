import FloorAlerting
import FloorCore
import FloorForecast
import FloorStaffing
import Testing

@testable import FloorDaemon

/// The forecast's intraday profiles are weeks of learning: a restart keeps them, and a checkpoint
/// written before they existed (daemon layout 1) is still read.
@Suite("Forecast profiles in the checkpoint")
struct ForecastProfileCheckpointTests {
    static func checkpoint(profiles: [ForecastScope: IntradayProfile]) -> DaemonCheckpoint {
        DaemonCheckpoint(
            takenAt: EventTime(milliseconds: 1_795_000_000_000),
            engine: FloorEngine(settings: EngineSettings(clock: .event)).checkpoint(), files: [:],
            alerts: AlertEvaluator().state, recommendations: CapacityRecommender().state, alertmanagerFiring: [:],
            forecastProfiles: profiles)
    }

    @Test func profilesSurviveTheRoundTrip() throws {
        var voice = IntradayProfile()
        voice.learn(weekday: 1, quarter: 36, arrivals: 120)
        voice.learn(weekday: 1, quarter: 36, arrivals: 150)
        voice.learn(weekday: 6, quarter: 95, arrivals: 3.5)
        var billing = IntradayProfile()
        billing.learn(weekday: 0, quarter: 0, arrivals: 7)
        let profiles: [ForecastScope: IntradayProfile] = [.channel(.voice): voice, .queue("billing é"): billing]
        let decoded = try DaemonCheckpoint(decoding: try Self.checkpoint(profiles: profiles).encoded())
        #expect(decoded.forecastProfiles == profiles)
        #expect(
            decoded.forecastProfiles[.channel(.voice)]?.expectedPerMinute(weekday: 1, quarter: 36)
                == voice.expectedPerMinute(weekday: 1, quarter: 36))
        #expect(decoded.forecastProfiles[.channel(.voice)]?.daysSeen(weekday: 1, quarter: 36) == 2)
    }

    @Test func aLayout1CheckpointIsReadWithoutProfiles() throws {
        let current = try Self.checkpoint(profiles: [:]).encoded()
        let opened = try CheckpointFrame.open(current, versions: [DaemonCheckpoint.formatVersion])
        // Layout 1 ended after the Alertmanager set: drop the empty profile list (one byte, 0).
        #expect(opened.payload.last == 0)
        let layout1 = CheckpointFrame.seal(
            Array(opened.payload.dropLast()), version: 1 << 16 | EngineCheckpoint.formatVersion,
            takenAt: opened.takenAt)
        let decoded = try DaemonCheckpoint(decoding: layout1)
        #expect(decoded.forecastProfiles.isEmpty)
        #expect(decoded.takenAt == opened.takenAt)
        // The same bytes claiming layout 2 lack the profile list: refused, not misread.
        let truncated = CheckpointFrame.seal(
            Array(opened.payload.dropLast()), version: DaemonCheckpoint.formatVersion, takenAt: opened.takenAt)
        #expect(throws: DaemonCheckpoint.Refused.self) { try DaemonCheckpoint(decoding: truncated) }
    }
}
