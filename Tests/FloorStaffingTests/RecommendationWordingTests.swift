import FloorCore
import Testing

@testable import FloorStaffing

/// A move at a load the agents cannot meet leaves the service level at 0 % before and after; the
/// summary must then say what does change (queue growth, abandons, the wait), never "SL 0 % → 0 %".
@Suite("Recommendation wording")
struct RecommendationWordingTests {
    @Test func atAnOverloadTheSummaryNamesWhatChanges() {
        let before = ChannelProjection(
            agents: 20, serviceLevel: 0, queueGrowthPerMinute: 12, expectedWaitSeconds: nil)
        let after = ChannelProjection(agents: 30, serviceLevel: 0, queueGrowthPerMinute: 3, expectedWaitSeconds: nil)
        let text = RecommendationText.liveEffect(before, after)
        #expect(!text.contains("SL 0 % → 0 %"))
        #expect(text.contains("queue grows 12 a minute → grows 3 a minute"), "\(text)")
    }

    @Test func withPatienceTheAbandonsAnHourChange() {
        let before = ChannelProjection(agents: 20, serviceLevel: 0, abandonsPerHour: 310, expectedWaitSeconds: 240)
        let after = ChannelProjection(agents: 28, serviceLevel: 0, abandonsPerHour: 95, expectedWaitSeconds: 80)
        let text = RecommendationText.liveEffect(before, after)
        #expect(text.contains("abandons 310 → 95 an hour"), "\(text)")
        #expect(text.contains("a new caller waits 4 min → 80 s"), "\(text)")
    }

    @Test func whenTheServiceLevelMovesItLeads() {
        let text = RecommendationText.liveEffect(
            ChannelProjection(agents: 20, serviceLevel: 0.55), ChannelProjection(agents: 24, serviceLevel: 0.82))
        #expect(text.hasPrefix("SL 55 % → 82 %"), "\(text)")
    }

    /// The projection itself, from the staffing model: 100 calls an hour of 180 s need 5 erlangs;
    /// with 3 agents (Erlang C, no patience) the queue grows by 100/60 − 3/3 = 0.67 a minute.
    @Test func theGrowthComesFromTheLoadAndTheAgents() {
        let rate = 100.0 / 3600
        let shortfall = (rate - 3.0 / 180) * 60
        #expect(abs(shortfall - 2.0 / 3.0) < 1e-9)
    }
}
