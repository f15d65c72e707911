import FloorAlerting
import FloorCore
import FloorQueryAPI
import FloorStaffing
import Foundation

/// The daemon's side of the query API's read routes (`QueryReads`): it supplies the parts only
/// the daemon has, the Prometheus exposition, the snapshot's JSON rendered once per snapshot, and
/// the site's local day.
///
/// Thread-safe (the cache is lock-free; the rest is immutable).
public struct QueryResponder: Sendable {
    public typealias Response = QueryResponse

    public struct Health: Sendable {
        public var degraded: [String]
        public init(degraded: [String]) { self.degraded = degraded }
    }

    let metrics: PrometheusExposition
    let timeZone: TimeZone
    /// Shared by every request and live stream this responder serves.
    let snapshotJSON = SnapshotJSONCache()

    public init(metrics: PrometheusExposition, timeZone: TimeZone = .current) {
        self.metrics = metrics
        self.timeZone = timeZone
    }

    public func respond(
        method: String, uri: String, snapshot: FloorSnapshot, health: Health, alerts: AlertBoard? = nil,
        recommendations: RecommendationBoard? = nil
    ) -> Response {
        let cache = snapshotJSON
        let metrics = metrics
        let timeZone = timeZone
        let floor = QueryReads.Floor(
            snapshot: snapshot, degraded: health.degraded, alerts: alerts, recommendations: recommendations,
            snapshotJSON: { cache.json(for: $0) }, metrics: { metrics.render($0) },
            localDay: { Self.localDay($0, timeZone: timeZone) })
        return QueryReads.respond(method: method, uri: uri, floor: floor)
    }

    /// A local day by the site's calendar (23- and 25-hour days included).
    static func localDay(_ query: QueryReads.LocalDayQuery, timeZone: TimeZone) -> QueryReads.LocalDay? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let start: Date
        switch query {
        case .containing(let time):
            start = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        case .named(let text):
            // `yyyy-MM-dd` and a real date (not 2026-02-30); its first instant is local midnight, or
            // the day's first hour where a zone skips midnight.
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard text.utf8.count == 10, text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }),
                parts.map(\.count) == [4, 2, 2], let year = Int(parts[0]), let month = Int(parts[1]),
                let day = Int(parts[2]),
                let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)),
                calendar.dateComponents([.year, .month, .day], from: date)
                    == DateComponents(year: year, month: month, day: day)
            else { return nil }
            start = calendar.startOfDay(for: date)
        }
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        func time(_ date: Date) -> EventTime {
            EventTime(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        return QueryReads.LocalDay(
            start: time(start), end: time(end), date: formatter.string(from: start), timeZone: timeZone.identifier)
    }
}
