/// One agent as people see it on a wallboard or in a WFM tool. Value type; thread-safe.
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

    /// What moves with the agent's contacts, kept in the entry itself.
    public var activity: Activity
    /// When the agent's activity (what the board shows: on contact, after-contact work,
    /// available, away, error, offline) last changed.
    public var since: EventTime
    public var inUse: PerChannel<Int>
    public var contacts: [String]
    /// Since local midnight in the site's zone; nil when the snapshot was given no day start.
    public var today: AgentFigures? = nil
    /// Over each of the engine's windows, to the minute (`AgentRecentMinutes`).
    public var windows: [AgentWindow] = []
    /// The rest (who the agent is, its profile and status), which changes far less often, in one
    /// immutable box that consecutive snapshots share while it is equal: an agent's entry was 312
    /// bytes in every published snapshot, half of it the same from one snapshot to the next.
    /// (Its figures accrue time with the clock, so they stay in the entry.)
    private(set) var details: Details

    /// The agent's slower-moving figures (`AgentSnapshot.details`). Immutable; thread-safe.
    final class Details: Sendable, Equatable {
        struct Fields: Sendable, Equatable {
            var id: String
            var source: SourceID
            var name: String?
            var team: String?
            var reason: String?
            var statusSince: EventTime
            var slots: PerChannel<Int>
            var nextStatus: AgentStatus?
            var lastContactEnded: EventTime?
        }

        let fields: Fields

        init(_ fields: Fields) { self.fields = fields }

        static func == (lhs: Details, rhs: Details) -> Bool { lhs === rhs || lhs.fields == rhs.fields }
    }

    init(
        id: String, source: SourceID, name: String?, team: String?, activity: Activity, reason: String?,
        since: EventTime, statusSince: EventTime, slots: PerChannel<Int>, inUse: PerChannel<Int>, contacts: [String],
        nextStatus: AgentStatus?, today: AgentFigures? = nil, windows: [AgentWindow] = [],
        lastContactEnded: EventTime? = nil
    ) {
        self.init(
            activity: activity, since: since, inUse: inUse, contacts: contacts, today: today, windows: windows,
            details: Details(
                Details.Fields(
                    id: id, source: source, name: name, team: team, reason: reason, statusSince: statusSince,
                    slots: slots, nextStatus: nextStatus, lastContactEnded: lastContactEnded)))
    }

    init(
        activity: Activity, since: EventTime, inUse: PerChannel<Int>, contacts: [String], today: AgentFigures?,
        windows: [AgentWindow], details: Details
    ) {
        self.activity = activity
        self.since = since
        self.inUse = inUse
        self.contacts = contacts
        self.today = today
        self.windows = windows
        self.details = details
    }

    private mutating func change(_ body: (inout Details.Fields) -> Void) {
        var fields = details.fields
        body(&fields)
        details = Details(fields)
    }

    public var id: String {
        get { details.fields.id }
        set { change { $0.id = newValue } }
    }
    public var source: SourceID {
        get { details.fields.source }
        set { change { $0.source = newValue } }
    }
    public var name: String? {
        get { details.fields.name }
        set { change { $0.name = newValue } }
    }
    public var team: String? {
        get { details.fields.team }
        set { change { $0.team = newValue } }
    }
    /// The away reason (lunch, training), when away.
    public var reason: String? {
        get { details.fields.reason }
        set { change { $0.reason = newValue } }
    }
    /// When the agent's chosen status (Available, Lunch, Offline) last changed: an agent
    /// Available since 08:00 on a call since 10:58 is "on contact since 10:58, Available since 08:00".
    public var statusSince: EventTime {
        get { details.fields.statusSince }
        set { change { $0.statusSince = newValue } }
    }
    public var slots: PerChannel<Int> {
        get { details.fields.slots }
        set { change { $0.slots = newValue } }
    }
    /// The status the agent takes once the work in hand is done; no new contacts meanwhile.
    public var nextStatus: AgentStatus? {
        get { details.fields.nextStatus }
        set { change { $0.nextStatus = newValue } }
    }
    /// When the agent's last contact ended (after-contact work included); nil before the first.
    public var lastContactEnded: EventTime? {
        get { details.fields.lastContactEnded }
        set { change { $0.lastContactEnded = newValue } }
    }
}

/// A contact waiting in a queue. Value type; thread-safe.
public struct WaitingContactSnapshot: Sendable, Equatable {
    public var id: String
    public var queue: String
    public var channel: Channel
    /// 1 = next to be answered in its queue (oldest first).
    public var position: Int
    public var wait: Milliseconds
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
