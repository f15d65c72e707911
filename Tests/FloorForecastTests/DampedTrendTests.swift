import FloorCore
import FloorForecast
import Foundation
import Testing

/// The forecaster's smoothing against the textbook damped-trend recursions written out here, and
/// its variance growth against the published closed form.
@Suite struct DampedTrendTests {
    /// Holt's damped trend as printed in Hyndman & Athanasopoulos §8.2, started at ℓ = y₁, b = 0.
    struct TextbookHolt {
        let alpha: Double
        let beta: Double
        let phi: Double
        /// The level's weight is max(α, 1/t) for the t-th observation (a running mean at first).
        var runningMeanStart = false
        var level = 0.0
        var trend = 0.0
        var observations = 0

        mutating func add(_ y: Double) { add(y, alpha: alpha, beta: beta) }

        mutating func add(_ y: Double, alpha: Double, beta: Double) {
            observations += 1
            guard observations > 1 else {
                level = y
                trend = 0
                return
            }
            let alpha = runningMeanStart ? max(alpha, 1 / Double(observations)) : alpha
            let newLevel = alpha * y + (1 - alpha) * (level + phi * trend)
            trend = beta * (newLevel - level) + (1 - beta) * phi * trend
            level = newLevel
        }

        func forecast(_ h: Int) -> Double {
            var dampedSum = 0.0
            var power = 1.0
            for _ in 0..<h {
                power *= phi
                dampedSum += power
            }
            return level + dampedSum * trend
        }
    }

    static func randomSeries(seed: UInt64, count: Int) -> [Double] {
        var random = SplitMix64(seed: seed)
        var value = 8.0
        return (0..<count).map { _ in
            value = max(1, value + (random.nextUnit() - 0.48) * 2)
            return value + random.nextUnit() * 3
        }
    }

    @Test(arguments: [(0.3, 0.1, 0.9), (0.5, 0.2, 0.8), (0.1, 0.05, 0.98)])
    func rawForecastsAreTheTextbookRecursions(alpha: Double, beta: Double, phi: Double) {
        var forecaster = ArrivalForecaster(
            parameters: .holt(levelSmoothing: alpha, trendSmoothing: beta, damping: phi))
        var reference = TextbookHolt(alpha: alpha, beta: beta, phi: phi)
        let start: Int64 = 29_000_000
        for (offset, y) in Self.randomSeries(seed: 7, count: 300).enumerated() {
            let minute = start + Int64(offset)
            forecaster.observe(minute: minute, arrivals: y, profileRate: nil)
            reference.add(y)
            let points = forecaster.forecast(from: minute, horizon: 20) { _ in nil }
            for (h, point) in zip(1...20, points) {
                #expect(point.minute == minute + Int64(h))
                #expect(point.stepsAhead == h)
                #expect(abs(point.expected - max(0, reference.forecast(h))) <= 1e-9)
            }
        }
    }

    /// With a profile, the smoothed series is actual / profile and the forecast is the smoothed
    /// ratio times the target minute's profile rate.
    @Test func ratioForecastsAreTheTextbookRecursionsOnTheRatio() {
        func profile(_ minute: Int64) -> Double { 4 + 2 * Double(minute % 37) / 37 }
        var forecaster = ArrivalForecaster(parameters: .holt())
        var reference = TextbookHolt(alpha: 0.3, beta: 0.1, phi: 0.9)
        let start: Int64 = 29_000_000
        for (offset, y) in Self.randomSeries(seed: 11, count: 200).enumerated() {
            let minute = start + Int64(offset)
            forecaster.observe(minute: minute, arrivals: y, profileRate: profile(minute))
            reference.add(y / profile(minute))
            guard offset >= 4 else { continue }  // the ratio is used once warm (5 minutes)
            let points = forecaster.forecast(from: minute, horizon: 15) { profile($0) }
            for (h, point) in zip(1...15, points) {
                let expected = max(0, reference.forecast(h) * profile(minute + Int64(h)))
                #expect(abs(point.expected - expected) <= 1e-9 * max(1, expected))
            }
        }
    }

