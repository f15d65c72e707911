extension FloorEngine {
    func applyAgent(_ key: EntityKey, _ change: AgentChange, at requestedTime: EventTime) {
        var isLogin = false
        // Joining a queue is how an Asterisk member logs in (ADDMEMBER, QueueMemberAdded).
        if case .login = change { isLogin = true }
        if case .membership(_, .added) = change { isLogin = true }
        let (index, isNew) = agentSlot(key, at: requestedTime, countingMissingLogin: !isLogin)
        let time = accountTime(agent: index, source: key.source, requested: requestedTime)
        switch change {
        case .login(let name, let team):
            if agentRecords[index].loggedIn && !isNew && agentRecords[index].lastEventTime == requestedTime {
                count(.duplicate, source: key.source)
                return
            }
            agentRecords[index].name = name ?? agentRecords[index].name
            agentRecords[index].team = team ?? agentRecords[index].team
            if !agentRecords[index].loggedIn || isNew {
                agentRecords[index].loggedIn = true
                if agentRecords[index].status == .offline { agentRecords[index].status = .available }
                agentRecords[index].statusSince = time
            }
        case .logout:
            guard agentRecords[index].loggedIn else {
                count(.duplicate, source: key.source)
                return
            }
            finishAfterContactWork(agent: index, at: time)
            agentRecords[index].loggedIn = false
            agentRecords[index].inError = false
            agentRecords[index].deviceInUse = false
            agentRecords[index].pausedQueues = [:]
            agentRecords[index].status = .offline
            agentRecords[index].statusSince = time
            agentRecords[index].nextStatus = nil
        case .status(let status):
            if agentRecords[index].status == status && agentRecords[index].loggedIn == (status != .offline) {
                count(.duplicate, source: key.source)
                return
            }
            agentRecords[index].status = status
            agentRecords[index].loggedIn = status != .offline
            agentRecords[index].statusSince = time
            // The chosen status has taken effect (or another replaced it).
            agentRecords[index].nextStatus = nil
        case .contactInError(let inError):
            // A statement of the present, like nextStatus.
            agentRecords[index].inError = inError
        case .deviceInUse(let inUse):
            agentRecords[index].deviceInUse = inUse
        case .membership(let queueName, let membership):
            applyMembership(agent: index, queue: internQueue(queueName, channel: nil), membership, at: time)
        case .nextStatus(let next):
            // A statement of the current choice (every Connect snapshot carries one), so a repeat
            // is not a duplicate.
            agentRecords[index].nextStatus = next
        case .profile(let profile):
            if agentRecords[index].profile == profile && !isNew {
                count(.duplicate, source: key.source)
                return
            }
            var profile = profile
            if let shared = profileQueueLists.shared(profile.queues) {
                profile.queues = shared.names
                agentRecords[index].profileQueues = shared.indices
            } else {
                let indices = profile.queues.map { internQueue($0, channel: nil) }
                // A list sent (in part) to the overflow queue is not kept: the limit is per source,
                // and another source's same list may be admitted.
                let overflow = queueIndex[EntityKey(queue: EngineLimits.overflowName)]
                if !indices.contains(where: { $0 == overflow }) {
                    profileQueueLists.remember(profile.queues, indices: indices)
                }
                agentRecords[index].profileQueues = indices
            }
            agentRecords[index].profile = profile
        }
        agentRecords[index].lastEventTime = max(agentRecords[index].lastEventTime, requestedTime)
        agentRecords[index].refreshActivity(at: time)
    }

    private func applyMembership(agent index: Int, queue: Int, _ membership: QueueMembership, at time: EventTime) {
        agentRecords[index].hasMemberships = true
        switch membership {
        case .added:
            if !agentRecords[index].loggedIn {
                agentRecords[index].loggedIn = true
                if agentRecords[index].status == .offline { agentRecords[index].status = .available }
                agentRecords[index].statusSince = time
            }
            if !agentRecords[index].profileQueues.contains(queue) { agentRecords[index].profileQueues.append(queue) }
        case .removed:
            agentRecords[index].profileQueues.removeAll { $0 == queue }
            agentRecords[index].pausedQueues[queue] = nil
            if agentRecords[index].profileQueues.isEmpty, agentRecords[index].loggedIn {
                // Out of the last queue: logged out, as Asterisk's member is gone.
                finishAfterContactWork(agent: index, at: time)
                agentRecords[index].loggedIn = false
                agentRecords[index].status = .offline
                agentRecords[index].statusSince = time
                agentRecords[index].nextStatus = nil
            }
        case .paused(let reason):
            if !agentRecords[index].profileQueues.contains(queue) { agentRecords[index].profileQueues.append(queue) }
            agentRecords[index].pausedQueues[queue] = reason
        case .unpaused:
            agentRecords[index].pausedQueues[queue] = nil
        }
    }

    /// Logging out ends the after-contact work in hand: the slot is free and the handle time ends
    /// at the logout (Connect closes ACW when the agent goes offline).
    private func finishAfterContactWork(agent index: Int, at time: EventTime) {
        for key in agentRecords[index].contacts {
            guard let slot = contacts.slot(of: key), contacts.value(at: slot).pointee.phase == .afterContactWork
            else { continue }
            var contact = contacts.remove(at: slot)
            contactClosed(key)
            finishHandling(&contact, key: key, at: time)
        }
    }

    /// The slot of an agent, created (and counted, unless it is a login) when floorwatch never saw it.
    private func agentSlot(_ key: EntityKey, at time: EventTime, countingMissingLogin: Bool) -> (Int, Bool) {
        if let index = agentIndex[key] { return (index, false) }
        if key != overflowAgentKey, !admitsNewAgent(source: key.source) {
            return agentSlot(overflowAgentKey, at: time, countingMissingLogin: false)
        }
        if countingMissingLogin { count(.agentWithoutLogin, source: key.source) }
        if key != overflowAgentKey { withSource(key.source) { $0.agents += 1 } }
        let index = agentRecords.count
        agentRecords.appendGrowingGently(
            AgentRecord(
                name: nil, team: nil, status: .available, statusSince: time, profile: .voiceOnly, profileQueues: [],
                accountedUntil: time, lastEventTime: time, loggedIn: true))
        agentIndex[key] = index
        agentKeys.appendGrowingGently(key)
        agentDays.appendGrowingGently(AgentDay())
        agentRecent.appendGrowingGently(AgentRecentMinutes())
        return (index, true)
    }

    /// Accounts the agent's occupancy up to the event and returns the time the change takes
    /// effect: an event older than time already accounted takes effect at that time.
    private func accountTime(agent index: Int, source: SourceID, requested: EventTime) -> EventTime {
        guard let until = withAgent(index, { $0.pointee.accountedUntil }) else { return requested }
        if requested < until {
            if until - requested > settings.futureTolerance { count(.lateAgentEvent, source: source) }
            return until
        }
        accountOccupancy(agent: index, until: requested)
        return requested
    }

    /// Applies `body` to an agent after accounting its occupancy up to `time`. Creates the agent
    /// (counted) when a contact names one floorwatch never saw.
    @discardableResult
    func updateAgent(_ key: EntityKey, at requestedTime: EventTime, _ body: (inout AgentRecord) -> Void) -> Int {
        let (index, _) = agentSlot(key, at: requestedTime, countingMissingLogin: true)
        updateAgent(slot: index, source: key.source, at: requestedTime, body)
        return index
    }

    /// The same, for an agent whose slot a contact remembers (no hash of its key).
    func updateAgent(
        slot index: Int, source: SourceID, at requestedTime: EventTime, _ body: (inout AgentRecord) -> Void
    ) {
        let time = accountTime(agent: index, source: source, requested: requestedTime)
        // `body` works on the record alone (never on `agentRecords`), so the pointer stays valid.
        withAgent(index) { agent in
            body(&agent.pointee)
            agent.pointee.lastEventTime = max(agent.pointee.lastEventTime, time)
            agent.pointee.refreshActivity(at: time)
        }
    }

    /// Works on agent `index` in place. Every hot access goes through here: reading or passing
    /// `agentRecords[index]` copied the whole 248-byte record (and retained its strings and
    /// arrays) on every contact step. `body` must not touch `agentRecords` itself.
    @inline(__always)
    private func withAgent<Result>(_ index: Int, _ body: (UnsafeMutablePointer<AgentRecord>) -> Result) -> Result {
        agentRecords.withUnsafeMutableBufferPointer { body($0.baseAddress.unsafelyUnwrapped + index) }
    }

    /// How the agent's own figures grow per millisecond now (nothing while logged out), as
    /// `accountOccupancy` adds them.
    func agentAccrual(_ index: Int) -> AgentAccrual {
        withAgent(index) { $0.pointee.loggedIn ? OccupancyShape(UnsafePointer($0)).accrual : .none }
    }

    /// Whether the contact is with the agent of this id.
    func contact(_ contact: ContactRecord, isWith agent: String) -> Bool {
        contact.hasAgent && agentKeys[contact.agentSlot].id == agent
    }

    func attachToAgent(_ contact: inout ContactRecord, key: EntityKey, agent: String, at time: EventTime) {
        let channel = contact.channel
        var level = 1
        let slot = updateAgent(EntityKey(source: key.source, namespace: key.namespace, id: agent), at: time) { record in
            record.contacts.append(key)
            record.live[channel] += 1
            // A source that never sent a profile still shows the channel its agent works.
            if record.profile.slots[channel] < record.inUse(channel) {
                record.profile.slots[channel] = min(record.inUse(channel), channel == .voice ? 1 : 10)
            }
            level = record.live[channel]
        }
        contact.agentSlot = slot
        contact.phase = contact.phase == .held ? .held : .connected
        if channel == .chat { contact.chatLevel = level }
    }

    func detachFromAgent(_ contact: inout ContactRecord, key: EntityKey, at time: EventTime) {
        guard contact.hasAgent else { return }
        let channel = contact.channel
        let wasWrapping = contact.phase == .afterContactWork
        let slot = contact.agentSlot
        updateAgent(slot: slot, source: key.source, at: time) { record in
            if let index = record.contacts.firstIndex(of: key) { record.contacts.remove(at: index) }
            if wasWrapping {
                record.wrapping[channel] = max(0, record.wrapping[channel] - 1)
            } else {
                record.live[channel] = max(0, record.live[channel] - 1)
            }
        }
        contact.agentSlot = -1
    }

    /// Adds the agent's time since it was last accounted to the occupancy fields of every scope
    /// it belongs to, split at bucket boundaries.
    func accountOccupancy(agent index: Int, until end: EventTime) {
        withAgent(index) { agent in
            guard let start = agent.pointee.accountedUntil, end > start else { return }
            agent.pointee.accountedUntil = end
            guard agent.pointee.loggedIn, let current = windows.currentBucket else { return }
            // Only the few figures occupancy needs.
            let shape = OccupancyShape(UnsafePointer(agent))
            guard shape.onContact || shape.staffed else { return }
            recordAgentTime(index, shape, from: start, to: end)
            let width = windows.bucketWidth
            let currentStart = current * width
            let oldestBucket = current - Int64(windows.ringLength) + 1
            var segmentStart = max(start.milliseconds, oldestBucket * width)
            let segmentEnd = min(end.milliseconds, currentStart + width)
            agent.pointee.profileQueues.withUnsafeBufferPointer { queues in
                while segmentStart < segmentEnd {
                    // Most stretches lie in the current bucket: no division then.
                    let bucket = segmentStart >= currentStart ? current : floorDivide(segmentStart, width)
                    let until = min(segmentEnd, (bucket + 1) * width)
                    addAgentTime(shape, queues: queues, duration: until - segmentStart, bucket: bucket)
                    segmentStart = until
                }
            }
        }
    }

    /// The agent's own figures for a stretch of unchanged state: its day (from midnight on) and
    /// its windows, minute by minute.
    private func recordAgentTime(_ index: Int, _ shape: OccupancyShape, from start: EventTime, to end: EventTime) {
        if let day = localDayStart(forFactAt: end), end > day {
            agentDays[index].add(shape.work(for: end - max(start, day)), on: day)
        }
        let minutes = agentWindowMinutes
        let width = AgentRecentMinutes.width
        // Only the stretch inside the longest window reaches a window.
        var minuteStart = max(start.milliseconds, end.milliseconds - Int64(minutes) * width)
        while minuteStart < end.milliseconds {
            let until = min(end.milliseconds, (floorDivide(minuteStart, width) + 1) * width)
            agentRecent[index].add(
                shape.work(for: until - minuteStart), at: EventTime(milliseconds: minuteStart), minutes: minutes)
            minuteStart = until
        }
    }

    private func addAgentTime(
        _ shape: OccupancyShape, queues: UnsafeBufferPointer<Int>, duration: Milliseconds, bucket: Int64
    ) {
        // The bucket's place is found once for all the scopes this stretch adds to.
        guard let position = windows.position(of: bucket) else { return }
        var totalBusy: Int64 = 0
        var totalCapacity: Int64 = 0
        let idle = shape.idle ? duration : 0
        for channel in 0..<4 {
            let slots = Int64(shape.slots[channel])
            let inUse = Int64(shape.inUse[channel])
            guard slots > 0 || inUse > 0 else { continue }
            let busy = inUse * duration
            let capacity = shape.staffed ? max(slots, inUse) * duration : 0
            totalBusy += busy
            totalCapacity += capacity
            let values = AgentTimeValues(
                onContact: inUse > 0 ? duration : 0, idle: idle, slotBusy: busy, slotCapacity: capacity)
            windows.addAgentTime(values, at: position, scope: 1 + channel)
        }
        // Overall (scope 0), then each queue the agent serves.
        let values = AgentTimeValues(
            onContact: shape.onContact ? duration : 0, idle: idle, slotBusy: totalBusy, slotCapacity: totalCapacity)
        windows.addAgentTime(values, at: position, scope: 0)
        for queue in queues {
            windows.addAgentTime(values, at: position, scope: WindowedMetrics.firstQueueScope + queue)
        }
        values.add(to: lifetimeCounts)
    }
}

