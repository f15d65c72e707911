enum ContactPhase: UInt8, Equatable {
    /// Created for a queue it has not joined yet (a callback scheduled for later).
    case scheduled
    case waiting
    case ringing
    case connected
    case held
    case afterContactWork

    var isWithAgent: Bool { self == .connected || self == .held || self == .afterContactWork }
    /// Waiting in its queue (ringing included): what `in_queue` counts.
    var isInQueue: Bool { self == .waiting || self == .ringing }
}

/// One open contact. Owned by the engine.
///
/// Kept to two cache lines (128 bytes, from 216): with a backlog of thousands of open emails
/// the records do not stay in cache between a contact's steps, so every line an event touches
/// is a miss. Optional times are stored with a sentinel, the queue and agent slot as 32-bit
/// numbers, and the agent by its slot alone (its id is the engine's `agentKeys[slot]`). Stored
/// properties are in size order: Swift lays them out as declared.
struct ContactRecord {
    var firstSeen: EventTime
    /// Start of the current queue leg; nil when the source never said it was queued.
    @CompactTime var enqueuedAt: EventTime?
    @CompactTime var connectedAt: EventTime? = nil
    @CompactTime var holdStartedAt: EventTime? = nil
    @CompactTime var talkEndedAt: EventTime? = nil
    var holdTotal: Milliseconds = 0
    var caller: String?
    /// Every step applied, by kind and time: the same step arriving again is a duplicate.
    var appliedSteps = StepHistory()
    var queueNumber: Int32
    /// The slot of the agent it is with in the engine's agent array (agents are never removed),
    /// or -1.
    var agentSlotNumber: Int32 = -1
    /// While ringing: the slot of the agent being offered it (Connect's Incoming), or -1.
    var ringingAgentSlot: Int32 = -1
    var channel: Channel
    var phase: ContactPhase
    var chatLevelNumber: UInt8 = 1
    var kind = ContactKind.inbound
    /// A queue leg after the first (the caller left one queue and was sent to another): its
    /// queue counts the leg with its own wait, the channel and the floor count the customer once,
    /// with the whole wait since `firstSeen`.
    var isLaterLeg = false

    init(
        channel: Channel, queue: Int?, caller: String?, firstSeen: EventTime, enqueuedAt: EventTime?,
        phase: ContactPhase, appliedSteps: StepHistory = StepHistory(), kind: ContactKind = .inbound
    ) {
        self.kind = kind
        self.firstSeen = firstSeen
        self.enqueuedAt = enqueuedAt
        self.caller = caller
        self.appliedSteps = appliedSteps
        queueNumber = queue.map { Int32($0) } ?? -1
        self.channel = channel
        self.phase = phase
    }

    var queue: Int? {
        get { queueNumber < 0 ? nil : Int(queueNumber) }
        set { queueNumber = newValue.map { Int32($0) } ?? -1 }
    }

    /// The agent's slot, or -1 when the contact is with no agent.
    var agentSlot: Int {
        get { Int(agentSlotNumber) }
        set { agentSlotNumber = Int32(newValue) }
    }

    var hasAgent: Bool { agentSlotNumber >= 0 }

    /// The agent's chat count, this one included, when a chat was answered.
    var chatLevel: Int {
        get { Int(chatLevelNumber) }
        set { chatLevelNumber = UInt8(clamping: newValue) }
    }

}

/// An optional time in 8 bytes (`Int64.min` for nil): `EventTime?` takes 16 with its padding.
@propertyWrapper
struct CompactTime {
    var milliseconds: Int64

    init(wrappedValue: EventTime?) { milliseconds = wrappedValue?.milliseconds ?? Int64.min }

    var wrappedValue: EventTime? {
        get { milliseconds == Int64.min ? nil : EventTime(milliseconds: milliseconds) }
        set { milliseconds = newValue?.milliseconds ?? Int64.min }
    }
}

