/// One agent as people see it on a wallboard or in a WFM tool. Value type; thread-safe.
///
/// Who the agent is, its profile and its status (`Details`, read as the entry's own properties:
/// `agent.id`, `agent.name`) are one immutable box that consecutive snapshots share while it is
/// equal; its figures of the day and of each window are a second box (`AgentFigureSet`), compact
/// and shared while it predicts them (it is read at the snapshot's moment). What is left in the
/// entry changes with the agent's activity:
/// 48 bytes a snapshot, so a published list of 20,000 agents is under a megabyte.
@dynamicMemberLookup
public struct AgentSnapshot: Sendable, Equatable {
    public enum Activity: String, Sendable {
        /// A missed, rejected or failed contact waits to be cleared (Connect's Error).
        case error
        case available
        case onContact = "on_contact"
        case afterContactWork = "after_contact_work"
        /// A contact is being offered (ringing); Connect's Incoming, below after-contact work.
        case incoming
        case away
        case offline
    }

    /// The agent's slower-moving facts.
    public struct Details: Sendable, Equatable {
        public var id: String
        public var source: SourceID
        public var name: String?
        public var team: String?
        /// The away reason (lunch, training), when away.
        public var reason: String?
        /// When the agent's chosen status (Available, Lunch, Offline) last changed: an agent
        /// Available since 08:00 on a call since 10:58 is "on contact since 10:58, Available since
        /// 08:00".
        public var statusSince: EventTime
        /// Slots per channel (at most 10: `RoutingProfile`), narrow in the shared box.
        var slotCounts: PerChannel<UInt8>
        /// The status the agent takes once the work in hand is done; no new contacts meanwhile.
        public var nextStatus: AgentStatus?
        /// When the agent's last contact ended (after-contact work included); nil before the first.
        public var lastContactEnded: EventTime?

        public var slots: PerChannel<Int> {
            get { PerChannel { Int(slotCounts[$0]) } }
            set { slotCounts = PerChannel { UInt8(clamping: newValue[$0]) } }
        }
    }

    /// The box consecutive snapshots share. Immutable; thread-safe.
    final class SharedDetails: Sendable, Equatable {
        let details: Details

        init(_ details: Details) { self.details = details }

        static func == (lhs: SharedDetails, rhs: SharedDetails) -> Bool {
            lhs === rhs || lhs.details == rhs.details
        }
    }

    /// When the agent's activity (what the board shows: on contact, after-contact work,
    /// available, away, error, offline) last changed.
    public var since: EventTime
    public var contacts: [String]
    // Internal, so the entry is made by its memberwise initializer (the engine's, in this module).
    var figures: AgentFigureReading
    // After the reading's 12 bytes, in its padding: the entry stays 48 bytes.
    public var activity: Activity
    var shared: SharedDetails
    /// Contacts in hand per channel, narrow (a few slots each; clamped at 65,535).
    var inUseCounts: PerChannel<UInt16>

    public var inUse: PerChannel<Int> {
        get { PerChannel { Int(inUseCounts[$0]) } }
        set { inUseCounts = PerChannel { UInt16(clamping: newValue[$0]) } }
    }

    /// Since local midnight in the site's zone; nil when the snapshot was given no day start.
    public var today: AgentFigures? {
        get { figures.today }
        set { figures = AgentFigureReading(figureSet: .make(today: newValue, windows: windows), elapsed: 0) }
    }

    /// Over each of the engine's windows, to the minute (`AgentRecentMinutes`).
    public var windows: [AgentWindow] {
        get { figures.windows }
        set { figures = AgentFigureReading(figureSet: .make(today: today, windows: newValue), elapsed: 0) }
    }

    public var details: Details {
        get { shared.details }
        set { shared = SharedDetails(newValue) }
    }

    public subscript<Value>(dynamicMember path: WritableKeyPath<Details, Value>) -> Value {
        get { shared.details[keyPath: path] }
        set { details[keyPath: path] = newValue }
    }
}

/// A contact waiting in a queue. Value type; thread-safe.
///
/// 48 bytes, not 56: a snapshot holds one per caller waiting (100,000 in a large backlog).
public struct WaitingContactSnapshot: Sendable, Equatable {
    public var id: String
    public var queue: String
    public var wait: Milliseconds
    var positionNumber: UInt32
    public var channel: Channel

    public init(id: String, queue: String, channel: Channel, position: Int, wait: Milliseconds) {
        self.id = id
        self.queue = queue
        self.wait = wait
        positionNumber = UInt32(clamping: position)
        self.channel = channel
    }

    /// 1 = next to be answered in its queue (oldest first).
    public var position: Int {
        get { Int(positionNumber) }
        set { positionNumber = UInt32(clamping: newValue) }
    }
}

/// A recent abandon, for the callback worklist. The caller id is masked as configured.
public struct AbandonedContactSnapshot: Sendable, Equatable {
    public var id: String
    public var queue: String
    public var channel: Channel
    public var caller: String?
    public var wait: Milliseconds
    public var abandonedAt: EventTime
}

/// Masks a caller id for lists people see: keeps the first `keepStart` and last `keepEnd`
/// characters and replaces the rest with `*` (`+61400000042` → `+61*******042`).
public func maskCallerID(_ caller: String, keepStart: Int = 3, keepEnd: Int = 3) -> String {
    let characters = Array(caller)
    guard characters.count > keepStart + keepEnd else { return String(repeating: "*", count: characters.count) }
    return String(characters.prefix(keepStart)) + String(repeating: "*", count: characters.count - keepStart - keepEnd)
        + String(characters.suffix(keepEnd))
}
