import FloorCore
import FloorProtocol

/// One scope (a channel, or a queue) as the API serves it: `/v1/queues/{name}`, each member of
/// `channels` and `queues` in the snapshot.
///
/// Value type; thread-safe.
public struct ScopeDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case channel
        case inQueue = "in_queue"
        case callbacksInQueue = "callbacks_in_queue"
        case scheduled
        case oldestWaitSeconds = "oldest_wait_seconds"
        case agents, slots, backlog
        case serviceLevelTarget = "service_level_target"
        case serviceLevelThresholdSeconds = "service_level_threshold_seconds"
        case windows, today
        case currentInterval = "current_interval"
        case longestAvailable = "longest_available"
        // Members of `slots` and `backlog`.
        case capacity
        case inUse = "in_use"
        case count
        case oldestAgeSeconds = "oldest_age_seconds"
    }

    /// A window's figures under its label (`5m`, `15m`, `60m`).
    public struct LabelledWindow: Sendable, Equatable {
        public var label: String
        public var figures: WindowDocument
    }

    /// The queue's channel; nil for a channel scope (its name is its key).
    public var channel: Channel?
    public var inQueue = 0
    public var callbacksInQueue = 0
    public var scheduled = 0
    public var oldestWaitSeconds: Double?
    public var agents = AgentCountsDocument()
    public var slotCapacity = 0
    public var slotsInUse = 0
    public var backlogCount = 0
    public var backlogOldestAgeSeconds: Double?
    public var serviceLevelTarget: Double?
    public var serviceLevelThresholdSeconds: Double?
    /// Sliding windows, shortest first.
    public var windows: [LabelledWindow] = []
    /// Since local midnight in the site's zone (no wait percentiles or arrival series).
    public var today: WindowDocument?
    /// The quarter hour in progress.
    public var currentInterval: WindowDocument?
    public var longestAvailable: LongestAvailableDocument?

    public init() {}

    public func window(_ label: String) -> WindowDocument? { windows.first { $0.label == label }?.figures }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "scope")
        channel = try reader.channel(.channel)
        inQueue = try reader.count(.inQueue)
        callbacksInQueue = try reader.count(.callbacksInQueue)
        scheduled = try reader.count(.scheduled)
        oldestWaitSeconds = try reader.number(.oldestWaitSeconds)
        agents = try reader.document(.agents) ?? AgentCountsDocument()
        if let slots = reader.value(.slots) {
            let slots = try DocumentReader<Key>(slots, "slots")
            slotCapacity = try slots.count(.capacity)
            slotsInUse = try slots.count(.inUse)
        }
        if let backlog = reader.value(.backlog) {
            let backlog = try DocumentReader<Key>(backlog, "backlog")
            backlogCount = try backlog.count(.count)
            backlogOldestAgeSeconds = try backlog.number(.oldestAgeSeconds)
        }
        serviceLevelTarget = try reader.number(.serviceLevelTarget)
        serviceLevelThresholdSeconds = try reader.number(.serviceLevelThresholdSeconds)
        windows = try reader.namedDocuments(.windows, as: WindowDocument.self)
            .map { LabelledWindow(label: $0.name, figures: $0.document) }
            .sorted { Self.minutes($0.label) < Self.minutes($1.label) }
        today = try reader.document(.today)
        currentInterval = try reader.document(.currentInterval)
        longestAvailable = try reader.document(.longestAvailable)
    }

    public func write(into json: inout JSONObjectWriter) {
        if let channel { json.string(Key.channel, channel.name) }
        json.integer(Key.inQueue, inQueue)
        json.integer(Key.callbacksInQueue, callbacksInQueue)
        json.integer(Key.scheduled, scheduled)
        json.number(Key.oldestWaitSeconds, oldestWaitSeconds)
        json.document(Key.agents, agents)
        var slots = JSONObjectWriter()
        slots.integer(Key.capacity, slotCapacity)
        slots.integer(Key.inUse, slotsInUse)
        json.raw(Key.slots.rawValue, slots.finish())
        var backlog = JSONObjectWriter()
        backlog.integer(Key.count, backlogCount)
        backlog.number(Key.oldestAgeSeconds, backlogOldestAgeSeconds)
        json.raw(Key.backlog.rawValue, backlog.finish())
        json.number(Key.serviceLevelTarget, serviceLevelTarget)
        json.number(Key.serviceLevelThresholdSeconds, serviceLevelThresholdSeconds)
        var windowMembers = JSONObjectWriter()
        for window in windows { windowMembers.raw(window.label, window.figures.json) }
        json.raw(Key.windows.rawValue, windowMembers.finish())
        if let today { json.document(Key.today, today) }
        if let currentInterval { json.document(Key.currentInterval, currentInterval) }
        if let longestAvailable { json.document(Key.longestAvailable, longestAvailable) }
    }

    /// A figure by its API path below the scope (`in_queue`, `windows.15m.service_level`,
    /// `today.handled`, `agents.available`, `backlog.count`): what a layout's metric tile names.
    public func figure(_ path: String) -> Double? {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = Key(rawValue: parts[0]) else { return nil }
        let rest = parts.count > 1 ? parts[1] : nil
        switch (first, rest) {
        case (.inQueue, nil): return Double(inQueue)
        case (.callbacksInQueue, nil): return Double(callbacksInQueue)
        case (.scheduled, nil): return Double(scheduled)
        case (.oldestWaitSeconds, nil): return oldestWaitSeconds
        case (.serviceLevelTarget, nil): return serviceLevelTarget
        case (.serviceLevelThresholdSeconds, nil): return serviceLevelThresholdSeconds
        case (.agents, let name?): return agents.figure(name)
        case (.slots, Key.capacity.rawValue?): return Double(slotCapacity)
        case (.slots, Key.inUse.rawValue?): return Double(slotsInUse)
        case (.backlog, Key.count.rawValue?): return Double(backlogCount)
        case (.backlog, Key.oldestAgeSeconds.rawValue?): return backlogOldestAgeSeconds
        case (.today, let name?): return today?.figure(name)
        case (.currentInterval, let name?): return currentInterval?.figure(name)
        case (.windows, let rest?):
            let window = rest.split(separator: ".", maxSplits: 1).map(String.init)
            guard window.count == 2 else { return nil }
            return self.window(window[0])?.figure(window[1])
        default: return nil
        }
    }

    /// Orders window labels by length (`5m` before `15m` before `1h`).
    static func minutes(_ label: String) -> Int64 {
        EngineSettings.window(label: label) ?? .max
    }
}

