import FloorAlerting
import FloorCore
import FloorProtocol

/// The query API's JSON for alerts (`GET /v1/alerts`, the stream's `alerts` event).
/// Stateless; thread-safe.
public enum AlertJSON {
    public static func board(_ board: AlertBoard) -> String {
        var json = JSONObjectWriter()
        json.string("generated_at", RFC3339.format(board.generatedAt))
        json.integer("firing", Int64(board.firing.count))
        json.raw("active", "[" + board.active.map(active).joined(separator: ",") + "]")
        json.raw("history", "[" + board.history.map(history).joined(separator: ",") + "]")
        json.raw("silences", "[" + board.silences.map(silence).joined(separator: ",") + "]")
        json.raw("rules", "[" + board.rules.map(rule).joined(separator: ",") + "]")
        return json.finish()
    }

    public static func active(_ alert: ActiveAlert) -> String {
        var json = JSONObjectWriter()
        json.integer("id", alert.id)
        json.string("rule", alert.rule)
        json.string("kind", alert.kind)
        json.string("state", alert.state.rawValue)
        json.string("severity", alert.severity.rawValue)
        scope(alert.scope, into: &json)
        json.string("metric", alert.metric.rawValue)
        if let window = alert.window { json.string("window", window) } else { json.null("window") }
        json.number("value", alert.value)
        json.string("comparison", alert.comparison.rawValue)
        json.number("threshold", alert.threshold)
        json.number("clear_threshold", alert.clearThreshold)
        json.string("since", RFC3339.format(alert.since))
        if let firing = alert.firingSince {
            json.string("firing_since", RFC3339.format(firing))
        } else {
            json.null("firing_since")
        }
        json.integer("notifications", Int64(alert.notifications))
        if let last = alert.lastNotified {
            json.string("last_notified", RFC3339.format(last))
        } else {
            json.null("last_notified")
        }
        if let acknowledgement = alert.acknowledgement {
            var ack = JSONObjectWriter()
            ack.string("by", acknowledgement.by)
            ack.string("reason", acknowledgement.reason)
            ack.string("at", RFC3339.format(acknowledgement.at))
            json.raw("acknowledged", ack.finish())
        } else {
            json.null("acknowledged")
        }
        if let suppressed = alert.suppressed { json.string("suppressed", suppressed) } else { json.null("suppressed") }
        json.string("message", alert.message)
        return json.finish()
    }

    static func history(_ entry: AlertHistoryEntry) -> String {
        var json = JSONObjectWriter()
        json.integer("id", entry.id)
        json.string("rule", entry.rule)
        json.string("transition", entry.transition.rawValue)
        json.string("severity", entry.severity.rawValue)
        scope(entry.scope, into: &json)
        json.number("value", entry.value)
        json.string("at", RFC3339.format(entry.at))
        json.bool("notified", entry.notified)
        json.string("message", entry.message)
        return json.finish()
    }

    public static func silence(_ silence: AlertSilence) -> String {
        var json = JSONObjectWriter()
        json.integer("id", silence.id)
        if let rule = silence.rule { json.string("rule", rule) } else { json.null("rule") }
        if let channel = silence.channel { json.string("channel", channel.name) } else { json.null("channel") }
        if let queue = silence.queue { json.string("queue", queue) } else { json.null("queue") }
        json.string("ends_at", RFC3339.format(silence.endsAt))
        json.string("created_by", silence.createdBy)
        json.string("created_at", RFC3339.format(silence.createdAt))
        json.string("comment", silence.comment)
        return json.finish()
    }

    static func rule(_ rule: AlertRule) -> String {
        var json = JSONObjectWriter()
        json.string("name", rule.name)
        json.string("kind", rule.kind)
        json.bool("enabled", rule.enabled)
        json.string("metric", rule.metric.rawValue)
        json.string("scope", scopeText(rule.scope))
        if let window = rule.window, rule.metric.isWindowed {
            json.string("window", window)
        } else {
            json.null("window")
        }
        json.string("comparison", rule.comparison.rawValue)
        json.string("warning", rule.warning?.description ?? "")
        json.string("critical", rule.critical?.description ?? "")
        json.string("clear", rule.clear?.description ?? "")
        json.integer("for_seconds", rule.forDuration / 1000)
        json.integer("renotify_seconds", rule.renotify / 1000)
        json.integer("minimum_offered", rule.minimumOffered)
        json.string("business_hours", rule.businessHours?.description ?? "")
        json.string("quiet_hours", rule.quietHours?.description ?? "")
        return json.finish()
    }

    static func scopeText(_ scope: AlertScopeSelector) -> String {
        switch scope {
        case .overall: "overall"
        case .channels(let channels): "channels:" + channels.map(\.name).joined(separator: ",")
        case .queues(let channels): "queues:" + (channels.isEmpty ? "*" : channels.map(\.name).joined(separator: ","))
        case .namedQueues(let names): "queue:" + names.joined(separator: ",")
        case .sources: "sources"
        }
    }

    private static func scope(_ scope: AlertScope, into json: inout JSONObjectWriter) {
        if let channel = scope.channel { json.string("channel", channel.name) } else { json.null("channel") }
        if let queue = scope.queue { json.string("queue", queue) } else { json.null("queue") }
        if let source = scope.source { json.string("source", source) } else { json.null("source") }
    }
}
