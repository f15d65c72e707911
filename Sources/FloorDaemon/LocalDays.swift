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

    func weekday(of time: EventTime) -> Int {
        // Foundation counts 1 = Sunday … 7 = Saturday.
        (calendar.component(.weekday, from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000)) + 5) % 7
    }

    /// Noon of a local date written `yyyy-MM-dd`, nil when the text is not a real date (not
    /// 2026-02-30, not 2026-1-01).
    func noon(of text: String) -> EventTime? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }),
            parts.map(\.count) == [4, 2, 2], let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)),
            calendar.dateComponents([.year, .month, .day], from: date)
                == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return Self.time(date)
    }

    /// The local date `time` falls on, `yyyy-MM-dd`.
    func date(of time: EventTime) -> String {
        let components = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(components.year, 4))-\(padded(components.month, 2))-\(padded(components.day, 2))"
    }

    /// The local midnight that begins the day `time` is in.
    func start(containing time: EventTime) -> EventTime { localDay(containing: time).lowerBound }

    static func time(_ date: Date) -> EventTime {
        EventTime(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
