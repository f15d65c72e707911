/// The single writer: applies canonical events to contact and agent state and to the sliding
/// windows, and builds immutable snapshots for readers.
///
/// Pure: "now" is always a parameter (ignored in event-time mode, where the clock follows the
/// newest event). Not thread-safe by design: exactly one thread owns an engine. Readers never
/// touch it; they load the `FloorSnapshot` it publishes through `SnapshotPublisher`.
public final class FloorEngine {
    // Stored state is `@exclusivity(unchecked)`: one thread owns the engine and no method hands
    // out overlapping inout access, so the runtime's dynamic exclusivity checks (about a tenth of
    // the apply path's time, measured) guard nothing here. The compiler's static checks remain.
    @exclusivity(unchecked) public private(set) var settings: EngineSettings
    /// The engine's clock: the last wall time given, or the newest event time in event mode.
    @exclusivity(unchecked) public internal(set) var now: EventTime?

    /// Sized for a large floor from the start (growing rehashes every entry): a few hundred open
    /// contacts, and the contacts ended within `endedContactMemory` (15 minutes: a few thousand
    /// on a 250-agent floor).
    let contacts = EntityTable<ContactRecord>(minimumCapacity: 1_024)
    /// Ended contacts by key, with their end time, to recognise duplicates and late steps.
    let endedContacts = EntityTable<EndedContact>(minimumCapacity: 8_192)
    /// Callers who left a queue without an agent and may continue in another (`ExitedLeg`).
    @exclusivity(unchecked) var exitedLegs: [EntityKey: ExitedLeg] = [:]
    /// Ended contacts in the order they ended, per source (`EndedContactOrder`).
    @exclusivity(unchecked) var endedOrder = EndedContactOrder()
    /// Agents live in an array; the dictionary maps (source, id) to their slot, so an event hashes
    /// an agent's key once and then works on the record in place.
    @exclusivity(unchecked) var agentIndex: [EntityKey: Int] = [:]
    @exclusivity(unchecked) var agentRecords: [AgentRecord] = []
    @exclusivity(unchecked) var agentKeys: [EntityKey] = []
    /// Each agent's figures since local midnight, by the agents' slots (`AgentDay`).
    @exclusivity(unchecked) var agentDays: [AgentDay] = []
    /// Each agent's last hour minute by minute, for its windows (`AgentRecentMinutes`).
    @exclusivity(unchecked) var agentRecent: [AgentRecentMinutes] = []
    /// The local midnight the last snapshot was given: the day agents' figures count from.
    @exclusivity(unchecked) var currentDayStart: EventTime?
    /// Where that day ends, when a `siteCalendar` says.
    @exclusivity(unchecked) var currentDayEnd: EventTime?
    /// The site's local days: with one, the engine finds the day of each fact itself (a fact after
    /// midnight counts in the new day even before the next snapshot, and an engine on the event
    /// clock counts its first facts in their day); without one, the day is the snapshots' `dayStart`.
    public var siteCalendar: (any SiteCalendar)? {
        didSet { hasSiteCalendar = siteCalendar != nil }
    }
    /// Asked on every agent's accrual instead of `siteCalendar` itself: reading the existential
    /// copies it through its value witnesses, even when there is none.
    private(set) var hasSiteCalendar = false
    /// Recent abandons for the callback worklist, oldest first (bounded by the settings).
    @exclusivity(unchecked) var recentAbandons: [AbandonedContactSnapshot] = []
    @exclusivity(unchecked) var queueNames: [String] = []
    /// By the name's stored hash (`EntityKey(queue:)`): a `String` key would be SipHashed on
    /// every queued and connected event.
    @exclusivity(unchecked) var queueIndex: [EntityKey: Int] = [:]
    @exclusivity(unchecked) var queueChannel: [Channel] = []
    /// Queue ids by the name the platform gives them (`Event.Body.queueNamed`).
    @exclusivity(unchecked) var queueAliases: [EntityKey: String] = [:]
    @exclusivity(unchecked) var queueGoal: [ServiceLevelGoal] = []
    @exclusivity(unchecked) var queueShortAbandon: [Milliseconds] = []
    /// The platform that first named each queue: its service-level definition is the default.
    @exclusivity(unchecked) var queuePlatform: [SourceFormat.Platform?] = []
    /// The source whose event is being applied (a new queue takes its platform's definitions),
    /// and its identity namespace, looked up only when the source changes (a batch is one source).
    @exclusivity(unchecked) var applyingSource = SourceID.unattributed
    @exclusivity(unchecked) var applyingNamespace: UInt16 = 0
    /// Indexed by `SourceID.index`: an array lookup per event instead of a hash.
    @exclusivity(unchecked) var sources: [SourceRecord?] = []
    /// Events no ingest path attributed (`SourceID.unattributed`): shown apart, never as a source
    /// (listed only once it has seen something).
    @exclusivity(unchecked) var unattributedSource = SourceRecord(
        name: "unattributed", format: nil, instance: "unattributed")
    /// Per source index, the identity namespace its contacts and agents are keyed in: sources of
    /// one platform instance share one (`registerSource`).
    @exclusivity(unchecked) var sourceNamespaces: [UInt16] = []
    /// Registered sources by name, and the namespaces by instance name.
    @exclusivity(unchecked) var sourceIDs: [String: SourceID] = [:]
    @exclusivity(unchecked) var namespaceIDs: [String: UInt16] = [:]
    let windows: WindowedMetrics
    /// Totals since start, by `WindowField`: raw memory, as the windows' rows are, because the
    /// apply path adds to it several times per event (an array would check its uniqueness each time).
    let lifetimeCounts = UnsafeMutablePointer<Int64>.allocate(capacity: WindowField.count)
    var lifetime: WindowCounts {
        WindowCounts(values: Array(UnsafeBufferPointer(start: lifetimeCounts, count: WindowField.count)))
    }
    @exclusivity(unchecked) var snapshotSequence: UInt64 = 0
    @exclusivity(unchecked) var lastMaintenance: EventTime?
    /// What each scope's wait percentiles (`waitFigures`) and arrivals per minute
    /// (`arrivalsPerMinute`) were last computed from, by scope index: computed again only when
    /// the scope gained a wait or an arrival or the clock moved a bucket, and taken from the last
    /// published windows in between (a quiet queue's figures are one copy, not one per snapshot
    /// and a second in a cache).
    @exclusivity(unchecked) var waitsBuilt: [BuiltFrom?] = []
    @exclusivity(unchecked) var arrivalsBuilt: [BuiltFrom?] = []
    /// Each scope's window snapshots, today and current quarter hour as last published, by scope
    /// index, and each agent's windows and facts by agent slot: a snapshot whose figures are
    /// equal takes these (`sharedWithPublished`), so consecutive snapshots share one copy of what
    /// did not change instead of holding one each.
    @exclusivity(unchecked) var publishedScopeWindows: [PublishedScopeWindows] = []
    @exclusivity(unchecked) var publishedAgents: [PublishedAgent] = []
    /// Routing profiles' queue lists, one copy for the agents that share one.
    var profileQueueLists = ProfileQueueLists()
    /// Scratch for one agent's window figures while its entry is built (no array per agent).
    var agentWindowFigures: [CompactAgentFigures] = []
    /// The last snapshot's queues: the next one changes only the queues whose figures moved, so
    /// snapshots of a quiet floor share one dictionary (7 MB at 10,000 queues) instead of each
    /// holding one built afresh. A queue renamed (`nameQueue`) leaves it under its old name.
    @exclusivity(unchecked) var publishedQueues: [String: ScopeSnapshot] = [:]
    /// The per-queue gauges' storage, kept between snapshots (`GaugeBuilder`).
    @exclusivity(unchecked) var gaugeStorage: [ScopeGauges] = []
    /// Agent slots in the order snapshots list agents (source, then id), sorted again when the
    /// number of agents changes; emptied when an agent is forgotten (the last slot's agent takes
    /// its slot) or agents are restored.
    @exclusivity(unchecked) var agentListOrder: [Int] = []
    /// Completed intervals, rebuilt when a quarter hour ends or a minute has passed (late events).
    @exclusivity(unchecked) var cachedIntervals: (builtAt: EventTime, current: Int64, intervals: [IntervalSnapshot])?
    /// Per scope, the day's completed quarter hours summed (today = this + the one in progress),
    /// rebuilt when the quarter hour or the day changes, or a minute has passed (late events).
    @exclusivity(unchecked) var cachedDay:
        (dayStart: EventTime, current: Int64, builtAt: EventTime, sums: [WindowCounts])?

