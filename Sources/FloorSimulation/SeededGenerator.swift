import RealModule

/// A small seeded generator (SplitMix64): the same seed gives the same day, byte for byte.
/// Value type; thread-safe (each owner has its own).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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
