import FloorAlerting
import FloorCore
import FloorProtocol
import FloorStaffing

/// The write routes' answers: what the floor's control operations (acknowledge an alert, decide a
/// recommendation, add or remove a silence) answer for each outcome, with its status and document.
/// The daemon parses the body (`ControlRequest`), applies the change on the engine loop and asks
/// here what to answer, so the contract of the write side sits with the read side's.
///
/// Stateless; thread-safe.
public enum QueryWrites {
    /// A body the route cannot read.
    public static func badRequest(_ error: ControlRequestError) -> QueryResponse {
        .error(400, error.description)
    }

    public static func acknowledgement(_ result: AlertEvaluator.AcknowledgeResult, id: Int64) -> QueryResponse {
        switch result {
        case .acknowledged(let alert): .document(AlertDocument(alert))
        case .notFound: .error(404, "no active alert \(id)")
        case .notFiring: .error(409, "alert \(id) is pending, not firing: nothing to acknowledge yet")
        }
    }

    public static func decision(_ result: CapacityRecommender.DecisionResult, id: Int64) -> QueryResponse {
        switch result {
        case .decided(let recommendation): .document(recommendation)
        case .notFound: .error(404, "no active recommendation \(id)")
        case .notOpen: .error(409, "recommendation \(id) was already decided")
        }
    }

    /// When a requested silence ends, or why it is refused: an end time is bounded like a
    /// duration (nobody silences a channel until 9999).
    public enum SilenceEnd: Sendable, Equatable {
        case at(EventTime)
        case refused(QueryResponse)
    }

    public static func silenceEnd(_ request: ControlRequest.Silence, now: EventTime) -> SilenceEnd {
        let endsAt: EventTime
        switch request.end {
        case .at(let time): endsAt = time
        case .after(let duration): endsAt = now + duration
        }
        guard endsAt - now <= ControlRequest.maximumSilence else {
            return .refused(.error(409, "a silence ends within 90 days of now (ends_at \(RFC3339.format(endsAt)))"))
        }
        return .at(endsAt)
    }

    /// The silence added, or nil when it would end at or before now.
    public static func silenceAdded(_ silence: AlertSilence?, now: EventTime) -> QueryResponse {
        guard let silence else {
            return .error(409, "the silence would end at or before now (\(RFC3339.format(now)))")
        }
        return .document(SilenceDocument(silence), status: 201)
    }

    public static func silenceRemoved(_ removed: Bool, id: Int64) -> QueryResponse {
        removed ? .document(RemovedDocument(id: id)) : .error(404, "no silence \(id)")
    }

    /// A route that is not a write route reached the write side.
    public static let notAWriteRoute = QueryResponse.error(500, "not a write route")
}
