import FloorCore
import FloorProtocol

/// One agent in `GET /v1/agents`: state, what they carry, and their figures of the day and of
/// each window.
///
/// Value type; thread-safe.
public struct AgentDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, source, name, team, state, reason, since
        case secondsInState = "seconds_in_state"
        case statusSince = "status_since"
        case secondsInStatus = "seconds_in_status"
        case slots, contacts
        case nextState = "next_state"
        case nextReason = "next_reason"
        case today, windows
        case lastContactEndedAt = "last_contact_ended_at"
        case secondsSinceLastContact = "seconds_since_last_contact"
        // Members of each channel under `slots`.
        case capacity
        case inUse = "in_use"
    }

    /// The status an agent chose for after the work in hand (`AgentSnapshot.NextStatus` without
    /// the reason, which is `nextReason`).
    public enum NextState: String, Sendable {
        case available, away, offline
    }

    /// The agent's figures over one window.
    public struct LabelledFigures: Sendable, Equatable {
        public var label: String
        public var figures: AgentFiguresDocument
    }

    /// Slots on one channel: how many contacts the agent may carry, and carries.
    public struct Slots: Sendable, Equatable {
        public var capacity: Int
        public var inUse: Int
    }

    public var id = ""
    public var source = 0
    public var name: String?
    public var team: String?
    /// What the agent is doing (the wire values are the engine's: `available`, `on_contact`,
    /// `after_contact_work`, `incoming`, `error`, `away`, `offline`).
    public var state = AgentSnapshot.Activity.offline
    public var reason: String?
    /// When the current activity began.
    public var since = EventTime(milliseconds: 0)
    public var secondsInState: Double = 0
    /// When the agent's chosen status (available, away, offline) began.
    public var statusSince = EventTime(milliseconds: 0)
    public var secondsInStatus: Double = 0
    /// Channels the agent may carry or carries.
    public var slots: [Channel: Slots] = [:]
    public var contacts: [String] = []
    /// The status chosen for after the work in hand (`away` with a reason, `offline`).
    public var nextState: NextState?
    public var nextReason: String?
    public var today: AgentFiguresDocument?
    /// Over each sliding window, shortest first, to the minute.
    public var windows: [LabelledFigures] = []
    /// When the agent's last contact ended (after-contact work included), and how long ago.
    public var lastContactEndedAt: EventTime?
    public var secondsSinceLastContact: Double?

    public init() {}

    /// The figures over the window labelled `label` (`5m`, `15m`, `60m`).
    public func window(_ label: String) -> AgentFiguresDocument? { windows.first { $0.label == label }?.figures }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "agent")
        id = try reader.string(.id)
        source = try reader.count(.source)
        name = try reader.optionalString(.name)
        team = try reader.optionalString(.team)
        let stateName = try reader.string(.state)
        guard let state = AgentSnapshot.Activity(rawValue: stateName) else {
            throw DocumentError("agent \(id): unknown state \(stateName)")
        }
        self.state = state
        reason = try reader.optionalString(.reason)
        since = try reader.time(.since) ?? since
        secondsInState = try reader.number(.secondsInState) ?? 0
        statusSince = try reader.time(.statusSince) ?? statusSince
        secondsInStatus = try reader.number(.secondsInStatus) ?? 0
        if let slotMembers = reader.value(.slots) {
            let perChannel = try DocumentReader<Key>(slotMembers, "slots")
            for (name, member) in perChannel.members {
                guard let channel = Channel(name: name) else { continue }
                let slot = try DocumentReader<Key>(member, "slots.\(name)")
                slots[channel] = Slots(capacity: try slot.count(.capacity), inUse: try slot.count(.inUse))
            }
        }
        contacts = try reader.strings(.contacts)
        if let nextName = try reader.optionalString(.nextState) {
            guard let next = NextState(rawValue: nextName) else {
                throw DocumentError("agent \(id): unknown next state \(nextName)")
            }
            nextState = next
        }
        nextReason = try reader.optionalString(.nextReason)
        today = try reader.document(.today)
        windows = try reader.namedDocuments(.windows, as: AgentFiguresDocument.self)
            .map { LabelledFigures(label: $0.name, figures: $0.document) }
            .sorted { ScopeDocument.minutes($0.label) < ScopeDocument.minutes($1.label) }
        lastContactEndedAt = try reader.time(.lastContactEndedAt)
        secondsSinceLastContact = try reader.number(.secondsSinceLastContact)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.id, id)
        json.integer(Key.source, source)
        json.string(Key.name, name)
        json.string(Key.team, team)
        json.string(Key.state, state.rawValue)
        json.string(Key.reason, reason)
        json.time(Key.since, since)
        json.number(Key.secondsInState, secondsInState)
        json.time(Key.statusSince, statusSince)
        json.number(Key.secondsInStatus, secondsInStatus)
        var slotMembers = JSONObjectWriter()
        for channel in Channel.allCases {
            guard let slot = slots[channel] else { continue }
            var member = JSONObjectWriter()
            member.integer(Key.capacity, slot.capacity)
            member.integer(Key.inUse, slot.inUse)
            slotMembers.raw(channel.name, member.finish())
        }
        json.raw(Key.slots.rawValue, slotMembers.finish())
        json.strings(Key.contacts, contacts)
        json.string(Key.nextState, nextState?.rawValue)
        json.string(Key.nextReason, nextReason)
        if let today { json.document(Key.today, today) }
        var windowMembers = JSONObjectWriter()
        for window in windows { windowMembers.raw(window.label, window.figures.json) }
        json.raw(Key.windows.rawValue, windowMembers.finish())
        json.time(Key.lastContactEndedAt, lastContactEndedAt)
        json.number(Key.secondsSinceLastContact, secondsSinceLastContact)
    }
}

