import FloorCore
import FloorQueryAPI
import FloorTestSupport
import Foundation
import Testing

@testable import FloorDaemon

/// Local midnights across Melbourne's daylight-saving changes (a 25-hour and a 23-hour day). The
/// expected instants were computed with Python's zoneinfo (the IANA database), not Foundation.
@Suite("Local days in the site's zone")
struct LocalDaysTests {
    static let april5 = EventTime(milliseconds: 1_775_307_600_000)  // 2026-04-05 00:00 AEDT = 04-04 13:00Z
    static let april6 = EventTime(milliseconds: 1_775_397_600_000)  // 2026-04-06 00:00 AEST = 04-05 14:00Z
    static let october4 = EventTime(milliseconds: 1_791_036_000_000)  // 2026-10-04 00:00 AEST = 10-03 14:00Z
    static let october5 = EventTime(milliseconds: 1_791_118_800_000)  // 2026-10-05 00:00 AEDT = 10-04 13:00Z

    @Test func theDayDaylightSavingEndsHas25Hours() throws {
        let days = LocalDays(timeZone: try #require(TimeZone(identifier: "Australia/Melbourne")))
        #expect(days.start(containing: Self.april5) == Self.april5)
        #expect(days.start(containing: Self.april5 + .hours(24) + .minutes(30)) == Self.april5, "23:30 local, hour 25")
        #expect(days.start(containing: Self.april6) == Self.april6)
        #expect(Self.april6 - Self.april5 == .hours(25))
    }

    @Test func theDayDaylightSavingStartsHas23Hours() throws {
        let days = LocalDays(timeZone: try #require(TimeZone(identifier: "Australia/Melbourne")))
        #expect(days.start(containing: Self.october4 + .hours(22) + .minutes(59)) == Self.october4)
        #expect(days.start(containing: Self.october5) == Self.october5)
        #expect(
            days.start(containing: EventTime(milliseconds: Self.october5.milliseconds - 1)) == Self.october4,
            "back a day: recomputed")
        #expect(Self.october5 - Self.october4 == .hours(23))
    }

    /// 2026-04-05 was a Sunday in Melbourne, still Saturday in UTC until 13:00Z (Python's
    /// `datetime.weekday()` agrees).
    @Test func theWeekdayIsTheLocalOne() throws {
        let days = LocalDays(timeZone: try #require(TimeZone(identifier: "Australia/Melbourne")))
        // 0 = Monday … 6 = Sunday.
        #expect(days.weekday(of: Self.april5) == 6)
        #expect(days.weekday(of: Self.april5 + .hours(24) + .minutes(59)) == 6, "the 25th hour is still Sunday")
        #expect(days.weekday(of: Self.april6) == 0)
        #expect(days.weekday(of: EventTime(milliseconds: Self.april5.milliseconds - 1)) == 5)
        let utc = LocalDays(timeZone: try #require(TimeZone(identifier: "UTC")))
        #expect(utc.weekday(of: Self.april5) == 5)
        // 1970-01-01 was a Thursday, by both calendars.
        #expect(utc.weekday(of: EventTime(milliseconds: 0)) == 3)
        #expect(UTCCalendar().weekday(of: EventTime(milliseconds: 0)) == 3)
        #expect(UTCCalendar().weekday(of: Self.april5) == 5)
    }

    @Test func aDateNamesItsWholeLocalDayAcrossTheChanges() throws {
        let melbourne = try #require(TimeZone(identifier: "Australia/Melbourne"))
        let autumn = try #require(QueryResponder.localDay(.named("2026-04-05"), timeZone: melbourne))
        #expect(autumn.start == Self.april5)
        #expect(autumn.end == Self.april6)
        #expect(autumn.date == "2026-04-05")
        let spring = try #require(QueryResponder.localDay(.named("2026-10-04"), timeZone: melbourne))
        #expect(spring.start == Self.october4)
        #expect(spring.end == Self.october5)
        let containing = try #require(
            QueryResponder.localDay(.containing(Self.october4 + .hours(22)), timeZone: melbourne))
        #expect(containing == spring)
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-1-01", "26-01-01x", "+026-01-01", "2026-01-01T00", "", "today"])
    func whatIsNotADateIsRefused(text: String) throws {
        let melbourne = try #require(TimeZone(identifier: "Australia/Melbourne"))
        #expect(QueryResponder.localDay(.named(text), timeZone: melbourne) == nil)
    }
}
