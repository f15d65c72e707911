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

/// Builds one JSON object as text, member by member, with correct string escaping.
public struct JSONObjectWriter {
    private var text = "{"
    private var first = true

    public init() {}

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += Self.quoted(name) + ":"
    }

    public mutating func string(_ name: String, _ value: String) {
        key(name)
        text += Self.quoted(value)
    }

    public mutating func integer(_ name: String, _ value: Int64) {
        key(name)
        text += String(value)
    }

    public mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// A number, or null when absent or not finite (JSON has no NaN).
    public mutating func number(_ name: String, _ value: Double?) {
        key(name)
        guard let value, value.isFinite else {
            text += "null"
            return
        }
        text += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    public mutating func null(_ name: String) {
        key(name)
        text += "null"
    }

    /// Adds already-encoded JSON.
    public mutating func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    public mutating func finish() -> String { text + "}" }

    public static func quoted(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
