/// An exponentially weighted mean that is an honest average from the first value on: the weights
/// are normalised by their own (decaying) total, so three values give their weighted mean rather
/// than a mean pulled toward an arbitrary starting value. Value type; thread-safe.
struct ExponentialAverage: Sendable, Equatable {
    /// Weight of the newest value, 0 < weight ≤ 1.
    let weight: Double
    private var weightedSum = 0.0
    private var totalWeight = 0.0

    init(weight: Double) {
        precondition(weight > 0 && weight <= 1, "the weight must be in (0, 1]")
        self.weight = weight
    }

    var isEmpty: Bool { totalWeight == 0 }

    /// The weighted mean; `fallback` before the first value.
    func value(or fallback: Double) -> Double { totalWeight > 0 ? weightedSum / totalWeight : fallback }

    mutating func add(_ value: Double) {
        weightedSum = (1 - weight) * weightedSum + weight * value
        totalWeight = (1 - weight) * totalWeight + weight
    }

    mutating func reset() {
        weightedSum = 0
        totalWeight = 0
    }
}
