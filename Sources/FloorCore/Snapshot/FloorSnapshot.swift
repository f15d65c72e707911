/// An immutable view of the whole floor at one instant: every figure in it comes from one state
/// of the engine. An immutable class (a reader holds it with one retain); thread-safe; published
/// to readers by `SnapshotPublisher`.
public final class FloorSnapshot: Sendable {
    /// Increases by one with every snapshot the engine builds.
    public let sequence: UInt64
    /// The engine's "now" when the snapshot was built.
    public let generatedAt: EventTime
    public let clock: ClockMode
    public let overall: ScopeSnapshot
    public let channels: PerChannel<ScopeSnapshot>
    /// Queues by name, as the source gives it.
    public let queues: [String: ScopeSnapshot]
    public let sources: [SourceSnapshot]
    /// Everything counted since the engine started (never decreases).
    public let lifetime: WindowCounts
    public let openContacts: Int
    public let knownAgents: Int
    /// Every known agent, by source then id.
    public let agents: [AgentSnapshot]
    /// Contacts waiting now, longest wait first.
    public let waiting: WaitingList
    /// Recent abandons, newest first (retention in `EngineSettings`).
    public let abandoned: [AbandonedContactSnapshot]
    /// Completed quarter hours of the last 26 hours that saw anything, oldest first.
    public let intervals: [IntervalSnapshot]

    public init(
        sequence: UInt64, generatedAt: EventTime, clock: ClockMode, overall: ScopeSnapshot,
        channels: PerChannel<ScopeSnapshot>, queues: [String: ScopeSnapshot], sources: [SourceSnapshot],
        lifetime: WindowCounts, openContacts: Int, knownAgents: Int, agents: [AgentSnapshot] = [],
        waiting: WaitingList = [], abandoned: [AbandonedContactSnapshot] = [],
        intervals: [IntervalSnapshot] = []
    ) {
        self.sequence = sequence
        self.generatedAt = generatedAt
        self.clock = clock
        self.overall = overall
        self.channels = channels
        self.queues = queues
        self.sources = sources
        self.lifetime = lifetime
        self.openContacts = openContacts
        self.knownAgents = knownAgents
        self.agents = agents
        self.waiting = waiting
        self.abandoned = abandoned
        self.intervals = intervals
    }

    /// An empty floor (before the first event).
    public static func empty(settings: EngineSettings, at time: EventTime) -> FloorSnapshot {
        let scope = { (channel: Channel?) in
            ScopeSnapshot.empty(
                channel: channel, goal: channel.map { settings.channelGoals[$0] }, windows: settings.windows)
        }
        return FloorSnapshot(
            sequence: 0, generatedAt: time, clock: settings.clock, overall: scope(nil),
            channels: PerChannel { scope($0) }, queues: [:], sources: [], lifetime: WindowCounts(),
            openContacts: 0, knownAgents: 0)
    }
}

/// The figures of one scope: overall, a channel or a queue, read as `scope.inQueue`,
/// `scope.windows`, … (`ScopeFigures`). Boxed: the figures are 432 bytes, and a snapshot's
/// dictionary of queues held them inline in every slot of the published dictionary and of the
/// next one built from it (1.5 KB a queue on a 10,000-queue floor); boxed, a slot is a reference
/// and an unchanged queue's figures are one box shared by consecutive snapshots. Copy on write.
///
/// Value type; thread-safe (the box is changed in place only while uniquely referenced).
@dynamicMemberLookup
public struct ScopeSnapshot: Sendable, Equatable {
    final class Box: @unchecked Sendable {
        var figures: ScopeFigures
        init(_ figures: ScopeFigures) { self.figures = figures }
    }

    private var box: Box

    public init(_ figures: ScopeFigures) { box = Box(figures) }

    public var figures: ScopeFigures { box.figures }

    public subscript<Value>(dynamicMember path: KeyPath<ScopeFigures, Value>) -> Value {
        box.figures[keyPath: path]
    }

