extension FloorEngine {
    /// Whether a new contact may open for `key`'s source; a refusal is counted (`contact_limit`).
    func admitsNewContact(_ key: EntityKey) -> Bool {
        let limits = settings.limits
        var held = 0
        withSource(key.source) { held = $0.openContacts }
        guard contacts.count < limits.openContacts, held < limits.openContactsPerSource else {
            count(.contactLimit, source: key.source)
            return false
        }
        return true
    }

    /// Every open contact enters the table here, so each source's count stays exact.
    func insertContact(_ key: EntityKey, _ contact: consuming ContactRecord) {
        withSource(key.source) { $0.openContacts += 1 }
        contacts.insert(key, contact)
    }

    /// A contact left the table (ended, removed, reaped).
    func contactClosed(_ key: EntityKey) {
        withSource(key.source) { $0.openContacts = max(0, $0.openContacts - 1) }
    }

    /// Whether `source` may add an agent; otherwise the refusal is counted (`agent_limit`).
    func admitsNewAgent(source: SourceID) -> Bool {
        let limits = settings.limits
        var held = 0
        withSource(source) { held = $0.agents }
        guard agentRecords.count < limits.agents, held < limits.agentsPerSource else {
            count(.agentLimit, source: source)
            return false
        }
        return true
    }

    /// Whether the source applying now may add a queue; otherwise counted (`queue_limit`).
    func admitsNewQueue() -> Bool {
        let limits = settings.limits
        var held = 0
        withSource(applyingSource) { held = $0.queues }
        guard queueNames.count < limits.queues, held < limits.queuesPerSource else {
            count(.queueLimit, source: applyingSource)
            return false
        }
        withSource(applyingSource) { $0.queues += 1 }
        return true
    }

    /// The one agent every agent beyond the limit is folded into: events for it still move the
    /// floor's figures, and no new record is made.
    var overflowAgentKey: EntityKey {
        EntityKey(source: .unattributed, namespace: 0, id: EngineLimits.overflowName)
    }

    /// Forgets agents that are logged out, hold nothing and have not been heard of for
    /// `agentExpiry`: a site's churn of agent ids (temporary staff, renamed interfaces) does not
    /// accumulate. The last agent takes the freed slot; the contacts that name it follow.
    func expireAgents(now: EventTime) {
        let expiry = settings.limits.agentExpiry
        var index = 0
        while index < agentRecords.count {
            let agent = agentRecords[index]
            guard !agent.loggedIn, agent.contacts.isEmpty, agent.ringing == 0, now - agent.lastEventTime > expiry
            else {
                index += 1
                continue
            }
            removeAgent(at: index)
        }
    }

    private func removeAgent(at index: Int) {
        let key = agentKeys[index]
        withSource(key.source) { $0.agents = max(0, $0.agents - 1) }
        agentIndex[key] = nil
        let last = agentRecords.count - 1
        if index != last {
            let movedKey = agentKeys[last]
            agentRecords.swapAt(index, last)
            agentKeys.swapAt(index, last)
            agentDays.swapAt(index, last)
            agentRecent.swapAt(index, last)
            agentIndex[movedKey] = index
            for contactKey in agentRecords[index].contacts {
                if let slot = contacts.slot(of: contactKey) { contacts.value(at: slot).pointee.agentSlot = index }
            }
            if agentRecords[index].ringing > 0 {
                for slot in contacts.slots where contacts.value(at: slot).pointee.ringingAgentSlot == Int32(last) {
                    contacts.value(at: slot).pointee.ringingAgentSlot = Int32(index)
                }
            }
        }
        agentRecords.removeLast()
        agentKeys.removeLast()
        agentListOrder = []
        agentDays.removeLast()
        agentRecent.removeLast()
    }

    /// After a restore: each source's holdings, counted again from the tables.
    func recountHoldings() {
        for index in sources.indices {
            sources[index]?.openContacts = 0
            sources[index]?.agents = 0
        }
        unattributedSource.openContacts = 0
        unattributedSource.agents = 0
        for (key, _) in contacts { withSource(key.source) { $0.openContacts += 1 } }
        for key in agentKeys where key != overflowAgentKey { withSource(key.source) { $0.agents += 1 } }
    }
}
