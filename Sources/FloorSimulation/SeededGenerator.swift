import FloorCore
import RealModule

/// The simulator's generator: the same seed gives the same day, byte for byte.
public typealias SeededGenerator = SplitMix64

extension RandomNumberGenerator {
    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// Exponential with this mean.
    mutating func exponential(mean: Double) -> Double { -mean * Double.log(onePlus: -unit()) }

    /// Lognormal with this median and log-space spread (σ), by Box–Muller.
    mutating func lognormal(median: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        let normal = (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
        return median * Double.exp(sigma * normal)
    }

    /// An id of `length` lowercase hex digits, from the generator (ids are reproducible too).
    mutating func hexID(length: Int) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        while text.count < length {
            var value = next()
            for _ in 0..<16 where text.count < length {
                text.append(digits[Int(value & 15)])
                value >>= 4
            }
        }
        return text
    }
}