/// The steps a contact has seen, for duplicate detection: each one's kind and timestamp.
///
/// The first six live inside the record, as 32-bit offsets from the first step (a typical life
/// is queued, offered, connected, ended, after-contact work ended). A heap list per contact was
/// a cache miss on almost every event: by a contact's next step, thousands of others have passed
/// through the cache. Steps beyond six, or more than 2^27 ms (37 hours) from the first, go to
/// `overflow` as full 64-bit stamps.
struct StepHistory {
    // Internal (not private) for checkpoints only.
    var base: Int64 = 0
    var inline: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0)
    var inlineCount: UInt8 = 0
    var overflow: [UInt64] = []

    init() {}

    init(startingWith change: ContactChange, at time: EventTime) {
        base = time.milliseconds
        append(change, at: time)
    }

    /// Kind in the low four bits, the offset from `base` above them; nil when it does not fit.
    @inline(__always)
    private func shortStamp(_ kind: UInt8, _ time: EventTime) -> UInt32? {
        let offset = time.milliseconds &- base
        guard offset >= -(1 << 27), offset < 1 << 27 else { return nil }
        return UInt32(bitPattern: Int32(offset) << 4) | UInt32(kind)
    }

    /// Kind in the low four bits, the time above them (exact for any time within ±2^59 ms).
    @inline(__always)
    private static func fullStamp(_ kind: UInt8, _ time: EventTime) -> UInt64 {
        UInt64(bitPattern: time.milliseconds << 4) | UInt64(kind)
    }

    func contains(_ change: ContactChange, at time: EventTime) -> Bool {
        let kind = Self.kind(of: change)
        if let stamp = shortStamp(kind, time) {
            let found = withUnsafeBytes(of: inline) { raw in
                raw.withMemoryRebound(to: UInt32.self) { $0.prefix(Int(inlineCount)).contains(stamp) }
            }
            if found { return true }
        }
        return !overflow.isEmpty && overflow.contains(Self.fullStamp(kind, time))
    }

    mutating func append(_ change: ContactChange, at time: EventTime) {
        let kind = Self.kind(of: change)
        guard inlineCount < 6, let stamp = shortStamp(kind, time) else {
            overflow.append(Self.fullStamp(kind, time))
            return
        }
        withUnsafeMutableBytes(of: &inline) { raw in
            raw.storeBytes(of: stamp, toByteOffset: Int(inlineCount) * 4, as: UInt32.self)
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
        case .scheduled: 9
        }
    }
}

/// One known agent. Owned by the engine.
struct AgentRecord {
    var name: String?
    var team: String?
    var status: AgentStatus
    var statusSince: EventTime
    /// The status chosen for after the work in hand (no new contacts meanwhile).
    var nextStatus: AgentStatus?
    /// Queues (by index) the agent is paused in, with the reason (Asterisk pauses per queue).
    var pausedQueues: [Int: String] = [:]
    var profile: RoutingProfile
    var profileQueues: [Int]
    /// Contacts connected, on hold or in after-contact work, by key (found again by its hash,
    /// not by comparing ids).
    var contacts: [EntityKey] = []
    /// Per channel: contacts connected or on hold.
    var live = ContactsPerChannel()
    /// Per channel: contacts in after-contact work.
    var wrapping = ContactsPerChannel()
    /// Occupancy has been accounted up to here.
    @CompactTime var accountedUntil: EventTime?
    var lastEventTime: EventTime
    /// The activity the board shows, and since when (kept as the agent changes, so "time in
    /// state" is the time in this activity, not since the last status change). 8 bytes, not an
    /// optional's 16: the record is read on most events.
    @CompactTime var activitySince: EventTime? = nil
    // The one-byte fields together at the end, so they share the record's last word.
    var loggedIn: Bool
    var activity = AgentSnapshot.Activity.available
    /// Contacts being offered to the agent now (ringing): Connect's Incoming activity.
    var ringing: UInt8 = 0
    /// A missed, rejected or failed contact waits to be cleared (Connect's Error activity).
    var inError = false
    /// The device is busy outside any contact floorwatch knows (an Asterisk direct call).
    var deviceInUse = false
    /// Whether membership is per queue (an Asterisk member): leaving the last queue logs out.
    var hasMemberships = false

    var contactCount: Int { live.total + wrapping.total }

