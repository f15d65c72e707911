import FloorCore

/// Writes canonical events as native protocol v1 lines (no trailing newline), the inverse of
/// `NativeDecoder`. Used by the simulator, the load command, replays and tests.
///
/// Stateless; thread-safe.
public enum NativeEncoder {
    public static func encode(_ event: Event) -> String {
        var json = JSONObjectWriter()
        json.integer("v", NativeDecoder.protocolVersion)
        switch event.body {
        case .heartbeat, .reconcile, .queueNamed:
            // A reconciliation is a decoder's reading of a vendor's status listing, not a protocol
            // event: it says the source is alive, like a heartbeat.
            json.string("type", "heartbeat")
        case .contact(let id, let change):
            encode(change, contact: id, into: &json)
        case .agent(_, .contactInError), .agent(_, .membership), .agent(_, .deviceInUse):
            // A decoder's reading of a vendor's states, not a protocol event.
            json.string("type", "heartbeat")
        case .agent(let id, let change):
            encode(change, agent: id, into: &json)
        }
        json.string("time", RFC3339.format(event.time))
        return json.finish()
    }

    private static func encode(_ change: ContactChange, contact id: String, into json: inout JSONObjectWriter) {
        switch change {
        case .queued(let queue, let channel, let caller, _):
            json.string("type", "contact.queued")
            json.string("contact", id)
            json.string("queue", queue)
            json.string("channel", channel.name)
            if let caller { json.string("caller", caller) }
        case .scheduled(let queue, let channel):
            json.string("type", "contact.scheduled")
            json.string("contact", id)
            json.string("queue", queue)
            json.string("channel", channel.name)
        case .offered(let agent):
            json.string("type", "contact.offered")
            json.string("contact", id)
            json.string("agent", agent)
        case .missed(let agent):
            json.string("type", "contact.missed")
            json.string("contact", id)
            json.string("agent", agent)
        case .connected(let agent, let queue, let channel, _):
            json.string("type", "contact.connected")
            json.string("contact", id)
            json.string("agent", agent)
            if let queue { json.string("queue", queue) }
            if let channel { json.string("channel", channel.name) }
        case .held:
            json.string("type", "contact.held")
            json.string("contact", id)
        case .resumed:
            json.string("type", "contact.resumed")
            json.string("contact", id)
        case .transferred(let toQueue, let toAgent):
            json.string("type", "contact.transferred")
            json.string("contact", id)
            if let toQueue { json.string("to_queue", toQueue) }
            if let toAgent { json.string("to_agent", toAgent) }
        case .ended(let reason, let afterContactWork):
            json.string("type", "contact.ended")
            json.string("contact", id)
            json.string("reason", reason.rawValue)
            if afterContactWork { json.bool("acw", true) }
        case .afterContactWorkEnded:
            json.string("type", "contact.acw_ended")
            json.string("contact", id)
        }
    }

    private static func encode(_ change: AgentChange, agent id: String, into json: inout JSONObjectWriter) {
        switch change {
        case .login(let name, let team):
            json.string("type", "agent.login")
            json.string("agent", id)
            if let name { json.string("name", name) }
            if let team { json.string("team", team) }
        case .logout:
            json.string("type", "agent.logout")
            json.string("agent", id)
        case .status(let status):
            json.string("type", "agent.state")
            json.string("agent", id)
            write(status, into: &json)
        case .nextStatus(let next):
            json.string("type", "agent.next_state")
            json.string("agent", id)
            if let next { write(next, into: &json) }
        case .contactInError, .membership, .deviceInUse:
            // Written as a heartbeat by `encode(_:)`.
            json.string("type", "heartbeat")
        case .profile(let profile):
            json.string("type", "agent.profile")
            json.string("agent", id)
            if let name = profile.name { json.string("profile", name) }
            json.raw(
                "slots",
                "{"
                    + Channel.allCases.filter { profile.slots[$0] > 0 }
                    .map { "\"\($0.name)\":\(profile.slots[$0])" }.joined(separator: ",") + "}")
            let cross = Channel.allCases.filter { profile.crossChannel[$0] }
            if !cross.isEmpty {
                json.raw("cross_channel", "[" + cross.map { "\"\($0.name)\"" }.joined(separator: ",") + "]")
            }
            if !profile.queues.isEmpty {
                json.raw(
                    "queues", "[" + profile.queues.map { JSONObjectWriter.quoted($0) }.joined(separator: ",") + "]")
            }
        }
    }
}

extension NativeEncoder {
    /// `state` and, when away, `reason`: the native protocol's and the query API's spelling.
    static func write(_ status: AgentStatus, into json: inout JSONObjectWriter) {
        json.string("state", status.wireName)
        if case .away(let reason) = status { json.string("reason", reason) }
    }
}

extension AgentStatus {
    /// `available`, `away` or `offline`, as the native protocol and the query API write it.
    public var wireName: String {
        switch self {
        case .available: "available"
        case .away: "away"
        case .offline: "offline"
        }
    }
}
