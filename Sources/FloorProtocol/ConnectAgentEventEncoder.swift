import FloorCore

/// Writes canonical events as Amazon Connect Agent Event Stream records (one JSON object per
/// line, as a Kinesis consumer relays them; DOMAIN.md §C.1), the inverse of
/// `ConnectAgentEventDecoder`, for the simulator and replays. Connect's agent stream shows each
/// agent's snapshot (status, routing profile, contacts in hand) before and after a change; a
/// contact appears when it reaches an agent (with its queue time), stays as ENDED during
/// after-contact work, and leaves the snapshot when the work is done. Contacts that never reach
/// an agent (abandons, waiting callers) are not in this stream, as in Connect.
/// Stateful (each record carries the previous snapshot); one encoder per stream. Not thread-safe.
public struct ConnectAgentEventEncoder {
    private struct Contact {
        var id: String
        var channel: Channel
        var queue: String
        var queuedAt: EventTime
        var connectedAt: EventTime
        var state: String
        var stateStart: EventTime
    }

    private struct Agent {
        var name: String?
        var team: String?
        var status: AgentStatus = .available
        var statusSince: EventTime
        var profile = RoutingProfile.voiceOnly
        var contacts: [Contact] = []
        var nextStatus: (status: AgentStatus, since: EventTime)?
    }

    public var instanceARN = "arn:aws:connect:ap-southeast-2:123456789012:instance/7f1b6e0c-3a2d-4c1e-9f5a-2b8d4e6a1c90"
    private var agents: [String: Agent] = [:]
    private var waiting: [String: (queue: String, channel: Channel, at: EventTime)] = [:]
    private var holder: [String: String] = [:]
    private var sequence: UInt64 = 0

    public init() {}

    public mutating func encode(_ event: Event) -> [String] {
        switch event.body {
        case .heartbeat, .reconcile, .queueNamed: return []
        case .agent(let id, let change): return agent(id, change, at: event.time)
        case .contact(let id, let change): return contact(id, change, at: event.time)
        }
    }

    private mutating func agent(_ id: String, _ change: AgentChange, at time: EventTime) -> [String] {
        switch change {
        case .login(let name, let team):
            let agent = Agent(name: name, team: team, statusSince: time)
            agents[id] = agent
            return [record(id, type: "LOGIN", at: time, previous: nil, current: agent)]
        case .logout:
            guard let agent = agents.removeValue(forKey: id) else { return [] }
            return [record(id, type: "LOGOUT", at: time, previous: agent, current: agent)]
        case .status(let status):
            return stateChange(id, at: time) { agent in
                agent.status = status
                agent.statusSince = time
                agent.nextStatus = nil
            }
        case .nextStatus(let next):
            return stateChange(id, at: time) { agent in agent.nextStatus = next.map { ($0, time) } }
        case .profile(let profile):
            return stateChange(id, at: time) { $0.profile = profile }
        case .contactInError, .membership, .deviceInUse:
            // Follows from the contacts' states this encoder writes; Asterisk's alone.
            return []
        }
    }

    private mutating func contact(_ id: String, _ change: ContactChange, at time: EventTime) -> [String] {
        switch change {
        case .queued(let queue, let channel, _, _):
            waiting[id] = (queue, channel, time)
            return []
        case .connected(let agentID, let queue, let channel, _):
            let queued = waiting.removeValue(forKey: id)
            holder[id] = agentID
            let contact = Contact(
                id: id, channel: channel ?? queued?.channel ?? .voice, queue: queue ?? queued?.queue ?? "default",
                queuedAt: queued?.at ?? time, connectedAt: time, state: "CONNECTED", stateStart: time)
            return stateChange(agentID, at: time) { $0.contacts.append(contact) }
        case .held, .resumed:
            guard let agentID = holder[id] else { return [] }
            return stateChange(agentID, at: time) { agent in
                for index in agent.contacts.indices where agent.contacts[index].id == id {
                    agent.contacts[index].state = change == .held ? "CONNECTED_ONHOLD" : "CONNECTED"
                    agent.contacts[index].stateStart = time
                }
            }
        case .ended(let reason, let afterContactWork):
            guard let agentID = holder[id] else {
                waiting[id] = nil
                return []
            }
            if afterContactWork, reason == .completed {
                return stateChange(agentID, at: time) { agent in
                    for index in agent.contacts.indices where agent.contacts[index].id == id {
                        agent.contacts[index].state = "ENDED"
                        agent.contacts[index].stateStart = time
                    }
                }
            }
            holder[id] = nil
            return stateChange(agentID, at: time) { $0.contacts.removeAll { $0.id == id } }
        case .afterContactWorkEnded:
            guard let agentID = holder.removeValue(forKey: id) else { return [] }
            return stateChange(agentID, at: time) { $0.contacts.removeAll { $0.id == id } }
        case .offered, .missed, .transferred, .scheduled:
            return []
        }
    }

