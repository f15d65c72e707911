import RealModule

/// The usual arrivals of one scope by weekday and quarter-hour of the local day, learned across
/// weeks. Contact centres repeat their week: Monday 09:00 looks like last Monday 09:00 more than
/// like 08:45, so the forecaster smooths the ratio of today to this profile instead of the raw
/// rate, and a morning ramp is expected rather than chased.
///
/// Each cell is an exponentially weighted mean across days (weight `newDayWeight`, 0.3 by
/// default, for the newest day: a change of habit shows after two or three weeks, one odd day
/// moves the cell by less than a third). The first day a cell sees sets it.
///
/// Storage is two flat arrays the daemon can persist as they are, index `weekday * 96 + quarter`:
/// weekday 0 = Monday … 6 = Sunday (FloorAlerting's `LocalTime.weekday` minus one), quarter
/// 0 = 00:00–00:15 … 95 = 23:45–24:00 local time. The caller maps time to local weekday and
/// quarter (this module has no time zones). On a 25-hour daylight-saving day the repeated hour
/// lands in the same quarters twice; on a 23-hour day one hour is not learned. Value type;
/// thread-safe.
public struct IntradayProfile: Sendable, Equatable {
    public static let weekdays = 7
    public static let quartersPerDay = 96
    public static let cellCount = weekdays * quartersPerDay

    /// Mean arrivals per minute of each cell; meaningless where `days` is 0.
    public private(set) var cells: [Double]
    /// How many days each cell has learned from (saturates at `UInt16.max`).
    public private(set) var days: [UInt16]
    /// Weight of a newly learned day in its cell's mean, 0 < weight ≤ 1.
    public let newDayWeight: Double

    /// An empty profile: no cell has been seen.
    public init(newDayWeight: Double = 0.3) {
        precondition(newDayWeight > 0 && newDayWeight <= 1, "the new day's weight must be in (0, 1]")
        self.cells = Array(repeating: 0, count: Self.cellCount)
        self.days = Array(repeating: 0, count: Self.cellCount)
        self.newDayWeight = newDayWeight
    }

    /// A profile restored from persisted arrays; nil when they do not have the documented layout
    /// (`cellCount` entries each) or a rate is negative or not finite, so a damaged file is
    /// refused rather than forecast from.
    public init?(cells: [Double], days: [UInt16], newDayWeight: Double = 0.3) {
        guard cells.count == Self.cellCount, days.count == Self.cellCount,
            cells.allSatisfy({ $0.isFinite && $0 >= 0 }), newDayWeight > 0, newDayWeight <= 1
        else { return nil }
        self.cells = cells
        self.days = days
        self.newDayWeight = newDayWeight
    }

    /// The quarter-hour (0…95) a minute of the local day (0…1439) falls in.
    public static func quarter(minuteOfDay: Int) -> Int { minuteOfDay / 15 }

    /// Learns one completed quarter-hour.
    /// - Parameters:
    ///   - weekday: 0 = Monday … 6 = Sunday, local.
    ///   - quarter: 0…95, local.
    ///   - arrivals: the contacts offered in those 15 minutes.
    public mutating func learn(weekday: Int, quarter: Int, arrivals: Double) {
        let index = Self.index(weekday: weekday, quarter: quarter)
        guard arrivals.isFinite, arrivals >= 0 else { return }
        let perMinute = arrivals / 15
        if days[index] == 0 {
            cells[index] = perMinute
        } else {
            cells[index] += newDayWeight * (perMinute - cells[index])
        }
        if days[index] < UInt16.max { days[index] += 1 }
    }

    /// The learned mean arrivals per minute of a cell; nil when it has never been seen.
    public func expectedPerMinute(weekday: Int, quarter: Int) -> Double? {
        let index = Self.index(weekday: weekday, quarter: quarter)
        return days[index] == 0 ? nil : cells[index]
    }

    /// The cell's rate with its day-to-day noise shrunk toward its neighbours: the rate the
    /// forecaster divides by and multiplies with.
    ///
    /// Why: a cell learned from a day or two is mostly Poisson noise at quarter-hour grain (±6 %
    /// at 250 calls a quarter), and a forecast multiplies one cell's noise (the minute ahead) by
    /// another's (the minute it learned the day's level from). Shrunk empirically, as a Bayesian
    /// with a prior centred on the neighbourhood would: with m the mean of the cell and its seen
    /// neighbours in the same day (k cells), v the cell's noise variance (rate / 15 per day of
    /// Poisson counts, times the exponential average's variance factor for the days it has seen)
    /// and d = cell − m, whose noise variance is v·(k − 1)/k,
    ///
    ///     smoothed = m + max(0, 1 − v·(k − 1)/(k·d²))·d
    ///
    /// A deviation within the noise is mostly dropped; one far outside it (the quarter a centre
    /// opens, a lunchtime dip learned over weeks) is kept nearly whole; a straight ramp has d = 0
    /// and is kept exactly. nil when the cell has never been seen.
    public func smoothedPerMinute(weekday: Int, quarter: Int) -> Double? {
        let index = Self.index(weekday: weekday, quarter: quarter)
        guard days[index] > 0 else { return nil }
        let cell = cells[index]
        var sum = cell
        var count = 1.0
        for neighbour in [quarter - 1, quarter + 1] where (0..<Self.quartersPerDay).contains(neighbour) {
            let other = Self.index(weekday: weekday, quarter: neighbour)
            guard days[other] > 0 else { continue }
            sum += cells[other]
            count += 1
        }
        guard count > 1 else { return cell }
        let mean = sum / count
        let deviation = cell - mean
        let noise = max(cell, Self.noiseFloorPerMinute) / 15 * varianceFactor(days: Int(days[index]))
        let deviationNoise = noise * (count - 1) / count
        guard deviation * deviation > deviationNoise else { return mean }
        return mean + (1 - deviationNoise / (deviation * deviation)) * deviation
    }

    /// Rates below this (per minute) are treated as this for their noise.
    static let noiseFloorPerMinute = 0.05

    /// The variance of a cell's exponentially weighted mean over `days` days, relative to one
    /// day's: 1 for one day, then f ← (1 − w)²·f + w² each day, whose solution is
    /// a + (1 − a)·(1 − w)^(2(days − 1)) with a = w/(2 − w), the limit.
    func varianceFactor(days: Int) -> Double {
        let limit = newDayWeight / (2 - newDayWeight)
        return limit + (1 - limit) * Double.pow(1 - newDayWeight, 2 * Double(max(1, days) - 1))
    }

    /// How many days a cell has learned from.
    public func daysSeen(weekday: Int, quarter: Int) -> Int {
        Int(days[Self.index(weekday: weekday, quarter: quarter)])
    }

    static func index(weekday: Int, quarter: Int) -> Int {
        precondition((0..<weekdays).contains(weekday), "weekday is 0 (Monday) … 6 (Sunday)")
        precondition((0..<quartersPerDay).contains(quarter), "quarter is 0…95")
        return weekday * quartersPerDay + quarter
    }
}
