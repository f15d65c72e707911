extension FloorEngine {
    /// Builds an immutable snapshot of everything at the engine's clock (after a `tick`).
    /// `transport`: what the daemon's listeners and subscriptions know of each source (bytes,
    /// connection state), shown beside the engine's figures; the engine keeps none of it.
    /// `dayStart`: local midnight of the day the engine's clock is in, in the site's zone, for each
    /// scope's `today`, when the engine has no `siteCalendar` (with one, it finds the day itself).
    /// `maintaining`: as `tick`'s (false for a snapshot published for a read).
    public func makeSnapshot(
        wallNow: EventTime, transport: [SourceID: SourceTransport] = [:], dayStart: EventTime? = nil,
        maintaining: Bool = true
    ) -> FloorSnapshot {
        // Set before the tick, whose occupancy accounting already counts into the new day.
        if siteCalendar != nil {
            // The day of the clock the snapshot is at; an engine on the event clock without an
            // event yet has no day (the wall's would be another than its events').
            let clock = settings.clock == .wall ? max(wallNow, self.now ?? wallNow) : self.now
            if let clock { _ = localDayStart(forFactAt: clock) }
        } else {
            currentDayStart = dayStart
            currentDayEnd = nil
        }
        tick(wallNow: wallNow, maintaining: maintaining)
        let now = self.now ?? wallNow
        prepareDay(dayStart: currentDayStart, now: now)
        snapshotSequence += 1
        var gauges = GaugeBuilder(queueCount: queueNames.count, reusing: &gaugeStorage)
        // Handed back for the next snapshot: one array of per-queue gauges, not one per snapshot.
        defer { gaugeStorage = gauges.queues }
        for contact in contacts.values { gauges.add(contact, now: now) }
        for agent in agentRecords { gauges.add(agent, queuesOf: agent.profileQueues) }

        let overall = ScopeSnapshot(scope(0, channel: nil, goal: nil, gauges: gauges.overall, now: now))
        let agents = agentList(now: now)
        let channels = PerChannel { channel in
            var scope = ScopeSnapshot(
                scope(
                    1 + Int(channel.rawValue), channel: channel, goal: channelScopeGoal(channel),
                    gauges: gauges.channels[channel], now: now))
            // In the Available activity (nothing in hand) and able to take the channel.
            scope.longestAvailable = agents.lazy.filter { $0.activity == .available && $0.slots[channel] > 0 }
                .min { ($0.since, $0.id) < ($1.since, $1.id) }
                .map { LongestAvailableAgent(id: $0.id, name: $0.name, since: $0.since) }
            return scope
        }
        var queues = publishedQueues
        // Only when short: reserving on a dictionary the last snapshot still holds would copy it.
        if queues.capacity < queueNames.count { queues.reserveCapacity(queueNames.count) }
        for (index, name) in queueNames.enumerated() {
            let fresh = scope(
                WindowedMetrics.firstQueueScope + index, channel: queueChannel[index],
                goal: queueGoal[index], gauges: gauges.queues[index], now: now)
            // Boxed only when it changed: an unchanged queue keeps the box the last snapshot holds.
            if queues[name]?.figures != fresh { queues[name] = ScopeSnapshot(fresh) }
        }
        publishedQueues = queues
        var sourceList = sources.enumerated().compactMap { index, record -> SourceSnapshot? in
            record.map {
                SourceSnapshot($0, id: SourceID(UInt16(index)), transport: transport[SourceID(UInt16(index))])
            }
        }
        if unattributedSource.events > 0 || !unattributedSource.decodeErrors.isEmpty
            || !unattributedSource.ignored.isEmpty
        {
            sourceList.append(SourceSnapshot(unattributedSource, id: .unattributed, transport: nil))
        }
        return FloorSnapshot(
            sequence: snapshotSequence, generatedAt: now, clock: settings.clock, overall: overall,
            channels: channels, queues: queues, sources: sourceList, lifetime: lifetime,
            openContacts: contacts.count, knownAgents: agentRecords.count, agents: agents,
            waiting: waitingList(now: now, count: gauges.overall.inQueue), abandoned: abandonedList(now: now),
            intervals: completedIntervals(now: now))
    }

    private func scope(
        _ index: Int, channel: Channel?, goal: ServiceLevelGoal?, gauges: ScopeGauges, now: EventTime
    ) -> ScopeFigures {
        let scopeWindows = windows.scopes[index]
        let current = windows.currentBucket ?? windows.bucketIndex(of: now)
        let definition = goal?.definition ?? settings.serviceLevelDefinition
        while publishedScopeWindows.count <= index { publishedScopeWindows.append(PublishedScopeWindows()) }
        // The last published windows of the scope, when they are the engine's windows now: what
        // did not change since is taken from them (one copy for consecutive snapshots).
        let published = publishedScopeWindows[index].windows.flatMap { published in
            published.elementsEqual(windows.windows, by: { $0.length == $1 }) ? published : nil
        }
        var windowSnapshots: [WindowSnapshot] = []
        let waits = waitFigures(index, scopeWindows, current: current, publishedUsable: published != nil)
        let arrivals = arrivalsPerMinute(index, scopeWindows, current: current, publishedUsable: published != nil)
        for (position, length) in windows.windows.enumerated() {
            let fresh = scopeWindows.runningCounts(window: position)
            let before = published?[position]
            var window = WindowSnapshot(
                length: length, counts: before.map { $0.counts == fresh ? $0.counts : fresh } ?? fresh,
                definition: definition, waitP50: nil, waitP90: nil, waitP99: nil, waitMax: nil, arrivalsPerMinute: [])
            // Nil only when `before` holds them (built from the same windows, version and bucket).
            if let minutes = arrivals?[position] ?? before?.arrivalsPerMinute { window.arrivalsPerMinute = minutes }
            if let wait = waits?[position] {
                window.waitP50 = wait.p50
                window.waitP90 = wait.p90
                window.waitP99 = wait.p99
                window.waitMax = wait.maximum
            } else if let before {
                window.copyWaits(from: before)
            }
            windowSnapshots.append(window)
        }
        windowSnapshots = sharedWithPublished(windowSnapshots, &publishedScopeWindows[index].windows)
        let interval = floorDivide(now.milliseconds, IntervalLedger.width)
        let inProgress = sharedWithPublished(
            windows.intervalCounts(scope: index, interval: interval) ?? WindowCounts(),
            &publishedScopeWindows[index].currentInterval)
        func window(_ length: Milliseconds, _ counts: WindowCounts) -> WindowSnapshot {
            WindowSnapshot(
                length: length, counts: counts, definition: definition, waitP50: nil, waitP90: nil, waitP99: nil,
                waitMax: nil, arrivalsPerMinute: [])
        }
        let today = cachedDay.map { day in
            let counts = sharedWithPublished(
                index < day.sums.count ? day.sums[index].adding(inProgress) : inProgress,
                &publishedScopeWindows[index].today)
            return window(now - day.dayStart, counts)
        }
        return ScopeFigures(
            channel: channel, inQueue: gauges.inQueue, callbacksInQueue: gauges.callbacks, scheduled: gauges.scheduled,
            oldestWait: gauges.oldestWait, agents: gauges.agents,
            slots: gauges.slots, backlog: gauges.backlog, goal: goal, windows: windowSnapshots, today: today,
            currentInterval: window(now.milliseconds - interval * IntervalLedger.width, inProgress))
    }

    /// Each window's wait percentiles and maximum of a scope: computed from its histograms when a
    /// wait was recorded or the clock moved a bucket since the last snapshot; nil when the last
    /// published windows hold them still (`publishedUsable`: there are such windows), so a snapshot per
    /// read does not rescan every scope's histograms and keeps no second copy of the figures.
    private func waitFigures(
        _ index: Int, _ scopeWindows: ScopeWindows, current: Int64, publishedUsable: Bool
    )
        -> [WaitFigures]?
    {
        let built = BuiltFrom(
            owner: ObjectIdentifier(scopeWindows), version: scopeWindows.waitVersion, current: current)
        guard built.isNew(at: index, in: &waitsBuilt) || !publishedUsable else { return nil }
        return windows.windows.indices.map { position in
            let maximum = scopeWindows.maximumWait(window: position, current: current)
            let levels = scopeWindows.waitQuantiles(window: position, [0.5, 0.9, 0.99], maximum: maximum ?? 0)
            return WaitFigures(p50: levels[0], p90: levels[1], p99: levels[2], maximum: maximum)
        }
    }

    /// The day's completed quarter hours per scope, summed once per quarter hour (and at most a
    /// minute stale for late events): a snapshot adds only the quarter hour in progress.
    private func prepareDay(dayStart: EventTime?, now: EventTime) {
        guard let dayStart, dayStart <= now else {
            cachedDay = nil
            return
        }
        let current = floorDivide(now.milliseconds, IntervalLedger.width)
        if let cached = cachedDay, cached.dayStart == dayStart, cached.current == current,
            now - cached.builtAt < .minutes(1), cached.sums.count == windows.scopes.count
        {
            return
        }
        let first = floorDivide(dayStart.milliseconds, IntervalLedger.width)
        var sums: [WindowCounts] = []
        sums.reserveCapacity(windows.scopes.count)
        for scope in windows.scopes.indices {
            var sum = WindowCounts()
            if first < current {
                for interval in first..<current {
                    if let counts = windows.intervalCounts(scope: scope, interval: interval) {
                        sum = sum.adding(counts)
                    }
                }
            }
            sums.append(sum)
        }
        cachedDay = (dayStart, current, now, sums)
    }

    private func completedIntervals(now: EventTime) -> [IntervalSnapshot] {
        let current = floorDivide(now.milliseconds, IntervalLedger.width)
        if let cached = cachedIntervals, cached.current == current, now - cached.builtAt < .minutes(1) {
            return cached.intervals
        }
        var intervals: [IntervalSnapshot] = []
        for interval in (current - Int64(IntervalLedger.slots) + 1)..<current {
            guard let overall = windows.intervalCounts(scope: 0, interval: interval) else { continue }
            let channels = PerChannel {
                windows.intervalCounts(scope: 1 + Int($0.rawValue), interval: interval) ?? WindowCounts()
            }
            var queues: [String: WindowCounts] = [:]
            for (index, name) in queueNames.enumerated() {
                if let counts = windows.intervalCounts(
                    scope: WindowedMetrics.firstQueueScope + index, interval: interval)
                {
                    queues[name] = counts
                }
            }
            intervals.append(
                IntervalSnapshot(
                    start: EventTime(milliseconds: interval * IntervalLedger.width), overall: overall,
                    channels: channels,
                    queues: queues))
        }
        cachedIntervals = (now, current, intervals)
        return intervals
    }

    /// An agent's figures of the current day (zero when it has done nothing today yet) and over
    /// each window up to `now`: the last published set when, read at `now`, it gives them exactly
    /// (the agent's time accrued as the set predicted); else a new set taken at `now`. Its minutes
    /// are freed once none is in a window.
    private func figureReading(_ index: Int, now: EventTime) -> AgentFigureReading {
        var today: CompactAgentFigures?
        if let day = currentDayStart, index < agentDays.count {
            today = agentDays[index].dayStart == day ? agentDays[index].figures : CompactAgentFigures()
        }
        agentRecent[index].releaseIfIdle(now: now, minutes: agentWindowMinutes)
        let lengths = settings.windows
        if agentWindowFigures.count != lengths.count {
            agentWindowFigures = Array(repeating: CompactAgentFigures(), count: lengths.count)
        }
        for (position, length) in lengths.enumerated() {
            agentWindowFigures[position] = CompactAgentFigures(agentRecent[index].sums(over: length, now: now).figures)
        }
        return agentWindowFigures.withUnsafeBufferPointer { windows in
            if let published = publishedAgents[index].figures,
                let elapsed = published.elapsed(at: now, predicting: today, windowLengths: lengths, windows: windows)
            {
                return AgentFigureReading(figureSet: published, elapsed: elapsed)
            }
            let fresh = AgentFigureSet.make(
                base: now, accrual: agentAccrual(index), today: today, windowLengths: lengths, windows: windows)
            publishedAgents[index].figures = fresh
            return AgentFigureReading(figureSet: fresh, elapsed: 0)
        }
    }

    private func agentList(now: EventTime) -> [AgentSnapshot] {
        if agentListOrder.count != agentRecords.count {
            agentListOrder = agentRecords.indices.sorted {
                (agentKeys[$0].source, agentKeys[$0].id) < (agentKeys[$1].source, agentKeys[$1].id)
            }
        }
        if publishedAgents.count < agentRecords.count {
            publishedAgents.reserveCapacity(agentRecords.capacity)
            publishedAgents.append(
                contentsOf: repeatElement(PublishedAgent(), count: agentRecords.count - publishedAgents.count))
        }
        var list: [AgentSnapshot] = []
        list.reserveCapacity(agentRecords.count)
        for index in agentListOrder {
            let agent = agentRecords[index]
            let key = agentKeys[index]
            let activity = agent.currentActivity
            let reason = agent.awayReason
            // The configured name and team win: Asterisk only knows interfaces like PJSIP/4101.
            let configured = settings.agents[key.id]
            let shared = sharedWithPublished(
                AgentSnapshot.SharedDetails(
                    AgentSnapshot.Details(
                        id: key.id, source: key.source, name: configured?.name ?? agent.name,
                        team: configured?.team ?? agent.team, reason: reason, statusSince: agent.statusSince,
                        slotCounts: PerChannel { UInt8(clamping: agent.profile.slots[$0]) },
                        nextStatus: agent.nextStatus,
                        lastContactEnded: agentRecent[index].lastContactEnded)),
                &publishedAgents[index].details)
            list.append(
                AgentSnapshot(
                    since: agent.activity == activity ? agent.activitySince ?? agent.statusSince : agent.statusSince,
                    contacts: agent.contacts.map(\.id), figures: figureReading(index, now: now), activity: activity,
                    shared: shared,
                    inUseCounts: PerChannel { UInt16(clamping: agent.inUse($0)) }))
        }
        return list
    }

    /// The callers in queue, longest wait first, each with its place in its own queue. Sorted as
    /// (wait, entry) pairs of integers, not as the entries themselves (a snapshot is built per
    /// read batch under load, and this list is most of its cost), then put in that order in place:
    /// a second list beside the first was the largest part of a snapshot's peak memory.
    /// `count`: how many are in queue (the gauges' count), so the list is allocated once at its
    /// size; grown by doubling, it held a third more than it used, and made a copy at each step.
    private func waitingList(now: EventTime, count: Int) -> WaitingList {
        var entries: [WaitingList.Entry] = []
        entries.reserveCapacity(count)
        for (key, contact) in contacts where contact.phase.isInQueue {
            entries.append(
                WaitingList.Entry(
                    id: key.id, queue: contact.queue, channel: contact.channel,
                    wait: max(0, now - (contact.enqueuedAt ?? contact.firstSeen))))
        }
        var order = entries.indices.map { (wait: entries[$0].wait, entry: $0) }
        order.sort { $0.wait != $1.wait ? $0.wait > $1.wait : entries[$0.entry].id < entries[$1.entry].id }
        // Each cycle of the permutation moved along once: entry `order[k].entry` goes to `k`.
        var moved = [Bool](repeating: false, count: entries.count)
        for start in entries.indices where !moved[start] {
            let first = entries[start]
            var target = start
            while true {
                moved[target] = true
                let source = order[target].entry
                if source == start {
                    entries[target] = first
                    break
                }
                entries[target] = entries[source]
                target = source
            }
        }
        // Places counted per queue; the contacts without a queue share the last counter.
        var placed = Array(repeating: UInt32(0), count: queueNames.count + 1)
        for index in entries.indices {
            let queue = entries[index].queue ?? queueNames.count
            placed[queue] += 1
            entries[index].position = placed[queue]
        }
        return WaitingList(entries: entries, queueNames: queueNames)
    }

    private func abandonedList(now: EventTime) -> [AbandonedContactSnapshot] {
        let cutoff = now - settings.abandonedRetention
        return Array(recentAbandons.reversed().prefix { $0.abandonedAt >= cutoff }.prefix(settings.abandonedListSize))
    }

    /// Offered per minute over each window, oldest minute first; nil when the last published
    /// windows hold them still (the scope gained no arrival and the clock stayed in its bucket
    /// since), so a quiet queue's minutes are one storage for every snapshot.
    private func arrivalsPerMinute(
        _ index: Int, _ scopeWindows: ScopeWindows, current: Int64, publishedUsable: Bool
    )
        -> [MinuteCounts]?
    {
        let built = BuiltFrom(
            owner: ObjectIdentifier(scopeWindows), version: windows.arrivalsVersion(scope: index), current: current)
        guard built.isNew(at: index, in: &arrivalsBuilt) || !publishedUsable else { return nil }
        // The longest window's minutes once; a shorter window whose start is whole minutes after
        // the longest's is the end of them (same minute boundaries), sharing their storage.
        let width = windows.bucketWidth
        let lengths = scopeWindows.windowBuckets.map { Int64($0) * width }
        let longest = lengths.indices.max { lengths[$0] < lengths[$1] } ?? 0
        let all = lengths.isEmpty ? [] : arrivalsPerMinute(scopeWindows, window: longest, current: current)
        return lengths.indices.map { position -> MinuteCounts in
            guard (lengths[longest] - lengths[position]) % 60_000 == 0 else {
                return arrivalsPerMinute(scopeWindows, window: position, current: current)
            }
            return all.suffix(minutes: Self.minuteCount(windowLength: lengths[position]))
        }
    }

    /// The minutes a window's arrivals are counted in (the last partial when the window is not
    /// whole minutes).
    static func minuteCount(windowLength length: Milliseconds) -> Int { max(1, Int((length + 59_999) / 60_000)) }

    /// Offered per minute over the window, oldest minute first. Buckets are grouped by the minute
    /// of the window they start in.
    private func arrivalsPerMinute(_ scope: ScopeWindows, window: Int, current: Int64) -> MinuteCounts {
        let perBucket = scope.series(.offered, window: window, current: current)
        let width = windows.bucketWidth
        let windowStart = (current - Int64(perBucket.count) + 1) * width
        var series = Array(repeating: Int64(0), count: Self.minuteCount(windowLength: Int64(perBucket.count) * width))
        for (offset, value) in perBucket.enumerated() where value != 0 {
            let start = (current - Int64(perBucket.count) + 1 + Int64(offset)) * width
            series[min(series.count - 1, Int((start - windowStart) / 60_000))] += value
        }
        return MinuteCounts(series)
    }
}

