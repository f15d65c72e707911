/// Forecasts the arrivals of one scope for the next minutes, from its per-minute counts and,
/// where one exists, its intraday profile. One per scope, updated in place once per completed
/// minute by the daemon's single writer.
///
/// **Model.** Holt's linear exponential smoothing with a damped trend (`DampedTrendSmoother`) on
/// the per-minute counts, in two modes:
/// - *ratio*: in minutes whose profile rate is at least `minimumProfileRate`, the series smoothed
///   is actual / profile. When the week repeats, the ratio is nearly flat even through a morning
///   ramp, so the profile carries the shape and the smoother only the day's level (a busy Monday
///   runs at 1.2 × the usual all morning);
/// - *raw*: the counts themselves, always: the forecast where no profile has been learned, and
///   the fallback next to the ratio.
/// A future minute is forecast from the ratio (times that minute's profile rate) when the last
/// observed minute was a ratio minute, the ratio is warm and the minute has a usable profile rate;
/// otherwise from the raw counts. The ratio restarts whenever a minute without a usable profile
/// interrupts it, because a ratio learned hours ago says nothing now.
///
/// Each mode runs a responsive and a steady smoother behind a significance gate
/// (`GatedTrendSmoother`): the steady forecast while the two agree within the Poisson noise, the
/// responsive one when they disagree by 2.5–3.5 standard errors or more. Setting
/// `steadyLevelSmoothing` to nil leaves the responsive smoother alone, i.e. plain damped Holt.
///
/// **Parameters** (per minute). Responsive α = 0.3: the level's memory is about 1/α ≈ 3 minutes,
/// so a surge shows within two or three minutes. β = 0.1: the slope averages over about ten
/// minutes, so it needs several minutes of evidence. φ = 0.8: the trend's reach is
/// φ/(1 − φ) = 4 minutes, so a surge is extrapolated for the few minutes that matter and the
/// forecast levels off within the 15–60-minute horizon instead of running away (at φ = 0.9 and
/// steady β = 0.05 the simulated price rise was warned of 0–3 minutes sooner, but the outage
/// day's forecast lost to the naive one: the trend overshot when the outage ended). Steady
/// α = 0.1, β = 0.02: ten minutes of memory. Why both: at minute grain arrivals are mostly
/// Poisson noise, and the responsive smoother alone forecasts a steady 2.5-per-minute stream ten
/// minutes ahead within ±40 % only; fed to a queue projection, that predicts breaches that never
/// come. Measured on simulated queues (14 and 16 agents, AHT 180 s, 2.5 calls a minute), the gate cuts the
/// predicted-breach alerts of a steady, well-staffed queue by 7–20×, while a ramp of ×3 in
/// 10–30 minutes still opens it within a few minutes; the cost is a shorter lead on gradual ramps
/// (median 5 minutes instead of 9 in those simulations with the gate at 2–3 standard errors).
/// The gate sits at 2.5–3.5: at 2–3, the energy retailer's quiet day (simulated, three seeds)
/// raised a predictive alert in its busiest break hour on a rise of 18 to 21 calls a minute
/// that the floor absorbed; at 2.5–3.5 none did, the outage is still warned of 2–3 minutes
/// before its service level falls, and a slow ramp's median lead is 2 minutes.
///
/// **Prediction interval.** The one-step errors e = y − ŷ are averaged exponentially (weight
/// `errorSmoothing`, about 20 minutes), as is ŷ; their ratio D = E[e²] / E[ŷ] is the dispersion
/// relative to Poisson (a little above 1 for a steady Poisson stream: the count's own noise plus
/// the level's). The variance of the count h minutes ahead, with mean μ_h, is
///
///     v_h = μ_h + max(D − 1, a)·μ_h·(1 + Σ_{j=1}^{h−1} c_j²),   c_j = α·(1 + β·φ·(1 − φ^j)/(1 − φ))
///
/// the Poisson variance of the minute itself plus the model's error, grown with the horizon by the
/// damped trend's state-space factor (ETS(A,Ad,N)), and never below a = α/(2 − α), the noise the
/// level keeps from averaging Poisson counts (α, β and a blended by the gate's weight). At h = 1 it
/// is about D·μ, the observed one-step error. Scaling with μ_h keeps the interval right when the
/// profile moves the mean. The count's interval is μ ± 1.2816·√v_h, the rate's (the expected
/// count's) μ ± 1.2816·√(v_h − μ_h): normal approximations, cut at 0.
///
/// **Time.** Minutes are indexes (minutes since the Unix epoch, UTC), passed in. A minute at or
/// before the last observed one is ignored. A gap (a minute skipped) follows `gapPolicy`.
/// Value type; thread-safe.
public struct ArrivalForecaster: Sendable, Equatable {
    /// The smoothing constants; see the type's documentation for why these defaults.
    public struct Parameters: Sendable, Equatable {
        /// α of the responsive smoother: weight of the newest minute in the level.
        public var levelSmoothing: Double
        /// β of the responsive smoother: weight of the newest level change in the trend.
        public var trendSmoothing: Double
        /// φ, the trend's damping per minute (both smoothers).
        public var damping: Double
        /// α of the steady smoother; nil for the responsive smoother alone (plain damped Holt).
        public var steadyLevelSmoothing: Double?
        /// β of the steady smoother.
        public var steadyTrendSmoothing: Double
        /// The standard scores of the smoothers' difference over which the responsive one takes
        /// over (weight 0 at the lower bound, 1 at the upper).
        public var gate: ClosedRange<Double>
        /// Weight of the newest minute in the squared-error and mean averages.
        public var errorSmoothing: Double
        /// Profile rates below this (arrivals per minute) are too thin to divide by: a ratio to
        /// 0.01 per minute turns one call into a hundredfold surge.
        public var minimumProfileRate: Double
        /// Observed minutes before the forecaster is warm.
        public var warmUpMinutes: Int