extension AgentDocument {
    public init(_ agent: AgentSnapshot, at now: EventTime) {
        id = agent.id
        source = Int(agent.source.index)
        name = agent.name
        team = agent.team
        state = agent.activity
        reason = agent.reason
        since = agent.since
        secondsInState = Double(max(0, now - agent.since)) / 1000
        statusSince = agent.statusSince
        secondsInStatus = Double(max(0, now - agent.statusSince)) / 1000
        for channel in Channel.allCases where agent.slots[channel] > 0 || agent.inUse[channel] > 0 {
            slots[channel] = Slots(capacity: agent.slots[channel], inUse: agent.inUse[channel])
        }
        contacts = agent.contacts
        switch agent.nextStatus {
        case .available?: nextState = .available
        case .away(let reason)?:
            nextState = .away
            nextReason = reason
        case .offline?: nextState = .offline
        case nil: break
        }
        today = agent.today.map(AgentFiguresDocument.init)
        windows = agent.windows.map { LabelledFigures(label: $0.label, figures: AgentFiguresDocument($0.figures)) }
        lastContactEndedAt = agent.lastContactEnded
        secondsSinceLastContact = agent.lastContactEnded.map { Double(max(0, now - $0)) / 1000 }
    }
}

/// An agent's figures since local midnight (`today`) or over a window (docs/metrics.md, "Agents").
public struct AgentFiguresDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case handled
        case handledTotal = "handled_total"
        case ahtSeconds = "aht_seconds"
        case averageTalkSeconds = "avg_talk_seconds"
        case averageHoldSeconds = "avg_hold_seconds"
        case averageACWSeconds = "avg_acw_seconds"
        case missed, occupancy
        case occupancySlots = "occupancy_slots"
        case onContactSeconds = "on_contact_seconds"
        case idleSeconds = "idle_seconds"
    }

    /// Contacts handled per channel (channels with none left out).
    public var handled: [Channel: Int64] = [:]
    public var handledTotal: Int64 = 0
    public var ahtSeconds: Double?
    public var averageTalkSeconds: Double?
    public var averageHoldSeconds: Double?
    public var averageACWSeconds: Double?
    public var missed: Int64 = 0
    public var occupancy: Double?
    public var occupancySlots: Double?
    public var onContactSeconds: Double = 0
    public var idleSeconds: Double = 0

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "agent figures")
        for (name, count) in try reader.counts(.handled) {
            if let channel = Channel(name: name) { handled[channel] = count }
        }
        handledTotal = try reader.integer(.handledTotal)
        ahtSeconds = try reader.number(.ahtSeconds)
        averageTalkSeconds = try reader.number(.averageTalkSeconds)
        averageHoldSeconds = try reader.number(.averageHoldSeconds)
        averageACWSeconds = try reader.number(.averageACWSeconds)
        missed = try reader.integer(.missed)
        occupancy = try reader.number(.occupancy)
        occupancySlots = try reader.number(.occupancySlots)
        onContactSeconds = try reader.number(.onContactSeconds) ?? 0
        idleSeconds = try reader.number(.idleSeconds) ?? 0
    }

    public func write(into json: inout JSONObjectWriter) {
        var perChannel = JSONObjectWriter()
        for channel in Channel.allCases { if let count = handled[channel] { perChannel.integer(channel.name, count) } }
        json.raw(Key.handled.rawValue, perChannel.finish())
        json.integer(Key.handledTotal, handledTotal)
        json.number(Key.ahtSeconds, ahtSeconds)
        json.number(Key.averageTalkSeconds, averageTalkSeconds)
        json.number(Key.averageHoldSeconds, averageHoldSeconds)
        json.number(Key.averageACWSeconds, averageACWSeconds)
        json.integer(Key.missed, missed)
        json.number(Key.occupancy, occupancy)
        json.number(Key.occupancySlots, occupancySlots)
        json.number(Key.onContactSeconds, onContactSeconds)
        json.number(Key.idleSeconds, idleSeconds)
    }
}

extension AgentFiguresDocument {
    public init(_ day: AgentFigures) {
        for channel in Channel.allCases where day.handled[channel] > 0 { handled[channel] = day.handled[channel] }
        handledTotal = day.handledTotal
        ahtSeconds = day.averageHandleTime.map { $0 / 1000 }
        averageTalkSeconds = day.averageTalkTime.map { $0 / 1000 }
        averageHoldSeconds = day.averageHoldTime.map { $0 / 1000 }
        averageACWSeconds = day.averageAfterContactWork.map { $0 / 1000 }
        missed = day.missed
        occupancy = day.occupancy
        occupancySlots = day.occupancySlots
        onContactSeconds = Double(day.onContactMs) / 1000
        idleSeconds = Double(day.idleMs) / 1000
    }
}
