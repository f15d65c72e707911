import FloorCore
import FloorStaffing
import Logging
import SystemdSupport

/// A journald entry each time a recommendation changes (issued, count changed, accepted,
/// dismissed, done, expired): PRIORITY 5, its own MESSAGE_ID, the move in `FLOORWATCH_*`
/// fields. Follows the alert sink's journald mode; written off the engine loop (`JournalOutbox`).
/// Thread-safe.
struct RecommendationJournal: Sendable {
    static let messageID = "8aade59a12cd44458c70a5e9aa8a4e01"

    let outbox: JournalOutbox
    let logger: Logger

    init(outbox: JournalOutbox, logger: Logger) {
        self.outbox = outbox
        self.logger = logger
    }

    func record(_ change: RecommendationChange) {
        let recommendation = change.recommendation
        logger.notice(
            "recommendation \(change.kind.rawValue): \(recommendation.summary)",
            metadata: ["recommendation_id": "\(recommendation.id)", "reason": "\(recommendation.reason)"])
        outbox.post([Self.fields(change)], what: "a recommendation")
    }

    static func fields(_ change: RecommendationChange) -> [(String, String)] {
        let recommendation = change.recommendation
        return [
            ("MESSAGE", "recommendation \(change.kind.rawValue): \(recommendation.summary) (\(recommendation.reason))"),
            ("MESSAGE_ID", messageID),
            ("PRIORITY", "5"),
            ("SYSLOG_IDENTIFIER", "floorwatchd"),
            ("FLOORWATCH_RECOMMENDATION_ID", "\(recommendation.id)"),
            ("FLOORWATCH_RECOMMENDATION_STATE", change.kind.rawValue),
            ("FLOORWATCH_FROM", recommendation.from.name),
            ("FLOORWATCH_TO", recommendation.to.name),
            ("FLOORWATCH_AGENTS", "\(recommendation.agents)"),
            ("FLOORWATCH_ELIGIBLE_AGENTS", recommendation.eligibleAgents.joined(separator: " ")),
            ("FLOORWATCH_SUMMARY", recommendation.summary),
        ]
    }
}
