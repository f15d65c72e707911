import FloorCore
import FloorProtocol
import FloorStaffing
import Foundation
import NIOCore

/// The query socket's write side for alerts: acknowledgements and silences. Requests are parsed
/// on the query loop and applied on the engine loop (a control-plane hop, never on the ingest
/// or read path). Who acted comes from the socket peer, never from the request body.
///
/// Thread-safe.
struct AlertControl: Sendable {
    let host: EngineHost

    typealias Response = QueryResponder.Response

    /// Whether this request is one of the control routes.
    static func handles(method: String, path: String) -> Bool {
        (method == "POST" && path.hasPrefix("/v1/alerts/") && path.hasSuffix("/ack"))
            || (method == "POST" && path.hasPrefix("/v1/recommendations/")
                && (path.hasSuffix("/accept") || path.hasSuffix("/dismiss")))
            || (method == "POST" && path == "/v1/silences")
            || (method == "DELETE" && path.hasPrefix("/v1/silences/"))
    }

    func perform(method: String, path: String, body: [UInt8], peer: String) -> EventLoopFuture<Response> {
        let host = self.host
        if method == "POST", path.hasPrefix("/v1/recommendations/") {
            return decide(path: path, body: body, peer: peer)
        }
        if method == "POST", path.hasPrefix("/v1/alerts/") {
            let idText = path.dropFirst("/v1/alerts/".count).dropLast("/ack".count)
            guard let id = Int64(idText) else { return host.loop.makeSucceededFuture(Self.error(400, "bad alert id")) }
            guard let object = Self.object(body), let reason = object["reason"] as? String,
                !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.utf8.count <= 1000
            else {
                return host.loop.makeSucceededFuture(
                    Self.error(400, "the body must be {\"reason\": \"…\"} with a reason of at most 1000 bytes"))
            }
            return host.loop.submit {
                switch host.acknowledgeAlert(id: id, by: peer, reason: reason) {
                case .acknowledged(let alert):
                    return Response(status: 200, contentType: "application/json", body: AlertJSON.active(alert))
                case .notFound: return Self.error(404, "no active alert \(id)")
                case .notFiring:
                    return Self.error(409, "alert \(id) is pending, not firing: nothing to acknowledge yet")
                }
            }
        }
        if method == "POST" {
            return addSilence(body: body, peer: peer)
        }
        guard let id = Int64(path.dropFirst("/v1/silences/".count)) else {
            return host.loop.makeSucceededFuture(Self.error(400, "bad silence id"))
        }
        return host.loop.submit {
            host.removeSilence(id: id)
                ? Response(status: 200, contentType: "application/json", body: "{\"removed\":\(id)}")
                : Self.error(404, "no silence \(id)")
        }
    }

    /// `POST /v1/recommendations/{id}/accept|dismiss` with an optional `{"note": "…"}`.
    private func decide(path: String, body: [UInt8], peer: String) -> EventLoopFuture<Response> {
        let host = self.host
        let accept = path.hasSuffix("/accept")
        let idText = path.dropFirst("/v1/recommendations/".count).split(separator: "/").first ?? ""
        guard let id = Int64(idText) else {
            return host.loop.makeSucceededFuture(Self.error(400, "bad recommendation id"))
        }
        guard let object = Self.object(body) else {
            return host.loop.makeSucceededFuture(Self.error(400, "the body must be empty or {\"note\": \"…\"}"))
        }
        let note = (object["note"] as? String).map { String($0.prefix(1000)) }
        return host.loop.submit {
            switch host.decideRecommendation(id: id, accept: accept, by: peer, note: note) {
            case .decided(let recommendation):
                return Response(
                    status: 200, contentType: "application/json",
                    body: RecommendationJSON.recommendation(recommendation))
            case .notFound: return Self.error(404, "no active recommendation \(id)")
            case .notOpen: return Self.error(409, "recommendation \(id) was already decided")
            }
        }
    }

    private func addSilence(body: [UInt8], peer: String) -> EventLoopFuture<Response> {
        let host = self.host
        guard let object = Self.object(body) else {
            return host.loop.makeSucceededFuture(Self.error(400, "the body must be a JSON object"))
        }
        let rule = object["rule"] as? String
        let queue = object["queue"] as? String
        let channelName = object["channel"] as? String
        let channel = channelName.flatMap { FloorCore.Channel(name: $0) }
        if let channelName, channel == nil {
            return host.loop.makeSucceededFuture(Self.error(400, "unknown channel \(channelName)"))
        }
        let comment = object["comment"] as? String ?? ""
        let endsAtText = object["ends_at"] as? String
        let duration = (object["duration_seconds"] as? NSNumber)?.doubleValue
        return host.loop.submit {
            let now = host.publisher.current.generatedAt
            let endsAt: EventTime?
            if let endsAtText {
                endsAt = RFC3339.parse(endsAtText)
            } else if let duration, duration > 0, duration <= 90 * 86_400 {
                endsAt = now + Milliseconds(duration * 1000)
            } else {
                endsAt = nil
            }
            guard let endsAt else {
                return Self.error(400, "give ends_at (RFC 3339) or duration_seconds (up to 90 days)")
            }
            guard
                let silence = host.addSilence(
                    rule: rule, channel: channel, queue: queue, endsAt: endsAt, by: peer, comment: comment)
            else {
                return Self.error(400, "a silence needs at least one of rule, channel, queue, and an end in the future")
            }
            return Response(status: 201, contentType: "application/json", body: AlertJSON.silence(silence))
        }
    }

    private static func object(_ body: [UInt8]) -> [String: Any]? {
        guard !body.isEmpty else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    static func error(_ status: Int, _ message: String) -> Response {
        var json = JSONObjectWriter()
        json.string("error", message)
        return Response(status: status, contentType: "application/json", body: json.finish())
    }
}
