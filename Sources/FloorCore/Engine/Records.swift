enum ContactPhase: Equatable {
    case waiting
    case ringing
    case connected
    case held
    case afterContactWork

    var isWithAgent: Bool { self == .connected || self == .held || self == .afterContactWork }
}

/// One open contact. Owned by the engine.
struct ContactRecord {
    var channel: Channel
    var queue: Int?
    var caller: String?
    var firstSeen: EventTime
    /// Start of the current queue leg; nil when the source never said it was queued.
    var enqueuedAt: EventTime?
    var phase: ContactPhase
    var agent: String?
    /// `agent`'s slot in the engine's agent array (agents are never removed), or -1.
    var agentSlot = -1
    var connectedAt: EventTime?
    var holdStartedAt: EventTime?
    var holdTotal: Milliseconds = 0
    var talkEndedAt: EventTime?
    /// The agent's chat count, this one included, when a chat was answered.
    var chatLevel = 1
    /// Every step applied, by kind and time: the same step arriving again is a duplicate.
    var appliedSteps: [StepStamp] = []

    /// A placeholder that owns nothing, swapped into the dictionary while a step works on a record.
    static let vacant = ContactRecord(
        channel: .voice, queue: nil, caller: nil, firstSeen: EventTime(milliseconds: 0), enqueuedAt: nil,
        phase: .waiting)
}

/// A contact step's identity for duplicate detection: its kind and its timestamp.
struct StepStamp: Equatable {
    var kind: UInt8
    var time: EventTime

    /// A new contact's step list, with room for a typical life (queued, offered, connected,
    /// ended, after-contact work ended) so it is allocated once, not grown step by step.
    static func history(startingWith change: ContactChange, at time: EventTime) -> [StepStamp] {
        var steps: [StepStamp] = []
        steps.reserveCapacity(6)
        steps.append(StepStamp(change, at: time))
        return steps
    }

    init(_ change: ContactChange, at time: EventTime) {
        self.time = time
        switch change {
        case .queued: kind = 0
        case .offered: kind = 1
        case .missed: kind = 2
        case .connected: kind = 3
        case .held: kind = 4
        case .resumed: kind = 5
        case .transferred: kind = 6
        case .ended: kind = 7
        case .afterContactWorkEnded: kind = 8
        }
    }
}

/// One known agent. Owned by the engine.
struct AgentRecord {
    var name: String?
    var team: String?
    var loggedIn: Bool
    var status: AgentStatus
    var statusSince: EventTime
    /// The status chosen for after the work in hand (no new contacts meanwhile).
    var nextStatus: AgentStatus?
    var profile: RoutingProfile
    var profileQueues: [Int]
    /// Contacts connected, on hold or in after-contact work, by id.
    var contacts: [String] = []
    /// Per channel: contacts connected or on hold.
    var live = PerChannel(repeating: 0)
    /// Per channel: contacts in after-contact work.
    var wrapping = PerChannel(repeating: 0)
    /// Occupancy has been accounted up to here.
    var accountedUntil: EventTime?
    var lastEventTime: EventTime

    var contactCount: Int { live.voice + live.chat + live.email + live.task + wrappingCount }
    var wrappingCount: Int { wrapping.voice + wrapping.chat + wrapping.email + wrapping.task }

    func inUse(_ channel: Channel) -> Int { live[channel] + wrapping[channel] }

    var isStaffed: Bool {
        guard loggedIn else { return false }
        if case .away = status { return false }
        return status != .offline
    }
}

/// Per-source figures. Owned by the engine; copied into snapshots.
struct SourceRecord {
    var name: String
    var format: String
    var events: Int64 = 0
    var bytes: Int64 = 0
    var anomalies: [Anomaly: Int64] = [:]
    var decodeErrors: [String: Int64] = [:]
    var latestEventTime: EventTime?
    var lastReceivedAt: EventTime?
    var lateEvents: Int64 = 0
    var maximumLateness: Milliseconds = 0
    var lastLateness: Milliseconds = 0
    /// Connection state of an outgoing subscription ("connected", "reconnecting in 2 s: …").
    var status: String?
    var reconnects: Int64 = 0
}
