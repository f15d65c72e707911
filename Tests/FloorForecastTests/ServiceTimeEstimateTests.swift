import FloorCore
import FloorForecast
import Foundation
import Testing

@Suite struct ServiceTimeEstimateTests {
    @Test func decayedSumsByHand() {
        var estimate = ServiceTimeEstimate(priorHandleTime: 300, priorPatience: 180, priorWeight: 3)
        #expect(estimate.handleTime == 300 && estimate.patience == 180)
        let start: Int64 = 29_000_000
        estimate.observe(
            minute: start,
            MinuteObservation(arrivals: 4, abandoned: 1, waitSeconds: 100, handled: 2, handleSeconds: 400))
        estimate.observe(
            minute: start + 1,
            MinuteObservation(arrivals: 3, abandoned: 0, waitSeconds: 60, handled: 3, handleSeconds: 900))
        // Two quiet minutes, then one more contact.
        estimate.observe(
            minute: start + 4,
            MinuteObservation(arrivals: 1, abandoned: 2, waitSeconds: 50, handled: 1, handleSeconds: 200))
        // Half-life 15 minutes: weight 2^(−k/15) for a minute k minutes old.
        let age4 = pow(2, -4.0 / 15)
        let age3 = pow(2, -3.0 / 15)
        let handled = 2 * age4 + 3 * age3 + 1
        let handleSeconds = 400 * age4 + 900 * age3 + 200
        let abandons = 1 * age4 + 0 * age3 + 2
        let waitSeconds = 100 * age4 + 60 * age3 + 50
        #expect(abs(estimate.handled - handled) <= 1e-12)
        #expect(abs(estimate.handleSeconds - handleSeconds) <= 1e-9)
        #expect(abs(estimate.abandons - abandons) <= 1e-12)
        #expect(abs(estimate.waitSeconds - waitSeconds) <= 1e-9)
        #expect(abs(estimate.handleTime - (handleSeconds + 3 * 300) / (handled + 3)) <= 1e-9)
        #expect(abs(estimate.patience - (waitSeconds + 3 * 180) / (abandons + 3)) <= 1e-9)

        // A late minute (start + 2) counts with the weight of its age.
        estimate.observe(minute: start + 2, MinuteObservation(arrivals: 0, handled: 1, handleSeconds: 100))
        #expect(abs(estimate.handled - (handled + pow(2, -2.0 / 15))) <= 1e-12)
        #expect(estimate.lastMinute == start + 4)
    }

    @Test func quietMinutesKeepThePrior() {
        var estimate = ServiceTimeEstimate(priorHandleTime: 240)
        for minute in Int64(0)..<30 { estimate.observe(minute: minute, MinuteObservation(arrivals: 0)) }
        #expect(estimate.handleTime == 240)
        #expect(estimate.patience == 180)
    }

    /// Callers with exponential patience (mean 120 s) meet offered waits (exponential, mean 90 s):
    /// they abandon when the patience runs out first, else are answered (a censored patience).
    @Test func patienceConvergesToTheTrueMean() {
        var random = SplitMix64(seed: 42)
        var recent = ServiceTimeEstimate(priorHandleTime: 300)
        var longRun = ServiceTimeEstimate(priorHandleTime: 300, halfLifeMinutes: 1e9)
        var abandonWaits = 0.0
        var abandons = 0.0
        for minute in Int64(0)..<300 {
            var observation = MinuteObservation(arrivals: 60)
            for _ in 0..<60 {
                let patience = random.nextExponential(mean: 120)
                let offeredWait = random.nextExponential(mean: 90)
                if patience < offeredWait {
                    observation.abandoned += 1
                    observation.waitSeconds += patience
                    abandonWaits += patience
                    abandons += 1
                } else {
                    observation.answered += 1
                    observation.waitSeconds += offeredWait
                }
            }
            recent.observe(minute: minute, observation)
            longRun.observe(minute: minute, observation)
        }
        #expect(abs(recent.patience / 120 - 1) < 0.10, "recent \(recent.patience)")
        #expect(abs(longRun.patience / 120 - 1) < 0.03, "long run \(longRun.patience)")
        // The naive mean wait of the abandons is biased low (they are the impatient ones).
        #expect(abandonWaits / abandons < 0.6 * 120)
    }
}
