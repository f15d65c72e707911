import FloorAlerting
import Testing

@testable import FloorCore

/// The predictive service-level alert: it follows the forecast's prediction (which carries its
/// own confidence and hysteresis), warns and never pages, and says what it predicts.
@Suite struct PredictedBreachAlertTests {
    static let rule = AlertKinds.kind(named: "service_level_forecast")!.defaultRules[0]

    static func evaluate(
        _ evaluator: inout AlertEvaluator, minutes: Double?, at second: Int64, channel: Channel = .voice
    ) -> [AlertNotification] {
        let now = AlertEvaluatorTests.start + second * 1000
        let predicted = minutes.map { [channel: $0] } ?? [:]
        return evaluator.evaluate(
            AlertEvaluatorTests.floor(oldestWait: nil, at: now),
            .init(now: now, wallNow: now, predictedBreachMinutes: predicted))
    }

    @Test func aPredictionWarnsOnceSaysWhenAndResolvesWhenItIsGone() {
        var evaluator = AlertEvaluator(rules: [Self.rule])
        #expect(Self.evaluate(&evaluator, minutes: nil, at: 0).isEmpty)
        let fired = Self.evaluate(&evaluator, minutes: 6.2, at: 1)
        #expect(fired.count == 1)
        #expect(fired.first?.state == .firing && fired.first?.severity == .warning)
        #expect(
            fired.first?.message
                == "voice: service level over 15m will fall below target in about 6 min at the current trend")
        // The minutes count down; one alert, no new notification, and never critical.
        for second in 2..<120 {
            #expect(Self.evaluate(&evaluator, minutes: max(0, 6 - Double(second) / 60), at: Int64(second)).isEmpty)
        }
        let resolved = Self.evaluate(&evaluator, minutes: nil, at: 120)
        #expect(resolved.map(\.state) == [.resolved])
        #expect(
            resolved.first?.message
                == "voice: resolved, the predicted fall below target has happened or is no longer expected")
    }

    @Test func eachLiveChannelHasItsOwnAndEmailHasNone() {
        var evaluator = AlertEvaluator(rules: [Self.rule])
        #expect(Self.evaluate(&evaluator, minutes: 10, at: 0, channel: .chat).map(\.scope.channel) == [.chat])
        #expect(Self.evaluate(&evaluator, minutes: 10, at: 1, channel: .email).map(\.state) == [.resolved])
    }
}