        public init(
            levelSmoothing: Double = 0.3, trendSmoothing: Double = 0.1, damping: Double = 0.8,
            steadyLevelSmoothing: Double? = 0.1, steadyTrendSmoothing: Double = 0.02,
            gate: ClosedRange<Double> = 2.5...3.5,
            errorSmoothing: Double = 0.05, minimumProfileRate: Double = 0.2, warmUpMinutes: Int = 5
        ) {
            self.levelSmoothing = levelSmoothing
            self.trendSmoothing = trendSmoothing
            self.damping = damping
            self.steadyLevelSmoothing = steadyLevelSmoothing
            self.steadyTrendSmoothing = steadyTrendSmoothing
            self.gate = gate
            self.errorSmoothing = errorSmoothing
            self.minimumProfileRate = minimumProfileRate
            self.warmUpMinutes = warmUpMinutes
        }

        /// Plain damped Holt: the responsive smoother alone, no gate.
        public static func holt(
            levelSmoothing: Double = 0.3, trendSmoothing: Double = 0.1, damping: Double = 0.9
        )
            -> Parameters
        {
            Parameters(
                levelSmoothing: levelSmoothing, trendSmoothing: trendSmoothing, damping: damping,
                steadyLevelSmoothing: nil)
        }
    }

    /// What a skipped minute means. The daemon calls `observe` for every minute, quiet ones with
    /// zero arrivals, so a gap means the data is missing (a restart, a source outage), not that
    /// nobody called.
    public enum GapPolicy: Sendable, Equatable {
        /// Carry on as if the minutes were consecutive.
        case continueAcross
        /// Treat each skipped minute as zero arrivals (only when the caller knows that is true).
        /// Skipped minutes are learned in raw mode only; the ratio restarts.
        case zeroArrivals
        /// Forget everything and warm up again.
        case restart
    }

    public let parameters: Parameters
    public let gapPolicy: GapPolicy
    /// The last minute observed; nil before the first.
    public private(set) var lastObservedMinute: Int64?
    /// Minutes observed since the start (or the last restart).
    public private(set) var observedMinutes = 0

    private var raw: GatedTrendSmoother
    private var ratio: GatedTrendSmoother
    /// Whether the last observed minute was learned by the ratio smoother.
    private var lastMinuteHadProfile = false
    private var squaredError: ExponentialAverage
    private var forecastMean: ExponentialAverage

    public init(parameters: Parameters = Parameters(), gapPolicy: GapPolicy = .continueAcross) {
        self.parameters = parameters
        self.gapPolicy = gapPolicy
        raw = GatedTrendSmoother(
            responsive: DampedTrendSmoother(
                levelSmoothing: parameters.levelSmoothing, trendSmoothing: parameters.trendSmoothing,
                damping: parameters.damping),
            steady: parameters.steadyLevelSmoothing.map {
                DampedTrendSmoother(
                    levelSmoothing: $0, trendSmoothing: parameters.steadyTrendSmoothing, damping: parameters.damping,
                    averagesItsStart: true)
            },
            gate: parameters.gate)
        ratio = raw
        squaredError = ExponentialAverage(weight: parameters.errorSmoothing)
        forecastMean = ExponentialAverage(weight: parameters.errorSmoothing)
    }

