/// The engine's whole state as an immutable value: contacts, agents, sources, queues, ended
/// contacts, the windows and the 26-hour interval ledger.
///
/// Taken on the engine loop by copying (`FloorEngine.checkpoint()`, a few milliseconds even for
/// 100,000 open contacts); encoded and written elsewhere (`encoded()`); restored into a fresh
/// engine before any source registers (`FloorEngine.restore(_:)`). Keys are stored by source,
/// namespace and id and re-hashed on restore (the hash is seeded per process).
public struct EngineCheckpoint: Sendable {
    /// Bumped whenever the encoding changes: a newer file is refused, never guessed at; the
    /// previous format is read and brought up to date (`readableVersions`).
    public static let formatVersion: UInt32 = 7

    /// Format 3 rows lack the additional service-level thresholds' counters: read with those at 0.
    /// Format 4 lacks the agents' slot time of the day and their minutes: read with none.
    /// Format 5 keeps an agent's minutes as a ring of rows, read as runs; formats before 7 keep
    /// a bucket's wait samples as a list of bins, read as such (counted when long).
    public static let readableVersions: Set<UInt32> = [3, 4, 5, 6, 7]

    struct Key: Sendable, Equatable {
        var source: UInt16
        var namespace: UInt16
        var id: String

        init(_ key: EntityKey) {
            source = key.source.index
            namespace = key.namespace
            id = key.id
        }

        var entityKey: EntityKey { EntityKey(source: SourceID(source), namespace: namespace, id: id) }
    }

    /// The engine's clock when it was taken: the windows resume from here and age on the clock.
    public internal(set) var now: EventTime?
    var snapshotSequence: UInt64 = 0
    var lastMaintenance: EventTime?
    var sources: [SourceRecord?] = []
    var unattributed = SourceRecord(name: "unattributed", format: nil, instance: "unattributed")
    var sourceNamespaces: [UInt16] = []
    var namespaceIDs: [String: UInt16] = [:]
    var queueNames: [String] = []
    var queueChannels: [Channel] = []
    var queuePlatforms: [SourceFormat.Platform?] = []
    /// Every name a queue is looked up by (its own and its platform ids), with its index.
    var queueLookups: [(name: String, index: Int)] = []
    var queueAliases: [(id: String, name: String)] = []
    var contacts: [(Key, ContactRecord)] = []
    var endedContacts: [(Key, EndedContact)] = []
    /// Each source's ended contacts in the order they ended (older checkpoints: all in one order).
    var endedOrder: [(Key, EventTime)] = []
    var exitedLegs: [(Key, ExitedLeg)] = []
    var agents: [(Key, AgentRecord)] = []
    /// Each agent's figures of the day, in the agents' order, and the day they count.
    var agentDays: [AgentDay] = []
    /// Each agent's last minutes, in the agents' order (format 5 on).
    var agentRecent: [AgentRecentMinutes] = []
    var currentDayStart: EventTime?
    var recentAbandons: [AbandonedContactSnapshot] = []
    var lifetime: [Int64] = []
    var scopes: [ScopeWindowsState] = []

    public var openContacts: Int { contacts.count }
    public var knownAgents: Int { agents.count }
}

extension EngineCheckpoint {
    /// The windows' clock is each scope's current bucket (all scopes share it).
    var currentBucket: Int64? {
        guard let current = scopes.first?.current, current != Int64.min else { return nil }
        return current
    }
}
