import FloorAlerting
import FloorCore
import FloorProtocol
import FloorQueryAPI
import FloorStaffing
import Foundation

/// The query API as a pure function of a request and the current snapshot: routes and bodies,
/// testable without sockets (hummingbird's in-process test mode, without the framework).
///
/// Thread-safe (stateless).
public struct QueryResponder: Sendable {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: String
        /// For 405: the methods the path allows.
        public var allow: String?

        public init(status: Int, contentType: String, body: String, allow: String? = nil) {
            self.status = status
            self.contentType = contentType
            self.body = body
            self.allow = allow
        }
    }

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
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? uri
        let query = QueryRoute.queryItems(parts.count > 1 ? String(parts[1]) : "")
        let route: QueryRoute
        switch QueryRoute.resolve(method: method, path: path) {
        case .route(let resolved): route = resolved
        case .methodNotAllowed(let allowed): return Self.methodNotAllowed(allowed)
        case .badIdentifier(let message): return error(400, message)
        case .notFound: return error(404, "no such resource: \(path)")
        }
        switch route {
        case .health:
            var json = JSONObjectWriter()
            json.string("status", health.degraded.isEmpty ? "ok" : "degraded")
            json.raw("degraded", "[" + health.degraded.map { JSONObjectWriter.quoted($0) }.joined(separator: ",") + "]")
            json.string("generated_at", RFC3339.format(snapshot.generatedAt))
            json.integer("snapshot_sequence", Int64(snapshot.sequence))
            return json200(json.finish())
        case .snapshot: return json200(snapshotJSON.json(for: snapshot))
        case .channels: return json200(SnapshotJSON.channels(snapshot))
        case .queues: return json200(SnapshotJSON.queues(snapshot))
        case .queue(let name):
            guard let scope = snapshot.queues[name] else { return error(404, "no queue named \(name)") }
            return json200(SnapshotJSON.scope(scope, includeChannel: true))
        case .sources: return json200(SnapshotJSON.sources(snapshot))
        case .agents: return json200(ListJSON.agents(snapshot))
        case .alerts:
            guard let alerts else { return error(503, "alerts are not evaluated here") }
            return json200(AlertJSON.board(alerts))
        case .recommendations:
            guard let recommendations else { return error(503, "the recommender does not run here") }
            return json200(RecommendationJSON.board(recommendations))
        case .silences:
            guard let alerts else { return error(503, "alerts are not evaluated here") }
            return json200("[" + alerts.silences.map(AlertJSON.silence).joined(separator: ",") + "]")
        case .intervals:
            switch query["size"] ?? "15m" {
            case "15m":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(15), timeZone: timeZone))
            case "30m":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(30), timeZone: timeZone))
            case "60m", "1h":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(60), timeZone: timeZone))
            default: return error(400, "size must be 15m, 30m or 60m")
            }
        case .contacts:
            switch query["state"] ?? "waiting" {
            case "waiting": return json200(ListJSON.waiting(snapshot))
            case "abandoned": return json200(ListJSON.abandoned(snapshot))
            default: return error(400, "state must be waiting or abandoned")
            }
        case .metrics:
            return Response(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: metrics.render(snapshot))
        case .stream, .acknowledgeAlert, .decideRecommendation, .addSilence, .removeSilence:
            // Served by the query server itself (a stream) and by `AlertControl` (writes).
            return error(500, "\(path) is not served by the responder")
        }
    }

    /// 405 with the methods the path allows (RFC 9110 requires `Allow`).
    static func methodNotAllowed(_ allowed: [String]) -> Response {
        var json = JSONObjectWriter()
        json.string("error", "method not allowed here; allowed: \(allowed.joined(separator: ", "))")
        return Response(
            status: 405, contentType: "application/json", body: json.finish(), allow: allowed.joined(separator: ", "))
    }

    private func json200(_ body: String) -> Response {
        Response(status: 200, contentType: "application/json", body: body)
    }

    private func error(_ status: Int, _ message: String) -> Response {
        var json = JSONObjectWriter()
        json.string("error", message)
        return Response(status: status, contentType: "application/json", body: json.finish())
    }
}
