import FloorCore
import FloorForecast
import Testing

/// The forecaster on seeded Poisson streams: it must beat the naive "same as the last 15 minutes"
/// when arrivals surge, and its 80 % interval must cover about 80 % of a steady stream.
@Suite struct ArrivalForecasterTests {
    static let start: Int64 = 29_000_000  // minutes since 1970, an ordinary weekday in 2025

    /// Rate 5 per minute, then ×3 over 10 minutes (a morning ramp or an outage surge), then flat.
    static func surgeRate(_ minute: Int) -> Double {
        minute < 60 ? 5 : minute < 70 ? 5 + Double(minute - 60) : 15
    }

    /// Mean absolute percentage errors, forecaster and naive, of the 5-minute interval that
    /// starts 11 minutes after each origin (minutes 11…15 ahead), over the origins around the surge.
    static func surgeErrors(seed: UInt64) -> (forecaster: Double, naive: Double) {
        var random = SplitMix64(seed: seed)
        let counts = (0..<110).map { Double(random.nextPoisson(mean: surgeRate($0))) }
        var forecaster = ArrivalForecaster()
        var forecasterError = 0.0
        var naiveError = 0.0
        var origins = 0
        for (offset, count) in counts.enumerated() {
            let minute = start + Int64(offset)
            forecaster.observe(minute: minute, arrivals: count, profileRate: nil)
            // Origins whose target interval lies on the ramp or just after it, aligned to 5 minutes.
            guard (offset + 1) % 5 == 0, offset + 11 >= 60, offset + 15 <= 85 else { continue }
            let points = forecaster.forecast(from: minute, horizon: 15) { _ in nil }
            let intervals = ArrivalForecastInterval.summing(points)
            let target = intervals.last!
            #expect(target.startMinute == minute + 11 && target.minutes == 5)
            let actual = counts[(offset + 11)...(offset + 15)].reduce(0, +)
            let naive = counts[(offset - 14)...offset].reduce(0, +) / 15 * 5
            forecasterError += abs(target.expected - actual) / actual
            naiveError += abs(naive - actual) / actual
            origins += 1
        }
        return (forecasterError / Double(origins), naiveError / Double(origins))
    }

    @Test func aSurgeIsForecastBetterThanTheLastQuarterHour() {
        var wins = 0
        var forecasterTotal = 0.0
        var naiveTotal = 0.0
        for seed in UInt64(1)...20 {
            let errors = Self.surgeErrors(seed: seed)
            if errors.forecaster < errors.naive { wins += 1 }
            forecasterTotal += errors.forecaster
            naiveTotal += errors.naive
        }
        #expect(forecasterTotal < naiveTotal)
        #expect(wins >= 16)
    }

    /// A steady Poisson stream of 10 per minute: the share of actual 1-minute counts inside the
    /// 80 % interval, one and five minutes ahead.
    @Test(arguments: [1, 5])
    func theIntervalCoversAboutEightyPercentOfASteadyStream(stepsAhead: Int) {
        var random = SplitMix64(seed: 2024)
        let counts = (0..<3000).map { _ in Double(random.nextPoisson(mean: 10)) }
        var forecaster = ArrivalForecaster()
        var covered = 0
        var judged = 0
        for (offset, count) in counts.enumerated() {
            let minute = Self.start + Int64(offset)
            forecaster.observe(minute: minute, arrivals: count, profileRate: nil)
            guard offset >= 60, offset + stepsAhead < counts.count else { continue }
            let point = forecaster.forecast(from: minute, horizon: stepsAhead) { _ in nil }[stepsAhead - 1]
            let actual = counts[offset + stepsAhead]
            if actual >= point.lower && actual <= point.upper { covered += 1 }
            judged += 1
        }
        let coverage = Double(covered) / Double(judged)
        #expect(coverage >= 0.7 && coverage <= 0.9, "coverage \(coverage)")
    }

    @Test func isWarmAfterFiveObservedMinutes() {
        var forecaster = ArrivalForecaster()
        for offset in 0..<5 {
            #expect(!forecaster.isWarm)
            forecaster.observe(minute: Self.start + Int64(offset), arrivals: 3, profileRate: nil)
        }
        #expect(forecaster.isWarm)
    }

