/// A small seeded generator (SplitMix64, Steele, Lea and Flood 2014): the same seed gives the
/// same sequence, so simulated days, synthetic streams and random tests are reproducible.
/// Value type; thread-safe as values are (each owner has its own).
public struct SplitMix64: RandomNumberGenerator, Sendable {
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
