extension FloorEngine {
    func applyAgent(_ key: EntityKey, _ change: AgentChange, at requestedTime: EventTime) {
        let isNew = agents[key] == nil
        if isNew {
            if case .login = change {} else { count(.agentWithoutLogin, source: key.source) }
        }
        let time = accountTime(for: key, requested: requestedTime)
        var agent = agents[key] ?? newAgent(at: time)
        switch change {
        case .login(let name, let team):
            if agent.loggedIn && !isNew && agent.lastEventTime == requestedTime {
                count(.duplicate, source: key.source)
                return
            }
            agent.name = name ?? agent.name
            agent.team = team ?? agent.team
            if !agent.loggedIn || isNew {
                agent.loggedIn = true
                if agent.status == .offline { agent.status = .available }
                agent.statusSince = time
            }
        case .logout:
            guard agent.loggedIn else {
                count(.duplicate, source: key.source)
                return
            }
            agent.loggedIn = false
            agent.status = .offline
            agent.statusSince = time
        case .status(let status):
            if agent.status == status && agent.loggedIn == (status != .offline) {
                count(.duplicate, source: key.source)
                return
            }
            agent.status = status
            agent.loggedIn = status != .offline
            agent.statusSince = time
        case .profile(let profile):
            if agent.profile == profile && !isNew {
                count(.duplicate, source: key.source)
                return
            }
            agent.profile = profile
            agent.profileQueues = profile.queues.map { internQueue($0, channel: nil) }
        }
        agent.lastEventTime = max(agent.lastEventTime, requestedTime)
        agents[key] = agent
    }

    private func newAgent(at time: EventTime) -> AgentRecord {
        AgentRecord(
            name: nil, team: nil, loggedIn: true, status: .available, statusSince: time, profile: .voiceOnly,
            profileQueues: [], accountedUntil: time, lastEventTime: time)
    }

    /// Accounts the agent's occupancy up to the event and returns the time the change takes
    /// effect: an event older than time already accounted takes effect at that time.
    private func accountTime(for key: EntityKey, requested: EventTime) -> EventTime {
        guard let until = agents[key]?.accountedUntil else { return requested }
        if requested < until {
            if until - requested > settings.futureTolerance { count(.lateAgentEvent, source: key.source) }
            return until
        }
        accountOccupancy(key, until: requested)
        return requested
    }

    /// Applies `body` to an agent after accounting its occupancy up to `time`. Creates the agent
    /// (counted) when a contact names one floorwatch never saw.
    func updateAgent(_ key: EntityKey, at requestedTime: EventTime, _ body: (inout AgentRecord) -> Void) {
        if agents[key] == nil {
            count(.agentWithoutLogin, source: key.source)
            agents[key] = newAgent(at: requestedTime)
        }
        let time = accountTime(for: key, requested: requestedTime)
        body(&agents[key]!)
        agents[key]!.lastEventTime = max(agents[key]!.lastEventTime, time)
    }

    func attachToAgent(_ contact: inout ContactRecord, key: EntityKey, agent: String, at time: EventTime) {
        let channel = contact.channel
        var level = 1
        updateAgent(EntityKey(source: key.source, id: agent), at: time) { record in
            record.contacts.append(key.id)
            record.live[channel] += 1
            // A source that never sent a profile still shows the channel its agent works.
            if record.profile.slots[channel] < record.inUse(channel) {
                record.profile.slots[channel] = min(record.inUse(channel), channel == .voice ? 1 : 10)
            }
            level = record.live[channel]
        }
        contact.agent = agent
        contact.phase = contact.phase == .held ? .held : .connected
        if channel == .chat { contact.chatLevel = level }
    }

    func detachFromAgent(_ contact: inout ContactRecord, key: EntityKey, at time: EventTime) {
        guard let agent = contact.agent else { return }
        let channel = contact.channel
        let wasWrapping = contact.phase == .afterContactWork
        updateAgent(EntityKey(source: key.source, id: agent), at: time) { record in
            if let index = record.contacts.firstIndex(of: key.id) { record.contacts.remove(at: index) }
            if wasWrapping {
                record.wrapping[channel] = max(0, record.wrapping[channel] - 1)
            } else {
                record.live[channel] = max(0, record.live[channel] - 1)
            }
        }
        contact.agent = nil
    }

    /// Adds the agent's time since it was last accounted to the occupancy fields of every scope
    /// it belongs to, split at bucket boundaries.
    func accountOccupancy(_ key: EntityKey, until end: EventTime) {
        guard var agent = agents[key], let start = agent.accountedUntil, end > start else { return }
        agent.accountedUntil = end
        agents[key] = agent
        guard agent.loggedIn, let current = windows.currentBucket else { return }
        let onContact = agent.contactCount > 0
        let idle = !onContact && agent.status == .available
        let staffed = onContact || agent.status == .available
        guard onContact || idle || staffed else { return }
        let width = windows.bucketWidth
        let oldestBucket = current - Int64(windows.ringLength) + 1
        var segmentStart = max(start.milliseconds, oldestBucket * width)
        let segmentEnd = min(end.milliseconds, (current + 1) * width)
        while segmentStart < segmentEnd {
            let bucket = floorDivide(segmentStart, width)
            let until = min(segmentEnd, (bucket + 1) * width)
            addAgentTime(
                agent, duration: until - segmentStart, bucket: bucket, onContact: onContact, idle: idle,
                staffed: staffed)
            segmentStart = until
        }
    }

    private func addAgentTime(
        _ agent: AgentRecord, duration: Milliseconds, bucket: Int64, onContact: Bool, idle: Bool, staffed: Bool
    ) {
        var totalBusy: Int64 = 0
        var totalCapacity: Int64 = 0
        for channel in Channel.allCases {
            let slots = Int64(agent.profile.slots[channel])
            let inUse = Int64(agent.inUse(channel))
            guard slots > 0 || inUse > 0 else { continue }
            let scope = 1 + Int(channel.rawValue)
            let busy = min(inUse, max(slots, inUse)) * duration
            let capacity = staffed ? max(slots, inUse) * duration : 0
            totalBusy += busy
            totalCapacity += capacity
            if inUse > 0 { windows.add(.onContactMs, duration, bucket: bucket, scope: scope) }
            if idle { windows.add(.idleMs, duration, bucket: bucket, scope: scope) }
            windows.add(.slotBusyMs, busy, bucket: bucket, scope: scope)
            windows.add(.slotCapacityMs, capacity, bucket: bucket, scope: scope)
        }
        // Overall (scope 0), then each queue the agent serves.
        for position in -1..<agent.profileQueues.count {
            let scope = position < 0 ? 0 : WindowedMetrics.firstQueueScope + agent.profileQueues[position]
            if onContact { windows.add(.onContactMs, duration, bucket: bucket, scope: scope) }
            if idle { windows.add(.idleMs, duration, bucket: bucket, scope: scope) }
            windows.add(.slotBusyMs, totalBusy, bucket: bucket, scope: scope)
            windows.add(.slotCapacityMs, totalCapacity, bucket: bucket, scope: scope)
        }
        if onContact { lifetime[.onContactMs] &+= duration }
        if idle { lifetime[.idleMs] &+= duration }
        lifetime[.slotBusyMs] &+= totalBusy
        lifetime[.slotCapacityMs] &+= totalCapacity
    }
}
