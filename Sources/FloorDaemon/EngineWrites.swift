import FloorCore
import FloorQueryAPI
import NIOCore

/// The query socket's write routes (acknowledgements, recommendation decisions, silences) applied
/// to the floor: the body is parsed on the query loop, the change made on the engine loop (a
/// control-plane hop, never on the ingest or read path), and the answer is `QueryWrites`'. Who
/// acted comes from the socket peer, never from the request body.
///
/// Thread-safe.
struct EngineWrites: Sendable {
    let host: EngineHost

    typealias Response = QueryResponder.Response

    func perform(_ route: QueryRoute, body: [UInt8], peer: String) -> EventLoopFuture<Response> {
        let host = self.host
        func refuse(_ error: ControlRequestError) -> EventLoopFuture<Response> {
            host.loop.makeSucceededFuture(QueryWrites.badRequest(error))
        }
        switch route {
        case .acknowledgeAlert(let id):
            switch ControlRequest.acknowledgement(body) {
            case .success(let reason):
                return host.loop.submit {
                    QueryWrites.acknowledgement(host.stages.acknowledgeAlert(id: id, by: peer, reason: reason), id: id)
                }
            case .failure(let error): return refuse(error)
            }
        case .decideRecommendation(let id, let accept):
            switch ControlRequest.decision(body) {
            case .success(let note):
                return host.loop.submit {
                    QueryWrites.decision(
                        host.stages.decideRecommendation(id: id, accept: accept, by: peer, note: note), id: id)
                }
            case .failure(let error): return refuse(error)
            }
        case .addSilence:
            switch ControlRequest.silence(body) {
            case .success(let request):
                return host.loop.submit {
                    let now = host.publisher.current.generatedAt
                    switch QueryWrites.silenceEnd(request, now: now) {
                    case .refused(let response): return response
                    case .at(let endsAt):
                        let silence = host.stages.addSilence(
                            rule: request.rule, channel: request.channel, queue: request.queue, endsAt: endsAt,
                            by: peer, comment: request.comment)
                        return QueryWrites.silenceAdded(silence, now: now)
                    }
                }
            case .failure(let error): return refuse(error)
            }
        case .removeSilence(let id):
            return host.loop.submit { QueryWrites.silenceRemoved(host.stages.removeSilence(id: id), id: id) }
        default:
            return host.loop.makeSucceededFuture(QueryWrites.notAWriteRoute)
        }
    }
}
