import FloorCore

/// The site calendar of a site on UTC: days from UTC midnight, 1970-01-01 a Thursday (weekday 3). Tests use
/// it where the daemon would supply Foundation's calendar of the site's zone.
public struct UTCCalendar: SiteCalendar {
    public init() {}

    public func localDay(containing time: EventTime) -> Range<EventTime> {
        let start = EventTime(milliseconds: floorDivide(time.milliseconds, 86_400_000) * 86_400_000)
        return start..<(start + .hours(24))
    }

    public func weekday(of time: EventTime) -> Int {
        Int((floorDivide(time.milliseconds, 86_400_000) + 3) % 7 + 7) % 7
    }
}