/// What a scope's published figures (wait percentiles, arrivals per minute) were last computed
/// from: its windows, the version of what they count, and the clock's bucket.
struct BuiltFrom: Equatable {
    var owner: ObjectIdentifier
    var version: UInt64
    var current: Int64

    /// Whether the figures at scope `index` were last built from something else (or never);
    /// records this as what they are built from now.
    func isNew(at index: Int, in list: inout [BuiltFrom?]) -> Bool {
        while list.count <= index { list.append(nil) }
        defer { list[index] = self }
        return list[index] != self
    }
}

/// One scope's windows, today and current quarter hour as the last snapshot published them.
struct PublishedScopeWindows {
    var windows: [WindowSnapshot]?
    var today: WindowCounts?
    var currentInterval: WindowCounts?
}

/// One agent's windows and slower-moving facts as the last snapshot published them.
struct PublishedAgent {
    var figures: AgentFigureSet?
    var details: AgentSnapshot.SharedDetails?
}

/// What the last snapshot published when `fresh` equals it, so that consecutive snapshots share
/// one copy of what did not change; else `fresh`, remembered for the next snapshot.
func sharedWithPublished<Value: Equatable>(_ fresh: Value, _ published: inout Value?) -> Value {
    if let published, published == fresh { return published }
    published = fresh
    return fresh
}

