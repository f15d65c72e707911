extension FloorEngine {
    /// The whole state as an immutable value, for a checkpoint. On the engine's thread; copies
    /// only (encoding happens wherever the caller sends the value), into `storage` when given
    /// (the last checkpoint's, `EngineCheckpoint.takeStorage()`).
    public func checkpoint(reusing storage: consuming EngineCheckpoint.Storage = .init()) -> EngineCheckpoint {
        var checkpoint = EngineCheckpoint()
        swap(&checkpoint.contacts, &storage.contacts)
        swap(&checkpoint.endedContacts, &storage.endedContacts)
        swap(&checkpoint.endedOrder, &storage.endedOrder)
        // Emptied already when reused; emptied here too so a caller's mistake costs a copy, not
        // a wrong checkpoint.
        checkpoint.contacts.removeAll(keepingCapacity: true)
        checkpoint.endedContacts.removeAll(keepingCapacity: true)
        checkpoint.endedOrder.removeAll(keepingCapacity: true)
        checkpoint.now = now
        checkpoint.snapshotSequence = snapshotSequence
        checkpoint.lastMaintenance = lastMaintenance
        checkpoint.sources = sources
        checkpoint.unattributed = unattributedSource
        checkpoint.sourceNamespaces = sourceNamespaces
        checkpoint.namespaceIDs = namespaceIDs
        checkpoint.queueNames = queueNames
        checkpoint.queueChannels = queueChannel
        checkpoint.queuePlatforms = queuePlatform
        checkpoint.queueLookups = queueIndex.map { (name: $0.key.id, index: $0.value) }
        checkpoint.queueAliases = queueAliases.map { (id: $0.key.id, name: $0.value) }
        checkpoint.contacts.reserveCapacity(contacts.count)
        for (key, contact) in contacts { checkpoint.contacts.append((EngineCheckpoint.Key(key), contact)) }
        checkpoint.endedContacts.reserveCapacity(endedContacts.count)
        for (key, ended) in endedContacts { checkpoint.endedContacts.append((EngineCheckpoint.Key(key), ended)) }
        checkpoint.endedOrder.reserveCapacity(endedOrder.count)
        endedOrder.forEach { checkpoint.endedOrder.append((EngineCheckpoint.Key($0.key), $0.endedAt)) }
        checkpoint.exitedLegs = exitedLegs.map { (EngineCheckpoint.Key($0.key), $0.value) }
        checkpoint.agents = zip(agentKeys, agentRecords).map { (EngineCheckpoint.Key($0), $1) }
        checkpoint.agentDays = agentDays
        checkpoint.agentRecent = agentRecent
        checkpoint.currentDayStart = currentDayStart
        checkpoint.recentAbandons = recentAbandons
        checkpoint.lifetime = lifetime.values
        checkpoint.scopes = windows.capture()
        return checkpoint
    }

    /// Why a checkpoint cannot be taken back.
    public struct RestoreError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes back a checkpoint into this engine, which must be fresh (nothing applied, no source
    /// registered): sources keep their saved numbers, and registering them again by name (the
    /// daemon's listeners) finds them. The windows continue on the engine's clock from the saved
    /// one. Queue settings come from this engine's settings (a changed configuration applies).
    public func restore(_ checkpoint: EngineCheckpoint) throws(RestoreError) {
        guard sourceIDs.isEmpty, contacts.count == 0, agentRecords.isEmpty, queueNames.isEmpty else {
            throw RestoreError(description: "the engine is not fresh")
        }
        let queueCount = checkpoint.queueNames.count
        guard checkpoint.queueChannels.count == queueCount, checkpoint.queuePlatforms.count == queueCount,
            checkpoint.scopes.count == WindowedMetrics.firstQueueScope + queueCount,
            checkpoint.lifetime.count == WindowField.count,
            checkpoint.queueLookups.allSatisfy({ $0.index >= 0 && $0.index < queueCount })
        else { throw RestoreError(description: "inconsistent queue tables") }
        do {
            try windows.restore(checkpoint.scopes, currentBucket: checkpoint.currentBucket)
        } catch {
            throw RestoreError(description: "the windows or bucket width differ from the checkpoint's")
        }
        now = checkpoint.now
        snapshotSequence = checkpoint.snapshotSequence
        lastMaintenance = checkpoint.lastMaintenance
        sources = checkpoint.sources
        unattributedSource = checkpoint.unattributed
        sourceNamespaces = checkpoint.sourceNamespaces
        namespaceIDs = checkpoint.namespaceIDs
        for (index, record) in checkpoint.sources.enumerated() {
            if let record { sourceIDs[record.name] = SourceID(UInt16(index)) }
        }
        queueNames = checkpoint.queueNames
        queueChannel = checkpoint.queueChannels
        queuePlatform = checkpoint.queuePlatforms
        queueGoal = Array(repeating: settings.channelGoals[.voice], count: queueCount)
        queueShortAbandon = Array(repeating: settings.shortAbandonThreshold, count: queueCount)
        for index in 0..<queueCount { resolveQueueSettings(index) }
        for (name, index) in checkpoint.queueLookups { queueIndex[EntityKey(queue: name)] = index }
        for (id, name) in checkpoint.queueAliases { queueAliases[EntityKey(queue: id)] = name }
        learnConfiguredAliases()
        contacts.reserveCapacity(checkpoint.contacts.count)
        for (key, contact) in checkpoint.contacts { contacts.insert(key.entityKey, contact) }
        for (key, ended) in checkpoint.endedContacts { endedContacts.insert(key.entityKey, ended) }
        endedOrder = EndedContactOrder(checkpoint.endedOrder.lazy.map { .init(key: $0.0.entityKey, endedAt: $0.1) })
        for (key, leg) in checkpoint.exitedLegs { exitedLegs[key.entityKey] = leg }
        agentListOrder = []
        // Agents with the same profile share its queue lists again (`ProfileQueueLists`).
        var queueNameLists = Set<[String]>()
        var queueIndexLists = Set<[Int]>()
        for (key, agent) in checkpoint.agents {
            let entityKey = key.entityKey
            agentIndex[entityKey] = agentKeys.count
            agentKeys.append(entityKey)
            var agent = agent
            agent.profile.queues = queueNameLists.insert(agent.profile.queues).memberAfterInsert
            agent.profileQueues = queueIndexLists.insert(agent.profileQueues).memberAfterInsert
            agentRecords.append(agent)
        }
        agentDays =
            checkpoint.agentDays.count == agentRecords.count
            ? checkpoint.agentDays : Array(repeating: AgentDay(), count: agentRecords.count)
        agentRecent =
            checkpoint.agentRecent.count == agentRecords.count
            ? checkpoint.agentRecent : Array(repeating: AgentRecentMinutes(), count: agentRecords.count)
        currentDayStart = checkpoint.currentDayStart
        currentDayEnd = currentDayStart.flatMap { siteCalendar?.localDay(containing: $0).upperBound }
        recentAbandons = checkpoint.recentAbandons
        for (field, value) in checkpoint.lifetime.enumerated() { lifetimeCounts[field] = value }
        applyingSource = .unattributed
        applyingNamespace = namespace(of: .unattributed)
        cachedIntervals = nil
        recountHoldings()
    }
}