/// The agent available longest on a channel: the next one a longest-idle router picks.
public struct LongestAvailableDocument: QueryDocument {
    public enum Key: String, DocumentKey { case id, name, since }

    public var id: String
    public var name: String?
    public var since: EventTime

    public init(id: String, name: String?, since: EventTime) {
        self.id = id
        self.name = name
        self.since = since
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "longest_available")
        id = try reader.string(.id)
        name = try reader.optionalString(.name)
        since = try reader.time(.since) ?? EventTime(milliseconds: 0)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.id, id)
        if let name { json.string(Key.name, name) }
        json.time(Key.since, since)
    }
}

/// Agents by state, in a scope or on the whole floor (`known`, floor only: every agent seen).
public struct AgentCountsDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case known, staffed, available
        case onContact = "on_contact"
        case afterContactWork = "after_contact_work"
        case away
        case awayByReason = "away_by_reason"
        case offline
    }

    public var known: Int?
    public var staffed = 0
    public var available = 0
    public var onContact = 0
    public var afterContactWork = 0
    public var away = 0
    public var awayByReason: [String: Int64] = [:]
    public var offline = 0

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "agents")
        known = reader.value(.known) == nil ? nil : try reader.count(.known)
        staffed = try reader.count(.staffed)
        available = try reader.count(.available)
        onContact = try reader.count(.onContact)
        afterContactWork = try reader.count(.afterContactWork)
        away = try reader.count(.away)
        awayByReason = try reader.counts(.awayByReason)
        offline = try reader.count(.offline)
    }

    public func write(into json: inout JSONObjectWriter) {
        if let known { json.integer(Key.known, known) }
        json.integer(Key.staffed, staffed)
        json.integer(Key.available, available)
        json.integer(Key.onContact, onContact)
        json.integer(Key.afterContactWork, afterContactWork)
        json.integer(Key.away, away)
        json.counts(Key.awayByReason, awayByReason)
        json.integer(Key.offline, offline)
    }

    func figure(_ name: String) -> Double? {
        switch Key(rawValue: name) {
        case .known: known.map(Double.init)
        case .staffed: Double(staffed)
        case .available: Double(available)
        case .onContact: Double(onContact)
        case .afterContactWork: Double(afterContactWork)
        case .away: Double(away)
        case .offline: Double(offline)
        case .awayByReason, nil: nil
        }
    }
}

extension AgentCountsDocument {
    public init(_ counts: AgentCounts, known: Int? = nil) {
        self.known = known
        staffed = counts.staffed
        available = counts.available
        onContact = counts.onContact
        afterContactWork = counts.afterContactWork
        away = counts.away
        awayByReason = counts.awayByReason.mapValues(Int64.init)
        offline = counts.offline
    }
}

extension ScopeDocument {
    /// The API's view of one engine scope; `includeChannel` for queues (a channel is its own key).
    public init(_ scope: ScopeSnapshot, includeChannel: Bool) {
        channel = includeChannel ? (scope.channel ?? .voice) : nil
        inQueue = scope.inQueue
        callbacksInQueue = scope.callbacksInQueue
        scheduled = scope.scheduled
        oldestWaitSeconds = scope.oldestWait.map { Double($0) / 1000 }
        agents = AgentCountsDocument(scope.agents)
        slotCapacity = scope.slots.capacity
        slotsInUse = scope.slots.inUse
        backlogCount = scope.backlog.count
        backlogOldestAgeSeconds = scope.backlog.oldestAge.map { Double($0) / 1000 }
        serviceLevelTarget = scope.goal?.target
        serviceLevelThresholdSeconds = scope.goal.map { Double($0.threshold) / 1000 }
        windows = scope.windows.map { LabelledWindow(label: $0.label, figures: WindowDocument($0, goal: scope.goal)) }
        today = scope.today.map { WindowDocument($0, goal: scope.goal) }
        currentInterval = scope.currentInterval.map { WindowDocument($0, goal: scope.goal) }
        longestAvailable = scope.longestAvailable.map {
            LongestAvailableDocument(id: $0.id, name: $0.name, since: $0.since)
        }
    }
}