/// Point-in-time figures of one scope, gathered by scanning contacts and agents.
struct ScopeGauges {
    var inQueue = 0
    var callbacks = 0
    var scheduled = 0
    var oldestWait: Milliseconds?
    var agents = AgentCounts()
    var slots = SlotCounts()
    var backlog = Backlog()

    mutating func addWaiting(_ wait: Milliseconds, callback: Bool) {
        inQueue += 1
        if callback { callbacks += 1 }
        backlog.count += 1
        oldestWait = max(oldestWait ?? 0, wait)
        backlog.oldestAge = oldestWait
    }
}

struct GaugeBuilder {
    var overall = ScopeGauges()
    var channels = PerChannel(repeating: ScopeGauges())
    var queues: [ScopeGauges]

    /// Per-queue gauges in `storage` (taken, emptied and sized), so consecutive snapshots use one
    /// array.
    init(queueCount: Int, reusing storage: inout [ScopeGauges]) {
        queues = []
        swap(&queues, &storage)
        queues.removeAll(keepingCapacity: true)
        queues.append(contentsOf: repeatElement(ScopeGauges(), count: queueCount))
    }

    mutating func add(_ contact: ContactRecord, now: EventTime) {
        if contact.phase == .scheduled {
            overall.scheduled += 1
            channels[contact.channel].scheduled += 1
            if let queue = contact.queue { queues[queue].scheduled += 1 }
            return
        }
        guard contact.phase.isInQueue else { return }
        let wait = max(0, now - (contact.enqueuedAt ?? contact.firstSeen))
        let callback = contact.kind == .callback
        overall.addWaiting(wait, callback: callback)
        channels[contact.channel].addWaiting(wait, callback: callback)
        if let queue = contact.queue { queues[queue].addWaiting(wait, callback: callback) }
    }

