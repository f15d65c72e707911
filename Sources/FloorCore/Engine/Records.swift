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
    var appliedSteps = StepHistory()

    /// A placeholder that owns nothing, swapped into the dictionary while a step works on a record.
    static let vacant = ContactRecord(
        channel: .voice, queue: nil, caller: nil, firstSeen: EventTime(milliseconds: 0), enqueuedAt: nil,
        phase: .waiting)
}

/// The steps a contact has seen, for duplicate detection: each one's kind and timestamp.
///
/// The first six live inside the record (a typical life is queued, offered, connected, ended,
/// after-contact work ended). A heap list per contact was a cache miss on almost every event:
/// by a contact's next step, thousands of others have passed through the cache.
struct StepHistory {
    private var inline: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    private var inlineCount: UInt8 = 0
    private var overflow: [UInt64] = []

    init() {}

    init(startingWith change: ContactChange, at time: EventTime) {
        append(change, at: time)
    }

    /// Kind in the low four bits, the time above them (exact for any time within ±2^59 ms).
    @inline(__always)
    private static func stamp(_ change: ContactChange, _ time: EventTime) -> UInt64 {
        UInt64(bitPattern: time.milliseconds << 4) | UInt64(kind(of: change))
    }

    func contains(_ change: ContactChange, at time: EventTime) -> Bool {
        let stamp = Self.stamp(change, time)
        let found = withUnsafeBytes(of: inline) { raw in
            raw.withMemoryRebound(to: UInt64.self) { $0.prefix(Int(inlineCount)).contains(stamp) }
        }
        return found || (!overflow.isEmpty && overflow.contains(stamp))
    }

    mutating func append(_ change: ContactChange, at time: EventTime) {
        let stamp = Self.stamp(change, time)
        guard inlineCount < 6 else {
            overflow.append(stamp)
            return
        }
        withUnsafeMutableBytes(of: &inline) { raw in
            raw.storeBytes(of: stamp, toByteOffset: Int(inlineCount) * 8, as: UInt64.self)
        }
        inlineCount += 1
    }

    private static func kind(of change: ContactChange) -> UInt8 {
        switch change {
        case .queued: 0
        case .offered: 1
        case .missed: 2
        case .connected: 3
        case .held: 4
        case .resumed: 5
        case .transferred: 6
        case .ended: 7
        case .afterContactWorkEnded: 8
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
