import FloorAlerting
import FloorCore
import FloorProtocol
import FloorQueryAPI
import FloorStaffing
import NIOCore

/// The query socket's write side for alerts: acknowledgements and silences. Requests are parsed
/// on the query loop and applied on the engine loop (a control-plane hop, never on the ingest
/// or read path). Who acted comes from the socket peer, never from the request body.
///
/// Thread-safe.
struct AlertControl: Sendable {
    let host: EngineHost

    typealias Response = QueryResponder.Response

    /// Applies a write route. The body is parsed here (on the query loop); the change is made on
    /// the engine loop.
    func perform(_ route: QueryRoute, body: [UInt8], peer: String) -> EventLoopFuture<Response> {
        let host = self.host
        func refuse(_ error: ControlRequestError) -> EventLoopFuture<Response> {
            host.loop.makeSucceededFuture(Self.error(400, error.description))
        }
        switch route {
        case .acknowledgeAlert(let id):
            let reason: String
            switch ControlRequest.acknowledgement(body) {
            case .success(let text): reason = text
            case .failure(let error): return refuse(error)
            }
            return host.loop.submit {
                switch host.acknowledgeAlert(id: id, by: peer, reason: reason) {
                case .acknowledged(let alert):
                    return .document(AlertDocument(alert))
                case .notFound: return Self.error(404, "no active alert \(id)")
                case .notFiring:
                    return Self.error(409, "alert \(id) is pending, not firing: nothing to acknowledge yet")
                }
            }
        case .decideRecommendation(let id, let accept):
            let note: String?
            switch ControlRequest.decision(body) {
            case .success(let text): note = text
            case .failure(let error): return refuse(error)
            }
            return host.loop.submit {
                switch host.decideRecommendation(id: id, accept: accept, by: peer, note: note) {
                case .decided(let recommendation):
                    return .document(recommendation)
                case .notFound: return Self.error(404, "no active recommendation \(id)")
                case .notOpen: return Self.error(409, "recommendation \(id) was already decided")
                }
            }
        case .addSilence:
            let request: ControlRequest.Silence
            switch ControlRequest.silence(body) {
            case .success(let parsed): request = parsed
            case .failure(let error): return refuse(error)
            }
            return host.loop.submit {
                let now = host.publisher.current.generatedAt
                let endsAt: EventTime
                switch request.end {
                case .at(let time): endsAt = time
                case .after(let duration): endsAt = now + duration
                }
                // An end time is bounded like a duration: nobody silences a channel until 9999.
                guard endsAt - now <= ControlRequest.maximumSilence else {
                    return Self.error(409, "a silence ends within 90 days of now (ends_at \(RFC3339.format(endsAt)))")
                }
                guard
                    let silence = host.addSilence(
                        rule: request.rule, channel: request.channel, queue: request.queue, endsAt: endsAt, by: peer,
                        comment: request.comment)
                else {
                    return Self.error(409, "the silence would end at or before now (\(RFC3339.format(now)))")
                }
                return .document(SilenceDocument(silence), status: 201)
            }
        case .removeSilence(let id):
            return host.loop.submit {
                host.removeSilence(id: id)
                    ? .document(RemovedDocument(id: id))
                    : Self.error(404, "no silence \(id)")
            }
        default:
            return host.loop.makeSucceededFuture(Self.error(500, "not a write route"))
        }
    }

    static func error(_ status: Int, _ message: String) -> Response { .error(status, message) }
}
