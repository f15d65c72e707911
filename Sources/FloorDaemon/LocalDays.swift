import FloorCore
import Foundation

/// Local midnights in the site's time zone, by Foundation's calendar (daylight-saving days are
/// 23 or 25 hours long). The engine caches the day it is in and asks again only at its end.
struct LocalDays: SiteCalendar {
    private let calendar: Calendar

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    func localDay(containing time: EventTime) -> Range<EventTime> {
        let start = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return Self.time(start)..<Self.time(end)
    }

    /// The local midnight that begins the day `time` is in.
    func start(containing time: EventTime) -> EventTime { localDay(containing: time).lowerBound }

    static func time(_ date: Date) -> EventTime {
        EventTime(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