    public subscript<Value>(dynamicMember path: WritableKeyPath<ScopeFigures, Value>) -> Value {
        get { box.figures[keyPath: path] }
        set {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.figures) }
            box.figures[keyPath: path] = newValue
        }
        // In place: `scope.windows[1] = …` changes the box's array, not a copy of it.
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.figures) }
            yield &box.figures[keyPath: path]
        }
    }

    /// Whether both hold the very same box (figures shared between snapshots).
    func sharesFigures(with other: ScopeSnapshot) -> Bool { box === other.box }

    public static func == (left: ScopeSnapshot, right: ScopeSnapshot) -> Bool {
        left.box === right.box || left.box.figures == right.box.figures
    }

    public static func empty(channel: Channel?, goal: ServiceLevelGoal?, windows: [Milliseconds]) -> ScopeSnapshot {
        ScopeSnapshot(
            ScopeFigures(
                channel: channel, inQueue: 0, oldestWait: nil, agents: AgentCounts(), slots: SlotCounts(),
                backlog: Backlog(), goal: goal,
                windows: windows.map {
                    WindowSnapshot(
                        length: $0, counts: WindowCounts(), definition: goal?.definition ?? .connect,
                        waitP50: nil, waitP90: nil, waitP99: nil, waitMax: nil, arrivalsPerMinute: [])
                }))
    }

    public func window(_ label: String) -> WindowSnapshot? { box.figures.window(label) }
}

/// The figures of one scope: overall, a channel or a queue (`ScopeSnapshot` holds them boxed).
/// Value type; thread-safe.
public struct ScopeFigures: Sendable, Equatable {
    /// The queue's channel; nil for the overall scope.
    public var channel: Channel?
    public var inQueue: Int
    /// Of `inQueue`, the queued callbacks (Connect counts them in the queue; the customer is not
    /// on the line).
    public var callbacksInQueue = 0
    /// Contacts created for the queue that join it later: callbacks (and tasks) scheduled for a
    /// future time (Connect's "Scheduled"). Not in `inQueue`.
    public var scheduled = 0
    /// How long the longest-waiting contact has waited; nil when nobody waits.
    public var oldestWait: Milliseconds?
    public var agents: AgentCounts
    public var slots: SlotCounts
    /// Items not yet answered (queued or offered), with the age of the oldest. Meaningful for
    /// email and tasks; for live channels it equals the queue.
    public var backlog: Backlog
    public var goal: ServiceLevelGoal?
    public var windows: [WindowSnapshot]
    /// Since local midnight in the site's zone (`makeSnapshot(dayStart:)`), by the same
    /// definitions as the windows (no wait percentiles: the day's intervals keep sums, not
    /// samples); nil when no day start was given.
    public var today: WindowSnapshot?
    /// The quarter hour in progress (UTC-aligned, so a quarter hour in every zone), so far.
    public var currentInterval: WindowSnapshot?
    /// Channel scopes: the agent available the longest who can take the channel (the next one
    /// a longest-idle router picks), and since when.
    public var longestAvailable: LongestAvailableAgent?

    public func window(_ label: String) -> WindowSnapshot? { windows.first { $0.label == label } }
}

/// The agent available the longest for a channel. Value type; thread-safe.
public struct LongestAvailableAgent: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var since: EventTime
}

public struct AgentCounts: Sendable, Equatable {
    /// Logged in and not away.
    public var staffed = 0
    /// Could be routed a contact of this scope now.
    public var available = 0
    public var onContact = 0
    public var afterContactWork = 0
    public var away = 0
    public var awayByReason: [String: Int] = [:]
    public var offline = 0

    public init() {}
}

public struct SlotCounts: Sendable, Equatable {
    public var capacity = 0
    public var inUse = 0

    public init() {}
}

public struct Backlog: Sendable, Equatable {
    public var count = 0
    public var oldestAge: Milliseconds?

    public init() {}
}

/// Health and error figures of one source.
public struct SourceSnapshot: Sendable, Equatable {
    public var id: SourceID
    public var name: String
    public var format: String
    /// The platform instance whose identity it shares with other sources (`connect:default`).
    public var instance: String
    public var events: Int64
    public var bytes: Int64
    public var anomalies: [String: Int64]
    /// Rejected inputs by reason: malformed, too long, from a peer not allowed.
    public var decodeErrors: [String: Int64]
    /// Well-formed inputs with nothing to apply, by reason (system records, unused event types):
    /// normal traffic, never an error.
    public var ignored: [String: Int64]
    public var latestEventTime: EventTime?
    public var lastReceivedAt: EventTime?
    public var lateEvents: Int64
    public var maximumLateness: Milliseconds
    public var lastLateness: Milliseconds
    /// For outgoing subscriptions: connection state and how often it reconnected.
    public var status: String?
    public var reconnects: Int64
}
