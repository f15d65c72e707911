import FloorCore
import FloorProtocol

/// JSON of the lists for people: agents, waiting contacts, recent abandons (docs/query-api.md).
///
/// Stateless; thread-safe.
public enum ListJSON {
    public static func agents(_ snapshot: FloorSnapshot) -> String {
        "[" + snapshot.agents.map { agent(snapshot, $0) }.joined(separator: ",") + "]"
    }

    static func agent(_ snapshot: FloorSnapshot, _ agent: AgentSnapshot) -> String {
        var json = JSONObjectWriter()
        json.string("id", agent.id)
        json.integer("source", Int64(agent.source.index))
        if let name = agent.name { json.string("name", name) } else { json.null("name") }
        if let team = agent.team { json.string("team", team) } else { json.null("team") }
        json.string("state", agent.activity.rawValue)
        if let reason = agent.reason { json.string("reason", reason) } else { json.null("reason") }
        json.string("since", RFC3339.format(agent.since))
        json.number("seconds_in_state", Double(max(0, snapshot.generatedAt - agent.since)) / 1000)
        json.string("status_since", RFC3339.format(agent.statusSince))
        json.number("seconds_in_status", Double(max(0, snapshot.generatedAt - agent.statusSince)) / 1000)
        var slots = JSONObjectWriter()
        for channel in Channel.allCases where agent.slots[channel] > 0 || agent.inUse[channel] > 0 {
            var slot = JSONObjectWriter()
            slot.integer("capacity", Int64(agent.slots[channel]))
            slot.integer("in_use", Int64(agent.inUse[channel]))
            slots.raw(channel.name, slot.finish())
        }
        json.raw("slots", slots.finish())
        json.raw("contacts", "[" + agent.contacts.map { JSONObjectWriter.quoted($0) }.joined(separator: ",") + "]")
        if let next = agent.nextStatus { json.string("next_state", next.wireName) } else { json.null("next_state") }
        if case .away(let reason)? = agent.nextStatus {
            json.string("next_reason", reason)
        } else {
            json.null("next_reason")
        }
        if let today = agent.today { json.raw("today", Self.day(today)) }
        return json.finish()
    }

    /// An agent's figures since local midnight (docs/metrics.md, "Agents").
    static func day(_ day: AgentDayFigures) -> String {
        var json = JSONObjectWriter()
        var handled = JSONObjectWriter()
        for channel in Channel.allCases where day.handled[channel] > 0 {
            handled.integer(channel.name, day.handled[channel])
        }
        json.raw("handled", handled.finish())
        json.integer("handled_total", day.handledTotal)
        json.number("aht_seconds", day.averageHandleTime.map { $0 / 1000 })
        json.number("avg_talk_seconds", day.averageTalkTime.map { $0 / 1000 })
        json.number("avg_hold_seconds", day.averageHoldTime.map { $0 / 1000 })
        json.number("avg_acw_seconds", day.averageAfterContactWork.map { $0 / 1000 })
        json.integer("missed", day.missed)
        json.number("occupancy", day.occupancy)
        json.number("on_contact_seconds", Double(day.onContactMs) / 1000)
        json.number("idle_seconds", Double(day.idleMs) / 1000)
        return json.finish()
    }

    public static func waiting(_ snapshot: FloorSnapshot) -> String {
        "["
            + snapshot.waiting.map { contact in
                var json = JSONObjectWriter()
                json.string("id", contact.id)
                json.string("queue", contact.queue)
                json.string("channel", contact.channel.name)
                json.integer("position", Int64(contact.position))
                json.number("wait_seconds", Double(contact.wait) / 1000)
                return json.finish()
            }.joined(separator: ",") + "]"
    }

    public static func abandoned(_ snapshot: FloorSnapshot) -> String {
        "["
            + snapshot.abandoned.map { contact in
                var json = JSONObjectWriter()
                json.string("id", contact.id)
                json.string("queue", contact.queue)
                json.string("channel", contact.channel.name)
                if let caller = contact.caller { json.string("caller", caller) } else { json.null("caller") }
                json.number("wait_seconds", Double(contact.wait) / 1000)
                json.string("abandoned_at", RFC3339.format(contact.abandonedAt))
                return json.finish()
            }.joined(separator: ",") + "]"
    }
}