    /// A STATE_CHANGE record with the snapshot before and after `update`.
    private mutating func stateChange(_ id: String, at time: EventTime, _ update: (inout Agent) -> Void) -> [String] {
        guard var agent = agents[id] else { return [] }
        let previous = agent
        update(&agent)
        agents[id] = agent
        return [record(id, type: "STATE_CHANGE", at: time, previous: previous, current: agent)]
    }

    private mutating func record(
        _ id: String, type: String, at time: EventTime, previous: Agent?, current: Agent
    ) -> String {
        sequence += 1
        var json = JSONObjectWriter()
        json.string("AWSAccountId", "123456789012")
        json.string("AgentARN", "\(instanceARN)/agent/\(id)")
        json.raw("CurrentAgentSnapshot", snapshot(id, current))
        json.string("EventId", Self.eventID(sequence))
        json.string("EventTimestamp", RFC3339.format(time))
        json.string("EventType", type)
        json.string("InstanceARN", instanceARN)
        if let previous {
            json.raw("PreviousAgentSnapshot", snapshot(id, previous))
        } else {
            json.null("PreviousAgentSnapshot")
        }
        json.string("Version", "2019-05-25")
        return json.finish()
    }

    private func snapshot(_ id: String, _ agent: Agent) -> String {
        var status = JSONObjectWriter()
        status.string("Name", Self.statusName(agent.status))
        switch agent.status {
        case .available: status.string("Type", "ROUTABLE")
        case .away: status.string("Type", "CUSTOM")
        case .offline: status.string("Type", "OFFLINE")
        }
        status.string("StartTimestamp", RFC3339.format(agent.statusSince))
        var profile = JSONObjectWriter()
        profile.string("Name", agent.profile.name ?? "Basic Routing Profile")
        let concurrency = Channel.allCases.filter { agent.profile.slots[$0] > 0 }.map { channel in
            "{\"Channel\":\"\(channel.name.uppercased())\",\"MaximumSlots\":\(agent.profile.slots[channel])}"
        }
        profile.raw("Concurrency", "[" + concurrency.joined(separator: ",") + "]")
        var configuration = JSONObjectWriter()
        if let team = agent.team {
            configuration.raw("AgentHierarchyGroups", "{\"Level1\":{\"Name\":\(JSONObjectWriter.quoted(team))}}")
        } else {
            configuration.null("AgentHierarchyGroups")
        }
        let names = (agent.name ?? id).split(separator: " ", maxSplits: 1).map(String.init)
        configuration.string("FirstName", names.first ?? id)
        configuration.string("LastName", names.count > 1 ? names[1] : "")
        configuration.raw("RoutingProfile", profile.finish())
        configuration.string("Username", id)
        var json = JSONObjectWriter()
        json.raw("AgentStatus", status.finish())
        json.raw("Configuration", configuration.finish())
        json.raw("Contacts", "[" + agent.contacts.map(contactJSON).joined(separator: ",") + "]")
        if let next = agent.nextStatus {
            var status = JSONObjectWriter()
            status.string("Name", Self.statusName(next.status))
            status.string("EnqueuedTimestamp", RFC3339.format(next.since))
            json.raw("NextAgentStatus", status.finish())
        } else {
            json.null("NextAgentStatus")
        }
        return json.finish()
    }

    /// A status's Connect name; a next status carries only this, and the decoder reads it back.
    static func statusName(_ status: AgentStatus) -> String {
        switch status {
        case .available: "Available"
        case .offline: "Offline"
        case .away(let reason): reason
        }
    }

    private func contactJSON(_ contact: Contact) -> String {
        var json = JSONObjectWriter()
        json.string("Channel", contact.channel.name.uppercased())
        json.string("ConnectedToAgentTimestamp", RFC3339.format(contact.connectedAt))
        json.string("ContactId", contact.id)
        json.string("InitiationMethod", "INBOUND")
        json.raw("Queue", "{\"Name\":\(JSONObjectWriter.quoted(contact.queue))}")
        json.string("QueueTimestamp", RFC3339.format(contact.queuedAt))
        json.string("State", contact.state)
        json.string("StateStartTimestamp", RFC3339.format(contact.stateStart))
        return json.finish()
    }

    /// A UUID-shaped id from the record's number (reproducible: the same stream, the same ids).
    static func eventID(_ number: UInt64) -> String {
        var state = number &* 0x9E37_79B9_7F4A_7C15
        var hex = ""
        for _ in 0..<2 {
            state ^= state >> 31
            state &*= 0xBF58_476D_1CE4_E5B9
            let part = String(state, radix: 16)
            hex += String(repeating: "0", count: 16 - part.count) + part
        }
        let characters = Array(hex)
        return "\(String(characters[0..<8]))-\(String(characters[8..<12]))-\(String(characters[12..<16]))-"
            + "\(String(characters[16..<20]))-\(String(characters[20..<32]))"
    }
}
