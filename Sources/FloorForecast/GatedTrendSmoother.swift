import RealModule

/// A responsive and a steady damped-trend smoother on the same series, and a gate that chooses
/// between them by how significant their disagreement is.
///
/// Why: at minute grain, arrivals are mostly Poisson noise. A smoother quick enough to see a surge
/// within a few minutes (α = 0.3) also "sees" surges in noise: at 2.5 calls a minute its forecast
/// ten minutes ahead wanders by ±40 %, and a queue staffed for a 99 % service level then shows a
/// predicted breach every few hours. A steady smoother (α = 0.1) wanders by about half as much
/// but takes ten minutes or more to follow a real surge. The gate keeps the steady forecast while
/// the responsive level is within the noise of it, and hands over to the responsive one when the
/// difference is too large to be noise:
///
///     z = |ℓ_responsive − ℓ_steady| / √(k·v),   k = a_r + a_s − 2·α_r·α_s/(α_r + α_s − α_r·α_s)
///
/// where a = α/(2 − α) is an exponential average's variance per unit of noise variance, the last
/// term their covariance (both average the same observations), and v the variance of one
/// observation: the steady level for Poisson counts, the steady level over the profile rate for
/// ratios. The responsive weight rises linearly from 0 at z = `gate.lowerBound` (2) to 1 at
/// `gate.upperBound` (3); forecasts, variance growth and the level-noise floor are blended with
/// it. Trends are left out of k (slightly more openings than nominal, on the reactive side).
/// While the gate is open the steady smoother learns with the same blended weights, so after a
/// real change it catches up within minutes and the gate closes on the new level.
/// Without a steady smoother it is the responsive smoother alone. Value type; thread-safe.
struct GatedTrendSmoother: Sendable, Equatable {
    private(set) var responsive: DampedTrendSmoother
    private(set) var steady: DampedTrendSmoother?
    let gate: ClosedRange<Double>
    /// k in the doc comment.
    private let differenceVariance: Double
    /// Variance of one observation per unit of level: 1 for counts, 1/profile rate for ratios.
    private var noisePerLevel = 1.0

    /// Levels below this (per minute, or as a ratio) are treated as this for the noise.
    static let minimumNoiseLevel = 0.05

    init(responsive: DampedTrendSmoother, steady: DampedTrendSmoother?, gate: ClosedRange<Double>) {
        self.responsive = responsive
        self.steady = steady
        self.gate = gate
        if let steady {
            let fast = responsive.levelSmoothing
            let slow = steady.levelSmoothing
            differenceVariance =
                fast / (2 - fast) + slow / (2 - slow) - 2 * fast * slow / (fast + slow - fast * slow)
        } else {
            differenceVariance = 0
        }
    }

    var count: Int { responsive.count }

    /// Learns one observation whose noise variance is `noisePerLevel` times its level.
    /// While the gate is open the steady smoother learns with the blended weights, so it catches
    /// up with a level that has evidently moved instead of lagging it for twenty minutes.
    mutating func update(_ value: Double, noisePerLevel: Double) {
        if var steady {
            let weight = responsiveWeight
            steady.update(
                value,
                levelSmoothing: weight * responsive.levelSmoothing + (1 - weight) * steady.levelSmoothing,
                trendSmoothing: weight * responsive.trendSmoothing + (1 - weight) * steady.trendSmoothing)
            self.steady = steady
        }
        responsive.update(value)
        self.noisePerLevel = noisePerLevel
    }

    mutating func reset() {
        responsive.reset()
        steady?.reset()
        noisePerLevel = 1
    }

    /// The responsive smoother's weight now, 0…1.
    var responsiveWeight: Double {
        guard let steady, count > 0, differenceVariance > 0 else { return 1 }
        let noise = max(steady.level, Self.minimumNoiseLevel) * noisePerLevel
        let score = abs(responsive.level - steady.level) / Double.sqrt(differenceVariance * noise)
        guard gate.upperBound > gate.lowerBound else { return score >= gate.lowerBound ? 1 : 0 }
        return min(1, max(0, (score - gate.lowerBound) / (gate.upperBound - gate.lowerBound)))
    }

    func forecast(steps: Int) -> Double {
        blend { $0.forecast(steps: steps) }
    }

    /// Σ c_j², the growth of the one-step error variance over `steps` (DampedTrendSmoother).
    func errorGrowth(steps: Int) -> Double {
        blend { $0.errorGrowth(steps: steps) }
    }

    /// α/(2 − α): the level's variance per unit of noise variance, the least model error there is.
    var levelNoise: Double {
        blend { $0.levelSmoothing / (2 - $0.levelSmoothing) }
    }

    private func blend(_ value: (DampedTrendSmoother) -> Double) -> Double {
        guard let steady else { return value(responsive) }
        let weight = responsiveWeight
        return weight * value(responsive) + (1 - weight) * value(steady)
    }
}
