import FloorCore
import FloorProtocol
import FloorStaffing

/// The query API's JSON for recommendations (`GET /v1/recommendations`, the stream's
/// `recommendations` event). Stateless; thread-safe.
public enum RecommendationJSON {
    public static func board(_ board: RecommendationBoard) -> String {
        var json = JSONObjectWriter()
        json.string("generated_at", RFC3339.format(board.generatedAt))
        json.raw("active", "[" + board.active.map(recommendation).joined(separator: ",") + "]")
        json.raw("channels", "[" + board.channels.map(requirement).joined(separator: ",") + "]")
        json.raw("history", "[" + board.history.map(recommendation).joined(separator: ",") + "]")
        return json.finish()
    }

    /// The live stream's `recommendations` event: the active moves and each channel's
    /// requirement (what a wall screen shows), without the history.
    public static func live(_ board: RecommendationBoard) -> String {
        "{\"active\":[" + board.active.map(recommendation).joined(separator: ",") + "],\"channels\":["
            + board.channels.map(requirement).joined(separator: ",") + "]}"
    }

    public static func recommendation(_ recommendation: Recommendation) -> String {
        var json = JSONObjectWriter()
        json.integer("id", recommendation.id)
        json.string("state", recommendation.state.rawValue)
        json.string("from", recommendation.from.name)
        json.string("to", recommendation.to.name)
        json.integer("agents", Int64(recommendation.agents))
        json.raw(
            "eligible_agents",
            "[" + recommendation.eligibleAgents.map { JSONObjectWriter.quoted($0) }.joined(separator: ",") + "]")
        json.string("summary", recommendation.summary)
        json.string("reason", recommendation.reason)
        var projected = JSONObjectWriter()
        var to = JSONObjectWriter()
        to.raw("before", projection(recommendation.toBefore))
        to.raw("after", projection(recommendation.toAfter))
        projected.raw(recommendation.to.name, to.finish())
        var from = JSONObjectWriter()
        from.raw("before", projection(recommendation.fromBefore))
        from.raw("after", projection(recommendation.fromAfter))
        projected.raw(recommendation.from.name, from.finish())
        json.raw("projection", projected.finish())
        json.string("created_at", RFC3339.format(recommendation.createdAt))
        json.string("updated_at", RFC3339.format(recommendation.updatedAt))
        if let by = recommendation.decidedBy { json.string("decided_by", by) } else { json.null("decided_by") }
        if let note = recommendation.decisionNote { json.string("note", note) } else { json.null("note") }
        json.integer("moved", Int64(recommendation.moved))
        if let moved = recommendation.movedAt {
            json.string("moved_at", RFC3339.format(moved))
        } else {
            json.null("moved_at")
        }
        return json.finish()
    }

    static func projection(_ projection: ChannelProjection) -> String {
        var json = JSONObjectWriter()
        json.integer("agents", Int64(projection.agents))
        json.number("service_level", projection.serviceLevel)
        json.number("asa_seconds", projection.averageSpeedOfAnswer)
        json.number("backlog_clearing_seconds", projection.backlogClearingSeconds)
        return json.finish()
    }

    static func requirement(_ requirement: ChannelRequirement) -> String {
        var json = JSONObjectWriter()
        json.string("channel", requirement.channel.name)
        json.string("model", requirement.model)
        json.number("arrivals_per_hour", requirement.arrivalsPerHour)
        json.number("aht_seconds", requirement.handleTimeSeconds)
        json.number("patience_seconds", requirement.patienceSeconds)
        json.integer("staffed", Int64(requirement.staffed))
        json.integer("required", Int64(requirement.required))
        json.integer("surplus", Int64(requirement.surplus))
        json.integer("slack", Int64(requirement.slack))
        json.integer("waiting", Int64(requirement.waiting))
        json.number("oldest_wait_seconds", requirement.oldestWaitSeconds)
        json.number("service_level_target", requirement.serviceLevelTarget)
        json.number("threshold_seconds", requirement.thresholdSeconds)
        json.raw("now", projection(requirement.now))
        return json.finish()
    }
}
