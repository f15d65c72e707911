import FloorCore
import Foundation

/// Seeded samples for the tests, drawn the plain textbook way (inversion), so that the streams
/// the forecast is judged on do not depend on any code under test.
extension SplitMix64 {
    /// Uniform in (0, 1), never 0 or 1.
    mutating func nextUnit() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

    /// Exponential with the given mean.
    mutating func nextExponential(mean: Double) -> Double { -mean * log(nextUnit()) }

    /// Poisson with the given mean, by inversion of the cumulative distribution (means up to a
    /// few hundred).
    mutating func nextPoisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        let u = nextUnit()
        var probability = exp(-mean)
        var cumulative = probability
        var count = 0
        while u > cumulative && count < 10_000 {
            count += 1
            probability *= mean / Double(count)
            cumulative += probability
        }
        return count
    }
}