/// What occupancy accounting needs of an agent over one stretch of unchanged state.
struct OccupancyShape {
    /// Per channel, by raw value: the agent's slots and the contacts in hand.
    var slots: InlineArray<4, Int>
    var inUse: InlineArray<4, Int>
    var onContact: Bool
    var idle: Bool
    /// Available, or working a contact whatever the status (Connect counts NPT + on contact).
    var staffed: Bool
    /// How the agent's own figures grow per millisecond in this state (worked out once: a
    /// stretch is split at every minute and bucket).
    var accrual: AgentAccrual

    /// Through a pointer: reading `pointee` copied the whole 248-byte record on every step.
    init(_ agent: UnsafePointer<AgentRecord>) {
        let profile = agent.pointee.profile.slots
        let live = agent.pointee.live
        let wrapping = agent.pointee.wrapping
        slots = [profile.voice, profile.chat, profile.email, profile.task]
        inUse = [
            live.voice + wrapping.voice, live.chat + wrapping.chat, live.email + wrapping.email,
            live.task + wrapping.task,
        ]
        onContact = inUse[0] + inUse[1] + inUse[2] + inUse[3] > 0
        let available = agent.pointee.status == .available
        idle = !onContact && available
        staffed = onContact || available
        var busy = 0
        var staffedSlots = 0
        for channel in 0..<4 {
            busy += inUse[channel]
            staffedSlots += max(slots[channel], inUse[channel])
        }
        accrual = AgentAccrual(
            onContact: onContact, idle: idle, slotsBusy: UInt32(clamping: busy),
            slotsStaffed: staffed ? UInt32(clamping: staffedSlots) : 0)
    }

    /// The agent's own time over a stretch of `duration` in this state.
    func work(for duration: Milliseconds) -> AgentWork { accrual.work(for: duration) }
}
