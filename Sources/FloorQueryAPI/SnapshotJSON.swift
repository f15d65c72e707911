import FloorCore
import FloorProtocol

/// The query API's JSON for snapshots (docs/query-api.md). Units are in the names; timestamps are
/// RFC 3339 UTC; counts are 0 when nothing happened, ratios/averages/percentiles null without data.
///
/// Stateless; thread-safe.
public enum SnapshotJSON {
    public static func snapshot(_ snapshot: FloorSnapshot) -> String {
        var json = JSONObjectWriter()
        json.string("generated_at", RFC3339.format(snapshot.generatedAt))
        json.string("clock", snapshot.clock.rawValue)
        json.raw("channels", channels(snapshot))
        json.raw("queues", queues(snapshot))
        json.raw("agents", agentSummary(snapshot))
        json.raw("sources", sources(snapshot))
        return json.finish()
    }

    public static func channels(_ snapshot: FloorSnapshot) -> String {
        var json = JSONObjectWriter()
        for channel in Channel.allCases {
            json.raw(channel.name, scope(snapshot.channels[channel], includeChannel: false))
        }
        return json.finish()
    }

    public static func queues(_ snapshot: FloorSnapshot) -> String {
        var json = JSONObjectWriter()
        for name in snapshot.queues.keys.sorted() {
            json.raw(name, scope(snapshot.queues[name]!, includeChannel: true))
        }
        return json.finish()
    }

    public static func agentSummary(_ snapshot: FloorSnapshot) -> String {
        var json = JSONObjectWriter()
        json.integer("known", Int64(snapshot.knownAgents))
        let counts = snapshot.overall.agents
        appendAgentCounts(counts, into: &json)
        return json.finish()
    }

    public static func scope(_ scope: ScopeSnapshot, includeChannel: Bool) -> String {
        var json = JSONObjectWriter()
        if includeChannel { json.string("channel", (scope.channel ?? .voice).name) }
        json.integer("in_queue", Int64(scope.inQueue))
        json.integer("callbacks_in_queue", Int64(scope.callbacksInQueue))
        json.integer("scheduled", Int64(scope.scheduled))
        json.number("oldest_wait_seconds", scope.oldestWait.map { Double($0) / 1000 })
        var agents = JSONObjectWriter()
        appendAgentCounts(scope.agents, into: &agents)
        json.raw("agents", agents.finish())
        var slots = JSONObjectWriter()
        slots.integer("capacity", Int64(scope.slots.capacity))
        slots.integer("in_use", Int64(scope.slots.inUse))
        json.raw("slots", slots.finish())
        var backlog = JSONObjectWriter()
        backlog.integer("count", Int64(scope.backlog.count))
        backlog.number("oldest_age_seconds", scope.backlog.oldestAge.map { Double($0) / 1000 })
        json.raw("backlog", backlog.finish())
        json.number("service_level_target", scope.goal?.target)
        json.number("service_level_threshold_seconds", scope.goal.map { Double($0.threshold) / 1000 })
        var windows = JSONObjectWriter()
        for window in scope.windows { windows.raw(window.label, self.window(window)) }
        json.raw("windows", windows.finish())
        // The day so far (site zone) and the quarter hour in progress: counts and ratios as the
        // windows have them; no wait percentiles or arrival series (the intervals keep sums only).
        if let today = scope.today { json.raw("today", window(today)) }
        if let interval = scope.currentInterval { json.raw("current_interval", window(interval)) }
        if let longest = scope.longestAvailable {
            var agent = JSONObjectWriter()
            agent.string("id", longest.id)
            if let name = longest.name { agent.string("name", name) }
            agent.string("since", RFC3339.format(longest.since))
            json.raw("longest_available", agent.finish())
        }
        return json.finish()
    }

