import FloorCore
import FloorTestSupport
import Testing

@testable import FloorStaffing

/// Moves ahead of the surge: with the forecast predicting a fall below target, a calm voice
/// channel gets agents before anyone waits, and the recommendation says it acts on the forecast.
@Suite struct RecommenderForecastTests {
    /// Voice calm (nobody waiting, 4 voice agents free), blended agents on email.
    static let calm = RecommenderLifecycleTests.floor(waiting: 0, blended: 4, perHour: 24, at: 60)
    static let outlook: [Channel: ForecastOutlook] = [
        .voice: ForecastOutlook(minutesUntilBreach: 6, arrivalsPerHour: 150, projectedServiceLevel: 0.62)
    ]

    @Test func aPredictedFallMovesAgentsBeforeItHappens() throws {
        var recommender = CapacityRecommender()
        #expect(recommender.evaluate(Self.calm, now: Self.calm.generatedAt).isEmpty, "the present alone: no move")
        let changes = recommender.evaluate(Self.calm, now: Self.calm.generatedAt, outlook: Self.outlook)
        let move = try #require(changes.first { $0.kind == .issued }?.recommendation)
        #expect(move.from == .email && move.to == .voice)
        #expect(move.basis == "forecast")
        #expect(move.forecast == Self.outlook[.voice])
        #expect(
            move.reason.hasPrefix(
                "forecast: voice service level over 15m below target (80 %) in about 6 min at 150 an hour"))
        // 150 an hour at 300 s is 12.5 Erlangs: more than the 4 voice agents.
        #expect(move.agents >= 1)
    }

    @Test func actingOnThePresentOnlyWaitsForItToHappen() {
        var settings = RecommenderSettings()
        settings.actOnForecast = false
        var recommender = CapacityRecommender(settings: settings)
        #expect(recommender.evaluate(Self.calm, now: Self.calm.generatedAt, outlook: Self.outlook).isEmpty)
    }

    @Test func aMoveOnThePresentSaysSo() throws {
        var recommender = CapacityRecommender()
        var issued: Recommendation?
        for tick in 0..<3 where issued == nil {
            let snapshot = RecommenderLifecycleTests.floor(waiting: 3, at: 60 + Double(tick) / 2)
            issued =
                recommender.evaluate(snapshot, now: snapshot.generatedAt).first { $0.kind == .issued }?.recommendation
        }
        #expect(try #require(issued).basis == "present")
        #expect(issued?.forecast == nil)
    }
}
