/// When, if at all, the trailing 15-minute service level is projected to fall below target, and
/// how sure that is: the queue projected three times, under the forecast's mean arrivals and the
/// ends of the 80 % interval of that mean (`expectedLower`, `expectedUpper`).
///
/// The scenarios vary the arrival *rate*, not the count: Erlang A already draws Poisson arrivals
/// around the rate it is given, so feeding it the ends of the count interval (`lower`, `upper`)
/// would count the Poisson scatter twice (at 2.5 calls a minute the upper count is 4.7, nearly
/// double, in every minute at once).
///
/// **Confidence.** The service level falls as arrivals rise, and the interval's ends are about the
/// 10th and 90th percentiles of the rate. So a breach by minute m that happens even under the
/// lower rate happens in about 90 % of outcomes (confidence 0.9); one under the mean rate but not
/// the lower in about half of them or more (0.5); one only under the upper rate in about 10 % or
/// more (0.1; also when the mean does not breach but the lower rate does, which happens when the
/// observed minutes already drag the trailing window down). These are the lower ends of each band,
/// deliberately: the three paths hold every minute at the same percentile, which is an
/// approximation. Value type; thread-safe.
public struct BreachPrediction: Sendable, Equatable {
    /// The scenarios' first breach minutes (1 = the next minute), nil where none breaches.
    public struct ScenarioBreaches: Sendable, Equatable {
        /// Under the lower end of the rate's interval (the optimistic case).
        public var lowerArrivals: Int?
        /// Under the mean arrivals.
        public var meanArrivals: Int?
        /// Under the upper end of the rate's interval (the pessimistic case).
        public var upperArrivals: Int?

        public init(lowerArrivals: Int?, meanArrivals: Int?, upperArrivals: Int?) {
            self.lowerArrivals = lowerArrivals
            self.meanArrivals = meanArrivals
            self.upperArrivals = upperArrivals
        }
    }

    /// Confidence of a breach seen under the lower arrivals.
    public static let lowerArrivalsConfidence = 0.9
    /// Confidence of a breach seen under the mean arrivals (not the lower).
    public static let meanArrivalsConfidence = 0.5
    /// Confidence of a breach seen under an end of the interval but not under the mean.
    public static let upperArrivalsConfidence = 0.1

    /// Minutes from now to the first projected breach: the mean scenario's, else the earlier of the
    /// other two; nil when no scenario breaches in the horizon.
    public var minutesUntilBreach: Int?
    /// 0…1, see the type's documentation; 0 without a breach.
    public var confidence: Double
    /// The trailing service level projected at that minute (in the scenario that breaches).
    public var projectedServiceLevel: Double?
    /// Contacts expected in the trailing window at that minute under the mean arrivals (0 without
    /// a breach): a breach over a handful of contacts is noise.
    public var expectedContactsInWindow: Double
    public var scenarios: ScenarioBreaches

    public init(
        minutesUntilBreach: Int?, confidence: Double, projectedServiceLevel: Double?, expectedContactsInWindow: Double,
        scenarios: ScenarioBreaches
    ) {
        self.minutesUntilBreach = minutesUntilBreach
        self.confidence = confidence
        self.projectedServiceLevel = projectedServiceLevel
        self.expectedContactsInWindow = expectedContactsInWindow
        self.scenarios = scenarios
    }

    /// The prediction from three projections of the same queue over the same horizon.
    public init(
        lowerArrivals: QueueProjection, meanArrivals: QueueProjection, upperArrivals: QueueProjection, target: Double
    ) {
        let lower = lowerArrivals.firstMinute(trailingBelow: target)
        let mean = meanArrivals.firstMinute(trailingBelow: target)
        let upper = upperArrivals.firstMinute(trailingBelow: target)
        scenarios = ScenarioBreaches(
            lowerArrivals: lower?.minute, meanArrivals: mean?.minute, upperArrivals: upper?.minute)
        let breach: ProjectedMinute?
        if let mean {
            breach = mean
            confidence =
                (lower.map { $0.minute <= mean.minute } ?? false)
                ? Self.lowerArrivalsConfidence : Self.meanArrivalsConfidence
        } else {
            // Only an end of the interval breaches. Usually the upper rate; the lower rate can too
            // when the observed minutes are already poor, since fewer projected contacts leave them
            // a larger share of the trailing window.
            breach = [upper, lower].compactMap { $0 }.min { $0.minute < $1.minute }
            confidence = breach == nil ? 0 : Self.upperArrivalsConfidence
        }
        minutesUntilBreach = breach?.minute
        projectedServiceLevel = breach?.trailingServiceLevel
        if let breach, breach.minute <= meanArrivals.minutes.count {
            expectedContactsInWindow = meanArrivals.minutes[breach.minute - 1].trailingOffered
        } else {
            expectedContactsInWindow = 0
        }
    }

    /// Projects the queue under the forecast's mean and the ends of its rate interval
    /// (`expectedLower`, `expectedUpper`), and predicts.
    /// - Parameters:
    ///   - forecast: the next minutes' arrivals, as `ArrivalForecaster.forecast` gives them.
    ///   - recentMinutes: the observed minutes before now, oldest first (the last 14 are used).
    public init(
        now: QueueConditions, objective: ServiceLevelObjective, forecast: [ArrivalForecastPoint],
        recentMinutes: [MinuteObservation], secondsPerSubStep: Double = 6
    ) {
        func projection(_ arrivals: (ArrivalForecastPoint) -> Double) -> QueueProjection {
            QueueProjection(
                now: now, objective: objective, arrivalsPerMinute: forecast.map(arrivals),
                recentMinutes: recentMinutes, secondsPerSubStep: secondsPerSubStep)
        }
        self.init(
            lowerArrivals: projection(\.expectedLower), meanArrivals: projection(\.expected),
            upperArrivals: projection(\.expectedUpper), target: objective.target)
    }
}
