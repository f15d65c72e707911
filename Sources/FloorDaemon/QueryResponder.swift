import FloorAlerting
import FloorCore
import FloorForecast
import FloorQueryAPI
import FloorStaffing
import Foundation

/// The daemon's side of the query API's read routes (`QueryReads`): it supplies the parts only
/// the daemon has, the Prometheus exposition, the JSON of the snapshot, its health and its queues rendered once per snapshot, and
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
    let renderings = SnapshotRenderings()

    public init(metrics: PrometheusExposition, timeZone: TimeZone = .current) {
        self.metrics = metrics
        self.timeZone = timeZone
    }

    public func respond(
        method: String, uri: String, snapshot: FloorSnapshot, health: Health, alerts: AlertBoard? = nil,
        recommendations: RecommendationBoard? = nil, forecast: ForecastBoard? = nil
    ) -> Response {
        let cache = renderings
        let metrics = metrics
        let timeZone = timeZone
        var floor = QueryReads.Floor(
            snapshot: snapshot, degraded: health.degraded, alerts: alerts, recommendations: recommendations,
            snapshotJSON: { cache.json(for: $0) }, healthJSON: { cache.health(for: $0, degraded: $1) },
            queueJSON: { cache.queue(named: $1, in: $0) }, metrics: { metrics.render($0) },
            localDay: { Self.localDay($0, timeZone: timeZone) })
        floor.forecast = forecast
        return QueryReads.respond(method: method, uri: uri, floor: floor)
    }

    /// A local day by the site's calendar (23- and 25-hour days included).
    static func localDay(_ query: QueryReads.LocalDayQuery, timeZone: TimeZone) -> QueryReads.LocalDay? {
        let days = LocalDays(timeZone: timeZone)
        let day: Range<EventTime>
        switch query {
        case .containing(let time): day = days.localDay(containing: time)
        case .named(let text):
            guard let noon = days.noon(of: text) else { return nil }
            day = days.localDay(containing: noon)
        }
        return QueryReads.LocalDay(
            start: day.lowerBound, end: day.upperBound, date: days.date(of: day.lowerBound),
            timeZone: timeZone.identifier)
    }
}