    mutating func add(_ agent: AgentRecord, queuesOf queueList: [Int]) {
        overall.agents.add(agent, channel: nil)
        overall.slots.add(agent, channel: nil)
        for channel in Channel.allCases where agent.profile.handles(channel) || agent.inUse(channel) > 0 {
            channels[channel].agents.add(agent, channel: channel)
            channels[channel].slots.add(agent, channel: channel)
        }
        for queue in queueList {
            queues[queue].agents.add(agent, channel: nil, pausedHere: agent.pausedQueues[queue])
            queues[queue].slots.add(agent, channel: nil)
        }
    }
}

extension AgentCounts {
    /// Counts an agent in one scope. With a channel, "on contact", "after-contact work" and
    /// "available" are about that channel; without, about any.
    /// `pausedHere`: the reason the agent is paused in this queue (Asterisk pauses per queue).
    mutating func add(_ agent: AgentRecord, channel: Channel?, pausedHere: String? = nil) {
        guard agent.loggedIn else {
            offline += 1
            return
        }
        if agent.isStaffed && pausedHere == nil { staffed += 1 }
        if let reason = pausedHere ?? agent.awayReason {
            away += 1
            awayByReason[reason, default: 0] += 1
        }
        let live = channel.map { agent.live[$0] } ?? (agent.contactCount - agent.wrappingCount)
        let wrapping = channel.map { agent.wrapping[$0] } ?? agent.wrappingCount
        if live > 0 {
            onContact += 1
        } else if wrapping > 0 {
            afterContactWork += 1
        }
        if agent.status == .available, pausedHere == nil, !agent.isPausedEverywhere, !agent.inError,
            !agent.deviceInUse, agent.ringing == 0, agent.canTake(channel)
        {
            available += 1
        }
    }
}