    @Test func beforeAnyObservationTheProfileIsTheForecast() {
        let forecaster = ArrivalForecaster()
        let points = forecaster.forecast(from: Self.start, horizon: 3) { $0 == Self.start + 2 ? nil : 4 }
        #expect(points.map(\.expected) == [4, 0, 4])
        #expect(points.allSatisfy { $0.modelVariance == 0 })
        // Poisson alone: 4 ± 1.2816·2.
        #expect(abs(points[0].upper - (4 + 1.2815515655446004 * 2)) <= 1e-12)
        #expect(abs(points[0].lower - (4 - 1.2815515655446004 * 2)) <= 1e-12)
    }

    @Test func aMinuteAtOrBeforeTheLastIsIgnored() {
        var forecaster = ArrivalForecaster()
        forecaster.observe(minute: Self.start, arrivals: 3, profileRate: nil)
        forecaster.observe(minute: Self.start + 1, arrivals: 5, profileRate: nil)
        let before = forecaster
        forecaster.observe(minute: Self.start + 1, arrivals: 50, profileRate: nil)
        forecaster.observe(minute: Self.start, arrivals: 50, profileRate: nil)
        #expect(forecaster == before)
    }

    @Test func gapsAreZeroArrivalsOnlyWhenTheCallerSaysSo() {
        let counts: [(Int64, Double)] = [(0, 2), (1, 6), (2, 4), (5, 9)]  // minutes 3 and 4 missing
        func run(_ policy: ArrivalForecaster.GapPolicy) -> ArrivalForecaster {
            var forecaster = ArrivalForecaster(gapPolicy: policy)
            for (offset, count) in counts {
                forecaster.observe(minute: Self.start + offset, arrivals: count, profileRate: nil)
            }
            return forecaster
        }
        var consecutive = ArrivalForecaster()
        var zeroFilled = ArrivalForecaster()
        for (index, count) in [2.0, 6, 4, 9].enumerated() {
            consecutive.observe(minute: Self.start + Int64(index), arrivals: count, profileRate: nil)
        }
        for (index, count) in [2.0, 6, 4, 0, 0, 9].enumerated() {
            zeroFilled.observe(minute: Self.start + Int64(index), arrivals: count, profileRate: nil)
        }
        let last = Self.start + 5
        let expected = { (forecaster: ArrivalForecaster, from: Int64) in
            forecaster.forecast(from: from, horizon: 3) { _ in nil }.map(\.expected)
        }
        // Carrying on: the same as the four minutes observed back to back.
        #expect(expected(run(.continueAcross), last) == expected(consecutive, Self.start + 3))
        #expect(run(.continueAcross).observedMinutes == 4)
        // Zero arrivals: the same as observing the zeros.
        #expect(expected(run(.zeroArrivals), last) == expected(zeroFilled, last))
        #expect(run(.zeroArrivals).observedMinutes == 6)
        // Restart: only the minute after the gap is known.
        #expect(run(.restart).observedMinutes == 1)
        #expect(!run(.restart).isWarm)
        #expect(expected(run(.restart), last) == [9, 9, 9])
    }

    @Test func intervalsAreClockAlignedSums() {
        var forecaster = ArrivalForecaster()
        var random = SplitMix64(seed: 5)
        for offset in 0..<40 {
            forecaster.observe(
                minute: Self.start + Int64(offset), arrivals: Double(random.nextPoisson(mean: 8)), profileRate: nil)
        }
        let from = Self.start + 39  // 29_000_039: the next minute, …040, starts an interval
        let points = forecaster.forecast(from: from, horizon: 12) { _ in nil }
        let intervals = ArrivalForecastInterval.summing(points)
        #expect(intervals.map(\.startMinute) == [Self.start + 40, Self.start + 45, Self.start + 50])
        #expect(intervals.map(\.minutes) == [5, 5, 2])
        for interval in intervals {
            let members = points.filter { $0.minute >= interval.startMinute && $0.minute < interval.startMinute + 5 }
            let expected = members.map(\.expected).reduce(0, +)
            #expect(abs(interval.expected - expected) <= 1e-9)
            // Poisson variances add; the model's standard deviations add (one shared level error).
            let poisson = expected
            let model = members.map { $0.modelVariance.squareRoot() }.reduce(0, +)
            let spread = 1.2815515655446004 * (poisson + model * model).squareRoot()
            #expect(abs(interval.upper - (expected + spread)) <= 1e-9)
            #expect(abs(interval.lower - max(0, expected - spread)) <= 1e-9)
        }
    }
}
