import FloorCore
import FloorForecast
import Testing

@Suite struct IntradayProfileTests {
    @Test func theFirstDaySetsACellAndLaterDaysWeighThirtyPercent() {
        var profile = IntradayProfile()
        #expect(profile.expectedPerMinute(weekday: 0, quarter: 36) == nil)
        profile.learn(weekday: 0, quarter: 36, arrivals: 150)  // Monday 09:00–09:15
        #expect(profile.expectedPerMinute(weekday: 0, quarter: 36) == 10)
        profile.learn(weekday: 0, quarter: 36, arrivals: 300)
        #expect(abs(profile.expectedPerMinute(weekday: 0, quarter: 36)! - (0.7 * 10 + 0.3 * 20)) <= 1e-12)
        profile.learn(weekday: 0, quarter: 36, arrivals: 0)
        #expect(abs(profile.expectedPerMinute(weekday: 0, quarter: 36)! - 0.7 * 13) <= 1e-12)
        #expect(profile.daysSeen(weekday: 0, quarter: 36) == 3)
        // Other cells are untouched.
        #expect(profile.expectedPerMinute(weekday: 1, quarter: 36) == nil)
        #expect(profile.expectedPerMinute(weekday: 0, quarter: 37) == nil)
    }

    @Test func theArraysFollowTheDocumentedLayoutAndRoundTrip() {
        var profile = IntradayProfile()
        profile.learn(weekday: 6, quarter: 95, arrivals: 30)  // Sunday 23:45
        profile.learn(weekday: 2, quarter: 4, arrivals: 15)  // Wednesday 01:00
        #expect(profile.cells.count == 7 * 96 && profile.days.count == 7 * 96)
        #expect(profile.cells[6 * 96 + 95] == 2 && profile.days[6 * 96 + 95] == 1)
        #expect(profile.cells[2 * 96 + 4] == 1 && profile.days[2 * 96 + 4] == 1)
        let restored = IntradayProfile(cells: profile.cells, days: profile.days)
        #expect(restored == profile)
        #expect(IntradayProfile(cells: [1, 2], days: [1, 1]) == nil)
        var negative = profile.cells
        negative[0] = -1
        #expect(IntradayProfile(cells: negative, days: profile.days) == nil)
        var notANumber = profile.cells
        notANumber[3] = .nan
        #expect(IntradayProfile(cells: notANumber, days: profile.days) == nil)
    }

    @Test func dayCountsSaturate() {
        var days = Array(repeating: UInt16(0), count: IntradayProfile.cellCount)
        days[0] = .max
        var profile = IntradayProfile(cells: Array(repeating: 1, count: IntradayProfile.cellCount), days: days)!
        profile.learn(weekday: 0, quarter: 0, arrivals: 15)
        #expect(profile.daysSeen(weekday: 0, quarter: 0) == Int(UInt16.max))
    }

    @Test func quartersOfTheDay() {
        #expect(IntradayProfile.quarter(minuteOfDay: 0) == 0)
        #expect(IntradayProfile.quarter(minuteOfDay: 14) == 0)
        #expect(IntradayProfile.quarter(minuteOfDay: 9 * 60) == 36)
        #expect(IntradayProfile.quarter(minuteOfDay: 1439) == 95)
    }

    /// Smoothing against the truth it estimates: a flat demand of 18 calls a minute learned from
    /// one day of Poisson counts. Each cell's error is its noise (about ±6 % a quarter); shrunk
    /// toward its neighbours, the mean squared error must fall by at least a third.
    @Test func smoothingShrinksNoiseTowardTheNeighbours() {
        var random = SplitMix64(seed: 7)
        var profile = IntradayProfile()
        for weekday in 0..<7 {
            for quarter in 0..<96 {
                profile.learn(weekday: weekday, quarter: quarter, arrivals: Double(random.nextPoisson(mean: 18 * 15)))
            }
        }
        var rawError = 0.0
        var smoothedError = 0.0
        for weekday in 0..<7 {
            for quarter in 0..<96 {
                let raw = profile.expectedPerMinute(weekday: weekday, quarter: quarter)! - 18
                rawError += raw * raw
                let smoothed = profile.smoothedPerMinute(weekday: weekday, quarter: quarter)! - 18
                smoothedError += smoothed * smoothed
            }
        }
        #expect(smoothedError < rawError * 2 / 3, "raw \(rawError), smoothed \(smoothedError)")
    }

    /// What is far outside the noise is kept: the quarter a centre opens, and a straight ramp.
    @Test func smoothingKeepsRealShape() {
        var profile = IntradayProfile()
        profile.learn(weekday: 0, quarter: 31, arrivals: 0)  // 07:45, closed
        for quarter in 32..<36 { profile.learn(weekday: 0, quarter: quarter, arrivals: 150) }  // 10 a minute from 08:00
        let opening = profile.smoothedPerMinute(weekday: 0, quarter: 32)!
        #expect(abs(opening - 10) / 10 < 0.02, "the opening quarter: \(opening)")
        #expect(profile.smoothedPerMinute(weekday: 0, quarter: 31)! < 0.5)
        #expect(profile.smoothedPerMinute(weekday: 0, quarter: 33) == 10)
        for (quarter, rate) in [(40, 5.0), (41, 10.0), (42, 15.0)] {
            profile.learn(weekday: 1, quarter: quarter, arrivals: rate * 15)
        }
        #expect(abs(profile.smoothedPerMinute(weekday: 1, quarter: 41)! - 10) < 1e-12)
        // A cell without seen neighbours is its own value; an unseen cell has none.
        profile.learn(weekday: 2, quarter: 50, arrivals: 45)
        #expect(profile.smoothedPerMinute(weekday: 2, quarter: 50) == 3)
        #expect(profile.smoothedPerMinute(weekday: 2, quarter: 51) == nil)
    }
}