extension SlotCounts {
    mutating func add(_ agent: AgentRecord, channel: Channel?) {
        let channels = channel.map { [$0] } ?? Channel.allCases
        for channel in channels {
            inUse += agent.inUse(channel)
            if agent.isStaffed || agent.contactCount > 0 { capacity += agent.profile.slots[channel] }
        }
    }
}

extension AgentRecord {
    /// Whether routing could offer this agent a contact of `channel` now (any channel when nil):
    /// a free slot, and no contact in progress on a channel that forbids others.
    func canTake(_ channel: Channel?) -> Bool {
        // An agent who chose a break for after the work in hand is offered nothing new.
        if let next = nextStatus, next != .available { return false }
        guard let channel else {
            if contactCount == 0 { return true }
            return Channel.allCases.contains { canTake($0) }
        }
        guard profile.slots[channel] > inUse(channel) else { return false }
        for other in Channel.allCases where other != channel && inUse(other) > 0 {
            if !profile.crossChannel[other] { return false }
        }
        return true
    }
}

extension SourceSnapshot {
    init(_ record: SourceRecord, id: SourceID, transport: SourceTransport?) {
        self.init(
            id: id, name: record.name, format: record.format?.rawValue ?? "none", instance: record.instance,
            events: record.events, bytes: transport?.bytes ?? 0,
            anomalies: Dictionary(uniqueKeysWithValues: record.anomalies.map { ($0.key.rawValue, $0.value) }),
            decodeErrors: record.decodeErrors, ignored: record.ignored, latestEventTime: record.latestEventTime,
            lastReceivedAt: record.lastReceivedAt, lateEvents: record.lateEvents,
            maximumLateness: record.maximumLateness, lastLateness: record.lastLateness, status: transport?.status,
            reconnects: transport?.reconnects ?? 0)
    }
}
