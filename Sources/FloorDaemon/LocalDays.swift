import FloorCore
import Foundation

/// Local midnights in the site's time zone, by Foundation's calendar (daylight-saving days are
/// 23 or 25 hours long), cached for the day the clock is in: asked on every tick.
struct LocalDays {
    private var calendar: Calendar
    private var day: (start: EventTime, end: EventTime)?

    init(timeZone: TimeZone) {
        calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
    }

    /// The local midnight that begins the day `time` is in.
    mutating func start(containing time: EventTime) -> EventTime {
        if let day, time >= day.start, time < day.end { return day.start }
        let date = Date(timeIntervalSince1970: Double(time.milliseconds) / 1000)
        let start = calendar.startOfDay(for: date)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        let day = (
            EventTime(milliseconds: Int64((start.timeIntervalSince1970 * 1000).rounded())),
            EventTime(milliseconds: Int64((end.timeIntervalSince1970 * 1000).rounded()))
        )
        self.day = day
        return day.0
    }
}
