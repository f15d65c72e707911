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
}