    /// Warm once `warmUpMinutes` minutes have been observed: before that the forecast is the
    /// last few counts and the interval a guess.
    public var isWarm: Bool { observedMinutes >= parameters.warmUpMinutes }

    /// The dispersion D = E[e²]/E[ŷ] of the one-step errors relative to Poisson (1 before any
    /// error has been seen).
    public var dispersion: Double {
        let mean = forecastMean.value(or: 0)
        guard mean > 1e-9 else { return 1 }
        return squaredError.value(or: mean) / mean
    }

    /// The exponentially weighted mean squared one-step error (contacts²); nil before the
    /// second observed minute.
    public var meanSquaredError: Double? { squaredError.isEmpty ? nil : squaredError.value(or: 0) }

    /// Learns one completed minute.
    /// - Parameters:
    ///   - minute: minutes since the Unix epoch (UTC).
    ///   - arrivals: contacts offered in that minute.
    ///   - profileRate: the intraday profile's mean arrivals per minute for it, nil when unknown.
    public mutating func observe(minute: Int64, arrivals: Double, profileRate: Double?) {
        if let last = lastObservedMinute {
            guard minute > last else { return }
            if minute > last + 1 {
                switch gapPolicy {
                case .continueAcross: break
                case .restart: restart()
                case .zeroArrivals:
                    var skipped = last + 1
                    while skipped < minute {
                        learn(minute: skipped, arrivals: 0, profileRate: nil)
                        skipped += 1
                    }
                }
            }
        }
        learn(minute: minute, arrivals: arrivals.isFinite ? max(0, arrivals) : 0, profileRate: profileRate)
    }

    /// The next `horizon` minutes after `minute` (usually the last observed one: then the first
    /// point is one step ahead).
    /// - Parameter profileRate: the profile's mean arrivals per minute for a minute, nil when
    ///   unknown.
    public func forecast(from minute: Int64, horizon: Int, profileRate: (Int64) -> Double?) -> [ArrivalForecastPoint] {
        guard horizon > 0 else { return [] }
        var points: [ArrivalForecastPoint] = []
        points.reserveCapacity(horizon)
        let excessDispersion = dispersion - 1
        for offset in 1...horizon {
            let target = minute + Int64(offset)
            guard let last = lastObservedMinute else {
                points.append(
                    ArrivalForecastPoint(
                        minute: target, stepsAhead: offset, expected: max(0, profileRate(target) ?? 0),
                        modelVariance: 0))
                continue
            }
            let steps = Int(max(1, target - last))
            let (mean, smoother) = expectation(steps: steps, profileRate: profileRate(target))
            let growth = 1 + smoother.errorGrowth(steps: steps)
            // Never more certain than the level's own averaging of Poisson noise allows.
            points.append(
                ArrivalForecastPoint(
                    minute: target, stepsAhead: steps, expected: mean,
                    modelVariance: max(excessDispersion, smoother.levelNoise) * mean * growth))
        }
        return points
    }

    /// The expected count `steps` minutes after the last observed one, and the smoother it
    /// came from.
    private func expectation(steps: Int, profileRate: Double?) -> (Double, GatedTrendSmoother) {
        if lastMinuteHadProfile, ratio.count >= parameters.warmUpMinutes,
            let rate = usableProfileRate(profileRate)
        {
            return (max(0, ratio.forecast(steps: steps) * rate), ratio)
        }
        return (max(0, raw.forecast(steps: steps)), raw)
    }

    private func usableProfileRate(_ rate: Double?) -> Double? {
        guard let rate, rate.isFinite, rate >= parameters.minimumProfileRate else { return nil }
        return rate
    }

    private mutating func learn(minute: Int64, arrivals: Double, profileRate: Double?) {
        if raw.count > 0 {
            let predicted = expectation(steps: 1, profileRate: profileRate).0
            let error = arrivals - predicted
            squaredError.add(error * error)
            forecastMean.add(predicted)
        }
        raw.update(arrivals, noisePerLevel: 1)
        if let rate = usableProfileRate(profileRate) {
            if !lastMinuteHadProfile { ratio.reset() }
            // A ratio's Poisson variance is (rate·r)/rate² = r/rate.
            ratio.update(arrivals / rate, noisePerLevel: 1 / rate)
            lastMinuteHadProfile = true
        } else {
            lastMinuteHadProfile = false
        }
        lastObservedMinute = minute
        observedMinutes += 1
    }

    private mutating func restart() {
        raw.reset()
        ratio.reset()
        lastMinuteHadProfile = false
        squaredError.reset()
        forecastMean.reset()
        observedMinutes = 0
    }
}