    /// Connect's precedence for concurrent contacts: Error > on contact > after-contact work >
    /// custom status (away) > Available.
    var currentActivity: AgentSnapshot.Activity {
        // Runs on every agent change of the apply path: no string is copied here.
        if !loggedIn { return .offline }
        if inError { return .error }
        if live.total > 0 || deviceInUse { return .onContact }
        if wrappingCount > 0 { return .afterContactWork }
        if ringing > 0 { return .incoming }
        if case .away = status { return .away }
        if !pausedQueues.isEmpty, isPausedEverywhere { return .away }
        return status == .offline ? .offline : .available
    }

    /// Notes a change of activity at `time` (after any change to the agent).
    mutating func refreshActivity(at time: EventTime) {
        let now = currentActivity
        if now != activity || activitySince == nil {
            activity = now
            activitySince = time
        }
    }
    var wrappingCount: Int { wrapping.total }

    func inUse(_ channel: Channel) -> Int { live[channel] + wrapping[channel] }

    var isStaffed: Bool {
        guard loggedIn else { return false }
        if case .away = status { return false }
        return status != .offline && !isPausedEverywhere
    }

    /// Paused in every queue it is a member of (Asterisk): away for the channel and the floor.
    var isPausedEverywhere: Bool { !pausedQueues.isEmpty && pausedQueues.count >= profileQueues.count }

    /// The reason the agent counts as away in the floor and channel scopes, if it does.
    var awayReason: String? {
        if case .away(let reason) = status { return reason }
        return isPausedEverywhere ? pausedQueues.values.sorted().first : nil
    }
}

/// Per-source figures. Owned by the engine; copied into snapshots.
struct SourceRecord {
    var name: String
    /// Nil for the entry that gathers unattributed events.
    var format: SourceFormat?
    /// The platform instance whose contacts, agents and queues this source describes.
    var instance: String
    var ignored: [String: Int64] = [:]
    var events: Int64 = 0
    var anomalies: [Anomaly: Int64] = [:]
    var decodeErrors: [String: Int64] = [:]
    var latestEventTime: EventTime?
    var lastReceivedAt: EventTime?
    var lateEvents: Int64 = 0
    var maximumLateness: Milliseconds = 0
    var lastLateness: Milliseconds = 0
    /// What the source holds now, against its limits (`EngineLimits`).
    var openContacts = 0
    var agents = 0
    var queues = 0
}

/// A caller who left a queue without an agent (a timeout, an exit key, a move) and may be sent
/// into another queue under the same id (Asterisk's dialplan overflow). Remembered as long as
/// ended contacts are, so the next leg continues the same customer contact.
struct ExitedLeg {
    var endedAt: EventTime
    /// When the customer first entered a queue: the whole wait runs from here.
    var customerSince: EventTime
    var channel: Channel
    var caller: String?
    /// How the leg ended and what the channel and floor counted for it, to take back when the
    /// customer turns out to continue in another queue.
    var reason: EndReason
    var wait: Milliseconds
    var withinThreshold: Bool
    var bucket: Int64?
    /// The leg's own queue and what that queue counted (a later leg's wait is its own).
    var queue: Int?
    var queueWait: Milliseconds
    var queueWithinThreshold: Bool
}

/// What is kept of an ended contact for `endedContactMemory`: enough to recognise its repeats
/// and late steps, and to count a transfer out that only a later record reveals (Connect's
/// records are unordered: the new contact's record may come after the original's last one).
struct EndedContact: Equatable {
    var endedAt: EventTime
    var channel: Channel
    var queue: Int32
    /// Ended after an agent had it (handled), not in the queue.
    var wasWithAgent: Bool
    var transferCounted = false

    init(endedAt: EventTime, channel: Channel, queue: Int32, wasWithAgent: Bool, transferCounted: Bool) {
        self.endedAt = endedAt
        self.channel = channel
        self.queue = queue
        self.wasWithAgent = wasWithAgent
        self.transferCounted = transferCounted
    }

    init(endedAt: EventTime, _ contact: borrowing ContactRecord) {
        self.endedAt = endedAt
        channel = contact.channel
        queue = contact.queue.map(Int32.init) ?? -1
        wasWithAgent = contact.connectedAt != nil
    }

    var queueIndex: Int? { queue >= 0 ? Int(queue) : nil }
}
