import FloorCore
import Foundation

/// The distributions the synthetic streams and random tests draw from the seeded generator
/// (FloorCore's `SplitMix64`).
extension SplitMix64 {
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Exponentially distributed with the given mean.
    public mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }
}
