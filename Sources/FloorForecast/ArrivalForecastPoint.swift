import FloorCore
import RealModule

/// The forecast arrivals of one future minute, with an 80 % prediction interval.
/// Value type; thread-safe.
public struct ArrivalForecastPoint: Sendable, Equatable {
    /// The minute (minutes since the Unix epoch, UTC) this point forecasts.
    public var minute: Int64
    /// How many minutes after the last observed minute it lies (1 = the next one).
    public var stepsAhead: Int
    /// Expected contacts offered in the minute.
    public var expected: Double
    /// The part of the variance beyond Poisson noise: the model's own uncertainty about the rate,
    /// growing with `stepsAhead`. It is shared by neighbouring minutes (the same level error), so
    /// sums of minutes add its standard deviations, not its variances.
    public var modelVariance: Double
    /// Lower end of the 80 % prediction interval (never below 0).
    public var lower: Double
    /// Upper end of the 80 % prediction interval.
    public var upper: Double
    /// Lower end of the 80 % interval of the expected count itself (the arrival rate), from the
    /// model's variance alone (never below 0). This, not `lower`, is what a queue model such as
    /// Erlang A should be fed: it draws the Poisson scatter around the rate itself.
    public var expectedLower: Double
    /// Upper end of the 80 % interval of the expected count (the arrival rate).
    public var expectedUpper: Double

    public init(
        minute: Int64, stepsAhead: Int, expected: Double, modelVariance: Double, lower: Double, upper: Double,
        expectedLower: Double, expectedUpper: Double
    ) {
        self.minute = minute
        self.stepsAhead = stepsAhead
        self.expected = expected
        self.modelVariance = modelVariance
        self.lower = lower
        self.upper = upper
        self.expectedLower = expectedLower
        self.expectedUpper = expectedUpper
    }

    /// Poisson variance of the count plus the model's variance.
    public var variance: Double { expected + modelVariance }

    /// The standard-normal quantile for a central 80 % interval (the 90th percentile).
    static let intervalQuantile = 1.2815515655446004

    /// A point with its intervals from the mean and the model variance (normal approximation).
    init(minute: Int64, stepsAhead: Int, expected: Double, modelVariance: Double) {
        let mean = max(0, expected)
        let spread = Self.intervalQuantile * Double.sqrt(mean + modelVariance)
        let rateSpread = Self.intervalQuantile * Double.sqrt(modelVariance)
        self.init(
            minute: minute, stepsAhead: stepsAhead, expected: mean, modelVariance: modelVariance,
            lower: max(0, mean - spread), upper: mean + spread, expectedLower: max(0, mean - rateSpread),
            expectedUpper: mean + rateSpread)
    }
}

/// Forecast arrivals summed over an interval of minutes (5 by default: the wall screen's and the
/// staffing tables' grain), with an 80 % prediction interval. Value type; thread-safe.
public struct ArrivalForecastInterval: Sendable, Equatable {
    /// First minute of the interval (minutes since the Unix epoch, UTC; a multiple of the length).
    public var startMinute: Int64
    /// How many forecast minutes fell in it (fewer than the length at the edges of a forecast).
    public var minutes: Int
    public var expected: Double
    /// The 80 % prediction interval of the count.
    public var lower: Double
    public var upper: Double
    /// The 80 % interval of the expected count (the rate), from the model's variance alone.
    public var expectedLower: Double
    public var expectedUpper: Double

    public init(
        startMinute: Int64, minutes: Int, expected: Double, lower: Double, upper: Double, expectedLower: Double,
        expectedUpper: Double
    ) {
        self.startMinute = startMinute
        self.minutes = minutes
        self.expected = expected
        self.lower = lower
        self.upper = upper
        self.expectedLower = expectedLower
        self.expectedUpper = expectedUpper
    }

    /// Sums forecast minutes into clock-aligned intervals of `length` minutes (00–05, 05–10, …;
    /// every time zone's offset is a whole number of quarter-hours, so UTC alignment is local
    /// alignment too). Poisson variances add; the model's standard deviations add, because its
    /// error is the same level error in every minute (fully correlated).
    /// - Parameter points: consecutive minutes, oldest first, as `ArrivalForecaster.forecast`
    ///   returns them.
    public static func summing(_ points: [ArrivalForecastPoint], length: Int = 5) -> [ArrivalForecastInterval] {
        precondition(length >= 1, "an interval is at least one minute")
        let span = Int64(length)
        var intervals: [ArrivalForecastInterval] = []
        var index = points.startIndex
        while index < points.endIndex {
            let start = floorDivide(points[index].minute, span) * span
            var expected = 0.0
            var modelDeviation = 0.0
            var count = 0
            while index < points.endIndex, points[index].minute < start + span {
                expected += points[index].expected
                modelDeviation += Double.sqrt(points[index].modelVariance)
                count += 1
                index += 1
            }
            let quantile = ArrivalForecastPoint.intervalQuantile
            let spread = quantile * Double.sqrt(expected + modelDeviation * modelDeviation)
            intervals.append(
                ArrivalForecastInterval(
                    startMinute: start, minutes: count, expected: expected, lower: max(0, expected - spread),
                    upper: expected + spread, expectedLower: max(0, expected - quantile * modelDeviation),
                    expectedUpper: expected + quantile * modelDeviation))
        }
        return intervals
    }
}