    public static func window(_ window: WindowSnapshot) -> String {
        var json = JSONObjectWriter()
        json.integer("offered", window[.offered])
        json.integer("answered", window[.answered])
        json.integer("abandoned", window[.abandoned])
        json.integer("short_abandoned", window[.shortAbandoned])
        json.integer("timed_out", window[.timedOut])
        json.integer("transfers", window[.transfers])
        json.integer("transfers_in", window[.transfersIn])
        json.integer("transfers_in_from_queue", window[.transfersInFromQueue])
        json.integer("transfers_out_from_queue", window[.transfersOutFromQueue])
        json.integer("callbacks_handled", window[.callbacksHandled])
        json.integer("api_contacts_handled", window[.apiHandled])
        json.integer("agent_non_response", window[.agentNonResponse])
        json.integer("handled", window[.handled])
        json.integer("outbound_handled", window[.outboundHandled])
        json.number("abandon_rate", window.abandonRate)
        json.number("abandon_rate_excluding_short", window.abandonRateExcludingShort)
        json.number("service_level", window.serviceLevel)
        json.number("asa_seconds", window.averageSpeedOfAnswer.map { $0 / 1000 })
        json.number("avg_abandon_seconds", window.averageAbandonTime.map { $0 / 1000 })
        json.number("aht_seconds", window.averageHandleTime.map { $0 / 1000 })
        json.number("avg_talk_seconds", window.averageTalkTime.map { $0 / 1000 })
        json.number("avg_hold_seconds", window.averageHoldTime.map { $0 / 1000 })
        json.number("avg_acw_seconds", window.averageAfterContactWork.map { $0 / 1000 })
        json.number("wait_p50_seconds", window.waitP50.map { Double($0) / 1000 })
        json.number("wait_p90_seconds", window.waitP90.map { Double($0) / 1000 })
        json.number("wait_p99_seconds", window.waitP99.map { Double($0) / 1000 })
        json.number("wait_max_seconds", window.waitMax.map { Double($0) / 1000 })
        json.number("occupancy_time", window.occupancyTime)
        json.number("occupancy_slots", window.occupancySlots)
        json.raw("arrivals_per_minute", "[" + window.arrivalsPerMinute.map(String.init).joined(separator: ",") + "]")
        return json.finish()
    }

    public static func sources(_ snapshot: FloorSnapshot) -> String {
        "[" + snapshot.sources.map { source(snapshot, $0) }.joined(separator: ",") + "]"
    }

    public static func source(_ snapshot: FloorSnapshot, _ source: SourceSnapshot) -> String {
        var json = JSONObjectWriter()
        json.integer("id", Int64(source.id.index))
        json.string("name", source.name)
        json.string("format", source.format)
        json.string("instance", source.instance)
        json.integer("events", source.events)
        json.integer("bytes", source.bytes)
        json.raw("decode_errors", counts(source.decodeErrors))
        json.raw("ignored", counts(source.ignored))
        json.raw("anomalies", counts(source.anomalies))
        if let latest = source.latestEventTime {
            json.string("latest_event_time", RFC3339.format(latest))
        } else {
            json.null("latest_event_time")
        }
        if let received = source.lastReceivedAt {
            json.string("last_received_at", RFC3339.format(received))
            json.number("last_event_age_seconds", Double(snapshot.generatedAt - received) / 1000)
        } else {
            json.null("last_received_at")
            json.null("last_event_age_seconds")
        }
        json.integer("late_events", source.lateEvents)
        json.number("max_lateness_seconds", Double(source.maximumLateness) / 1000)
        json.number("last_lateness_seconds", Double(source.lastLateness) / 1000)
        if let status = source.status {
            json.string("connection", status)
            json.integer("reconnects", source.reconnects)
        }
        return json.finish()
    }

    private static func counts(_ values: [String: Int64]) -> String {
        var json = JSONObjectWriter()
        for key in values.keys.sorted() { json.integer(key, values[key]!) }
        return json.finish()
    }

    private static func appendAgentCounts(_ counts: AgentCounts, into json: inout JSONObjectWriter) {
        json.integer("staffed", Int64(counts.staffed))
        json.integer("available", Int64(counts.available))
        json.integer("on_contact", Int64(counts.onContact))
        json.integer("after_contact_work", Int64(counts.afterContactWork))
        json.integer("away", Int64(counts.away))
        json.raw("away_by_reason", Self.counts(counts.awayByReason.mapValues(Int64.init)))
        json.integer("offline", Int64(counts.offline))
    }
}