    /// Σ c_j² against the closed form of Hyndman, Koehler, Ord & Snyder (2008), Table 6.1,
    /// class 1, ETS(A,Ad,N), written with their β = α·β*.
    @Test func varianceGrowsAsTheStateSpaceClosedForm() {
        let (alpha, betaStar, phi) = (0.3, 0.1, 0.9)
        let beta = alpha * betaStar
        var forecaster = ArrivalForecaster(parameters: .holt())
        var random = SplitMix64(seed: 3)
        for minute in 0..<400 {
            forecaster.observe(
                minute: Int64(minute), arrivals: Double(random.nextPoisson(mean: 20)), profileRate: nil)
        }
        let excess = forecaster.dispersion - 1
        #expect(excess > 0)
        let points = forecaster.forecast(from: 399, horizon: 30) { _ in nil }
        for point in points {
            let h = Double(point.stepsAhead)
            let phiH = pow(phi, h)
            let ratio =
                1 + alpha * alpha * (h - 1) + beta * phi * h / ((1 - phi) * (1 - phi))
                * (2 * alpha * (1 - phi) + beta * phi)
                - beta * phi * (1 - phiH) / ((1 - phi) * (1 - phi) * (1 - phi * phi))
                * (2 * alpha * (1 - phi * phi) + beta * phi * (1 + 2 * phi - phiH))
            let expected = excess * point.expected * ratio
            #expect(abs(point.modelVariance - expected) <= 1e-9 * expected)
        }
    }

    /// The default forecaster: a responsive (0.3, 0.1, φ 0.8) and a steady (0.1, 0.02, running-mean
    /// start) damped Holt, blended by the standard score of their levels' difference under Poisson
    /// noise (weight 0 at 2.5 standard errors, 1 at 3.5), the steady one learning with the blended weights (written out from the
    /// documentation of ArrivalForecaster and GatedTrendSmoother).
    @Test func theGateBlendsTheTwoTextbookSmoothers() {
        var forecaster = ArrivalForecaster()
        var responsive = TextbookHolt(alpha: 0.3, beta: 0.1, phi: 0.8)
        var steady = TextbookHolt(alpha: 0.1, beta: 0.02, phi: 0.8, runningMeanStart: true)
        let k = 0.3 / 1.7 + 0.1 / 1.9 - 2 * 0.3 * 0.1 / (0.3 + 0.1 - 0.3 * 0.1)
        var random = SplitMix64(seed: 17)
        var weights: [Double] = []
        var oneStepForecasts: [Double] = []
        for offset in 0..<240 {
            // Steady at 4 per minute, then a surge to 12.
            let y = Double(random.nextPoisson(mean: offset < 150 ? 4 : 12))
            let minute = Self.start + Int64(offset)
            forecaster.observe(minute: minute, arrivals: y, profileRate: nil)
            func gateWeight() -> Double {
                guard responsive.observations > 0 else { return 1 }
                let score = abs(responsive.level - steady.level) / (k * max(steady.level, 0.05)).squareRoot()
                return min(1, max(0, score - 2.5))
            }
            let before = gateWeight()
            steady.add(y, alpha: before * 0.3 + (1 - before) * 0.1, beta: before * 0.1 + (1 - before) * 0.02)
            responsive.add(y)
            let weight = gateWeight()
            weights.append(weight)
            let points = forecaster.forecast(from: minute, horizon: 10) { _ in nil }
            oneStepForecasts.append(points[0].expected)
            for (h, point) in zip(1...10, points) {
                let expected = max(0, weight * responsive.forecast(h) + (1 - weight) * steady.forecast(h))
                #expect(abs(point.expected - expected) <= 1e-9 * max(1, expected))
            }
        }
        // Mostly shut while steady, wide open as soon as the surge is plain, then shut again once
        // the steady smoother has caught up with the new level.
        #expect(weights[20..<150].filter { $0 > 0 }.count <= 20)
        #expect(weights[20..<150].filter { $0 == 1 }.count <= 5)
        #expect(weights[150..<154].contains(1))
        #expect(weights[180...].allSatisfy { $0 < 1 })
        let settled = oneStepForecasts[170...]
        let settledMean: Double = settled.reduce(0, +) / Double(settled.count)
        #expect(abs(settledMean / 12 - 1) < 0.1)
    }

    static let start: Int64 = 29_000_000
}