    public init(settings: EngineSettings = EngineSettings()) {
        self.settings = settings
        windows = WindowedMetrics(settings: settings)
        lifetimeCounts.initialize(repeating: 0, count: WindowField.count)
        learnConfiguredAliases()
    }

    deinit { lifetimeCounts.deallocate() }

    /// Changes thresholds and queue metadata without losing state (a reload). Window sizes and
    /// the bucket width cannot change while running.
    public func updateSettings(_ newSettings: EngineSettings) {
        var merged = newSettings
        merged.bucketWidth = settings.bucketWidth
        merged.windows = settings.windows
        settings = merged
        // The limits may admit queues the cached lists sent to the overflow queue.
        profileQueueLists.forget()
        for index in queueNames.indices { resolveQueueSettings(index) }
        learnConfiguredAliases()
    }

    // MARK: Applying

    /// Applies a batch of events in order. `wallNow` is the caller's clock (ignored in event mode).
    /// The concrete overloads keep the hot loop specialised across module boundaries.
    public func apply(_ events: ArraySlice<Event>, wallNow: EventTime) {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        // Each event is copied (the caller keeps its batch); the ingest path drains instead.
        for event in events { applyOne(event, wallNow: wallNow) }
    }

    /// Applies a batch and empties it (keeping its capacity), as the ingest path does with every
    /// read. The fastest form: each event is moved out rather than copied, so taking its payload
    /// apart costs no outlined copy of the whole enum (a tenth of apply, measured).
    public func apply(draining events: inout [Event], wallNow: EventTime) {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        events.withUnsafeMutableBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return }
            for index in buffer.indices {
                let event = (first + index).move()
                // A trivial value holds the place until the removal below.
                (first + index).initialize(to: Event(time: event.time, body: .heartbeat))
                applyOne(event, wallNow: wallNow)
            }
        }
        events.removeAll(keepingCapacity: true)
    }

    public func apply(_ events: [Event], wallNow: EventTime) {
        apply(events[...], wallNow: wallNow)
    }

    public func apply<Events: Sequence>(_ events: Events, wallNow: EventTime) where Events.Element == Event {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        for event in events { applyOne(event, wallNow: wallNow) }
    }

    public func apply(_ event: Event, wallNow: EventTime) {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        applyOne(event, wallNow: wallNow)
    }

    private func applyOne(_ event: consuming Event, wallNow: EventTime) {
        let source = event.source
        if source != applyingSource {
            applyingSource = source
            applyingNamespace = namespace(of: source)
        }
        let time = admit(event.time, source: source, wallNow: wallNow)
        // Consumed, so the payload is moved out, not copied (an outlined copy of the whole
        // enum per event was a tenth of apply).
        switch (consume event).body {
        case .contact(let id, let change):
            applyContact(EntityKey(source: source, namespace: applyingNamespace, id: id), change, at: time)
        case .agent(let id, let change):
            applyAgent(EntityKey(source: source, namespace: applyingNamespace, id: id), change, at: time)
        case .heartbeat:
            break
        case .queueNamed(let id, let name):
            nameQueue(id: id, name: name)
        case .reconcile(let statement):
            reconcile(statement, source: source, at: time)
        }
    }

    /// The source's traffic figures and the clock, for an event at `time`; returns the time the
    /// event is applied at (a future time on the wall clock is clamped to now).
    @inline(__always)
    private func admit(_ time: EventTime, source id: SourceID, wallNow: EventTime) -> EventTime {
        withSource(id) { source in
            source.events += 1
            // On the event clock "received" is measured on that clock too, so ages stay meaningful.
            source.lastReceivedAt = settings.clock == .wall ? wallNow : max(now ?? time, time)
            if let latest = source.latestEventTime, time < latest {
                // Lateness is measured against the source's own newest event, never the wall clock.
                let lateness = latest - time
                source.lateEvents += 1
                source.lastLateness = lateness
                source.maximumLateness = max(source.maximumLateness, lateness)
            } else {
                source.latestEventTime = time
            }
        }
        if settings.clock == .event {
            advanceClock(to: time)
        } else if let now, time > now + settings.futureTolerance {
            count(.futureTimestamp, source: id)
            return now
        }
        return time
    }

    func advanceClock(to time: EventTime) {
        guard now.map({ time > $0 }) ?? true else { return }
        now = time
        windows.advance(to: time)
    }

    /// The window bucket of `time`. Older than the longest window it is counted, and still
    /// reaches the day's intervals while it is within them (a tail replay or a relay catching up
    /// hours late must not leave a false dip in `/v1/intervals`); older than that, nil.
    func bucket(for time: EventTime, source: SourceID) -> Int64? {
        if let bucket = windows.bucket(for: time) { return bucket }
        count(.beyondWindows, source: source)
        return windows.ledgerBucket(for: time)
    }

    /// Adds to a window field and to the lifetime totals.
    @inline(__always)
    func record(_ field: WindowField, _ value: Int64, bucket: Int64?, channel: Channel, queue: Int?) {
        lifetimeCounts[field.rawValue] &+= value
        guard let bucket else { return }
        windows.add(field, value, bucket: bucket, channel: channel, queue: queue)
    }

    /// Adds to the overall and channel scopes and the lifetime totals only (the customer's view
    /// of a contact with several queue legs).
    func recordFloor(_ field: WindowField, _ value: Int64, bucket: Int64?, channel: Channel) {
        lifetimeCounts[field.rawValue] &+= value
        guard let bucket else { return }
        windows.add(field, value, bucket: bucket, scope: 0)
        windows.add(field, value, bucket: bucket, scope: 1 + Int(channel.rawValue))
    }

    /// Adds to one queue's scope only (one leg of a contact with several).
    func recordQueue(_ field: WindowField, _ value: Int64, bucket: Int64?, queue: Int?) {
        guard let bucket, let queue else { return }
        windows.add(field, value, bucket: bucket, scope: WindowedMetrics.firstQueueScope + queue)
    }

    // MARK: Queues

    func internQueue(_ name: String, channel: Channel?) -> Int {
        let key = EntityKey(queue: name)
        if let index = queueIndex[key] { return index }
        if let known = queueAliases[key], known != name {
            // An id whose name is known: one queue under its name.
            let index = internQueue(known, channel: channel)
            queueIndex[key] = index
            return index
        }
        if name != EngineLimits.overflowName, !admitsNewQueue() {
            let index = internQueue(EngineLimits.overflowName, channel: channel)
            return index
        }
        let index = queueNames.count
        queueNames.append(name)
        queueIndex[key] = index
        queueChannel.append(channel ?? .voice)
        queuePlatform.append(platform(of: applyingSource))
        queueGoal.append(settings.channelGoals[.voice])
        queueShortAbandon.append(settings.shortAbandonThreshold)
        resolveQueueSettings(index)
        windows.ensureQueueScope(index)
        return index
    }

    /// A queue's channel, goal and short-abandon threshold: its configuration over its
    /// channel's, with the service-level definition of the platform that named it unless one is
    /// configured.
    func resolveQueueSettings(_ index: Int) {
        let configured = settings.queues[queueNames[index]]
        if let channel = configured?.channel { queueChannel[index] = channel }
        let channel = queueChannel[index]
        let base = channelGoal(channel, platform: queuePlatform[index])
        queueGoal[index] = configured?.goal(over: base) ?? base
        queueShortAbandon[index] = configured?.shortAbandonThreshold ?? shortAbandonThreshold(channel)
    }

    /// A channel's goal with the service-level definition in force: the configured one, else the
    /// platform's (Asterisk's ServiceLevelPerf, answered in time over answered, for Asterisk).
    func channelGoal(_ channel: Channel, platform: SourceFormat.Platform?) -> ServiceLevelGoal {
        var goal = settings.channelGoals[channel]
        if !settings.serviceLevelDefinitionIsConfigured, platform == .asterisk {
            goal.definition = .answeredOverAnswered
        }
        return goal
    }

    /// The channel scope's goal: the platform's definition when one platform feeds the floor.
    func channelScopeGoal(_ channel: Channel) -> ServiceLevelGoal { channelGoal(channel, platform: floorPlatform) }

    func shortAbandonThreshold(_ channel: Channel) -> Milliseconds {
        settings.channelShortAbandonThresholds[channel] ?? settings.shortAbandonThreshold
    }

    func shortAbandonThreshold(queue: Int?, channel: Channel) -> Milliseconds {
        queue.map { queueShortAbandon[$0] } ?? shortAbandonThreshold(channel)
    }

    /// Queue names configured with other spellings (`aliases`): those spellings mean the queue.
    func learnConfiguredAliases() {
        for (name, queue) in settings.queues {
            for alias in queue.aliases { nameQueue(id: alias, name: name) }
        }
    }

    /// Learns that queue `id` is called `name`. A queue first seen by its id (a contact feed ahead
    /// of any agent snapshot) takes the name, so its figures stay in one place; when both were
    /// already in use, later events of the id go to the named queue.
    func nameQueue(id: String, name: String) {
        guard id != name, !name.isEmpty else { return }
        let idKey = EntityKey(queue: id)
        if queueAliases[idKey] == name { return }
        queueAliases[idKey] = name
        let nameKey = EntityKey(queue: name)
        // Either spelling may now lead to another index than a cached profile list says.
        profileQueueLists.forget()
        switch (queueIndex[idKey], queueIndex[nameKey]) {
        case (let index?, nil):
            // The last snapshot's entry under the old spelling goes: the next one lists the name.
            publishedQueues[queueNames[index]] = nil
            queueNames[index] = name
            queueIndex[nameKey] = index
            resolveQueueSettings(index)
        case (_?, let named?):
            queueIndex[idKey] = named
        case (nil, _):
            break
        }
    }

    func threshold(queue: Int?, channel: Channel) -> Milliseconds {
        queue.map { queueGoal[$0].threshold } ?? settings.channelGoals[channel].threshold
    }

    /// The queue's additional service-level thresholds (its channel's when it has none), which
    /// every scope the contact counts in uses, as it uses the queue's main threshold.
    func additionalThresholds(queue: Int?, channel: Channel) -> [Milliseconds] {
        queue.map { queueGoal[$0].additionalThresholds } ?? settings.channelGoals[channel].additionalThresholds
    }
}
