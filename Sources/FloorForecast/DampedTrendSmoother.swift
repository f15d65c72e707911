import RealModule

/// Holt's linear exponential smoothing with a damped trend (Gardner and McKenzie 1985; Hyndman
/// and Athanasopoulos, "Forecasting: Principles and Practice", §8.2), one observation per step:
///
///     level ℓ_t = α·y_t + (1 − α)·(ℓ_{t−1} + φ·b_{t−1})
///     trend b_t = β·(ℓ_t − ℓ_{t−1}) + (1 − β)·φ·b_{t−1}
///     forecast ŷ_{t+h} = ℓ_t + (φ + φ² + … + φ^h)·b_t
///
/// The first observation sets the level, with no trend (ℓ = y_1, b = 0). With `averagesItsStart`
/// the level's weight is max(α, 1/t) for the t-th observation instead, so a slow smoother starts as
/// the running mean of its first 1/α observations rather than stuck on the first one. Damping is
/// what makes a trend safe to extrapolate for an arrival rate: a surge is followed as it builds,
/// but its slope is not projected forever (the forecast levels off at ℓ + φ/(1 − φ)·b).
/// Value type; thread-safe.
public struct DampedTrendSmoother: Sendable, Equatable {
    /// α, the level's smoothing weight (0 < α ≤ 1).
    public let levelSmoothing: Double
    /// β, the trend's smoothing weight (0 ≤ β ≤ 1).
    public let trendSmoothing: Double
    /// φ, the damping of the trend (0 ≤ φ ≤ 1; 1 is Holt's undamped trend).
    public let damping: Double
    public private(set) var level = 0.0
    public private(set) var trend = 0.0
    /// Observations taken since the start (or the last reset).
    public private(set) var count = 0
    /// Whether the level's weight is max(α, 1/t) for the t-th observation.
    public let averagesItsStart: Bool

    public init(levelSmoothing: Double, trendSmoothing: Double, damping: Double, averagesItsStart: Bool = false) {
        precondition(levelSmoothing > 0 && levelSmoothing <= 1, "α must be in (0, 1]")
        precondition(trendSmoothing >= 0 && trendSmoothing <= 1, "β must be in [0, 1]")
        precondition(damping >= 0 && damping <= 1, "φ must be in [0, 1]")
        self.levelSmoothing = levelSmoothing
        self.trendSmoothing = trendSmoothing
        self.damping = damping
        self.averagesItsStart = averagesItsStart
    }

    public mutating func update(_ value: Double) {
        update(value, levelSmoothing: levelSmoothing, trendSmoothing: trendSmoothing)
    }

    /// One step with other weights than the smoother's own (GatedTrendSmoother speeds the steady
    /// smoother up while the level has evidently moved).
    mutating func update(_ value: Double, levelSmoothing: Double, trendSmoothing: Double) {
        defer { count += 1 }
        guard count > 0 else {
            level = value
            trend = 0
            return
        }
        let previousLevel = level
        let weight = averagesItsStart ? max(levelSmoothing, 1 / Double(count + 1)) : levelSmoothing
        level = weight * value + (1 - weight) * (previousLevel + damping * trend)
        trend = trendSmoothing * (level - previousLevel) + (1 - trendSmoothing) * damping * trend
    }

    /// The forecast `steps` observations ahead (1 = the next one); the level for 0 steps.
    public func forecast(steps: Int) -> Double {
        level + dampedSum(steps: steps) * trend
    }

    /// φ + φ² + … + φ^steps.
    func dampedSum(steps: Int) -> Double {
        guard steps > 0 else { return 0 }
        if damping == 1 { return Double(steps) }
        return damping * (1 - Double.pow(damping, steps)) / (1 - damping)
    }

    /// Σ_{j=1}^{steps−1} c_j², c_j = α·(1 + β·φ·(1 − φ^j)/(1 − φ)): the factor by which the
    /// one-step error variance grows over `steps` in the damped trend's state-space form
    /// (ETS(A,Ad,N), Hyndman, Koehler, Ord and Snyder 2008, §6.3, whose β is our α·β).
    func errorGrowth(steps: Int) -> Double {
        guard steps > 1 else { return 0 }
        var sum = 0.0
        var power = 1.0
        for j in 1..<steps {
            power *= damping
            let dampedTrendGain = damping == 1 ? Double(j) : damping * (1 - power) / (1 - damping)
            let coefficient = levelSmoothing * (1 + trendSmoothing * dampedTrendGain)
            sum += coefficient * coefficient
        }
        return sum
    }

    mutating func reset() {
        level = 0
        trend = 0
        count = 0
    }
}
