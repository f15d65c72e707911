import FloorCore
import FloorProtocol
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
        let query = Self.queryItems(parts.count > 1 ? String(parts[1]) : "")
        guard method == "GET" || method == "HEAD" else {
            return error(405, "only GET is served here (POST for /v1/alerts/{id}/ack and /v1/silences)")
        }
        switch path {
        case "/v1/health":
            var json = JSONObjectWriter()
            json.string("status", health.degraded.isEmpty ? "ok" : "degraded")
            json.raw("degraded", "[" + health.degraded.map { JSONObjectWriter.quoted($0) }.joined(separator: ",") + "]")
            json.string("generated_at", RFC3339.format(snapshot.generatedAt))
            json.integer("snapshot_sequence", Int64(snapshot.sequence))
            return json200(json.finish())
        case "/v1/snapshot": return json200(snapshotJSON.json(for: snapshot))
        case "/v1/channels": return json200(SnapshotJSON.channels(snapshot))
        case "/v1/queues": return json200(SnapshotJSON.queues(snapshot))
        case "/v1/sources": return json200(SnapshotJSON.sources(snapshot))
        case "/v1/agents": return json200(ListJSON.agents(snapshot))
        case "/v1/alerts":
            guard let alerts else { return error(503, "alerts are not evaluated here") }
            return json200(AlertJSON.board(alerts))
        case "/v1/recommendations":
            guard let recommendations else { return error(503, "the recommender does not run here") }
            return json200(RecommendationJSON.board(recommendations))
        case "/v1/silences":
            guard let alerts else { return error(503, "alerts are not evaluated here") }
            return json200("[" + alerts.silences.map(AlertJSON.silence).joined(separator: ",") + "]")
        case "/v1/intervals":
            switch query["size"] ?? "15m" {
            case "15m":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(15), timeZone: timeZone))
            case "30m":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(30), timeZone: timeZone))
            case "60m", "1h":
                return json200(IntervalsResponse.json(snapshot: snapshot, size: .minutes(60), timeZone: timeZone))
            default: return error(400, "size must be 15m, 30m or 60m")
            }
        case "/v1/contacts":
            switch query["state"] ?? "waiting" {
            case "waiting": return json200(ListJSON.waiting(snapshot))
            case "abandoned": return json200(ListJSON.abandoned(snapshot))
            default: return error(400, "state must be waiting or abandoned")
            }
        case "/metrics":
            return Response(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                body: metrics.render(snapshot))
        default:
            if path.hasPrefix("/v1/queues/") {
                let name = Self.percentDecoded(String(path.dropFirst("/v1/queues/".count)))
                guard let scope = snapshot.queues[name] else { return error(404, "no queue named \(name)") }
                return json200(SnapshotJSON.scope(scope, includeChannel: true))
            }
            return error(404, "no such resource: \(path)")
        }
    }

    private func json200(_ body: String) -> Response {
        Response(status: 200, contentType: "application/json", body: body)
    }

    private func error(_ status: Int, _ message: String) -> Response {
        var json = JSONObjectWriter()
        json.string("error", message)
        return Response(status: status, contentType: "application/json", body: json.finish())
    }

    static func queryItems(_ text: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            items[percentDecoded(String(parts[0]))] = parts.count > 1 ? percentDecoded(String(parts[1])) : ""
        }
        return items
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
