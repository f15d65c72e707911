/// The site's local days (its time zone and daylight-saving rules), for the figures counted
/// "since local midnight". The daemon supplies one made from Foundation's calendar; the engine
/// asks it only when a time falls outside the day it knows (a pure lookup: no clock, no I/O).
public protocol SiteCalendar: Sendable {
    /// The local day `time` falls in, from its midnight to the next (23, 24 or 25 hours).
    func localDay(containing time: EventTime) -> Range<EventTime>

    /// The local weekday `time` falls on, 0 for Monday … 6 for Sunday (ISO 8601's order; the
    /// forecast's intraday profile is learned per weekday).
    func weekday(of time: EventTime) -> Int
}
