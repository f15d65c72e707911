extension FloorEngine {
    /// Advances the clock (wall mode), accounts agent time up to now, reaps contacts that never
    /// ended and forgets old ended contacts. Call it on the daemon's tick, and before a snapshot.
    /// `maintaining` false leaves out the reaping and forgetting (a snapshot published for a read):
    /// they keep the cadence of the periodic tick, so a feed that lags the other is not judged
    /// more often than before.
    public func tick(wallNow: EventTime, maintaining: Bool = true) {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        guard let now else { return }
        for index in agentRecords.indices { accountOccupancy(agent: index, until: now) }
        guard maintaining else { return }
        // Reaping scans every contact: once per bucket is plenty.
        if let last = lastMaintenance, now - last < windows.bucketWidth { return }
        lastMaintenance = now
        reapContacts(now: now)
        forgetEndedContacts(before: now - settings.endedContactMemory)
        expireAgents(now: now)
    }

    private func forgetEndedContacts(before cutoff: EventTime) {
        endedOrder.removeAll(endedBefore: cutoff) { forget(entry: $0) }
    }

    /// At the limit on remembered ended contacts: the oldest of the source holding the most goes
    /// before its time, counted on that source (`ended_memory_full`).
    func forgetOldestEndedContact() {
        while let entry = endedOrder.popOldestOfLargestSource() {
            if forget(entry: entry) {
                count(.endedMemoryFull, source: entry.key.source)
                break
            }
        }
    }

    /// Forgets an entry's contact unless it ended again since (a later entry speaks for it);
    /// whether it did.
    @discardableResult
    private func forget(entry: EndedContactOrder.Entry) -> Bool {
        guard let slot = endedContacts.slot(of: entry.key),
            endedContacts.value(at: slot).pointee.endedAt == entry.endedAt
        else { return false }
        endedContacts.remove(at: slot)
        exitedLegs[entry.key] = nil
        return true
    }

    private func reapContacts(now: EventTime) {
        var reaped: [EntityKey] = []
        for (key, contact) in contacts where now - contact.firstSeen > settings.maximumContactAge[contact.channel] {
            reaped.append(key)
        }
        for key in reaped { removeWithoutOutcome(key, counting: .reaped, at: now) }
    }

    /// Removes an open contact whose end nobody saw (too old, or missing from a source's statement
    /// of its state): it leaves its agent and its queue, counts as `anomaly`, never as answered or
    /// abandoned, and a late step for it counts as after its end.
    func removeWithoutOutcome(_ key: EntityKey, counting anomaly: Anomaly, at time: EventTime) {
        guard var contact = contacts.removeValue(forKey: key) else { return }
        contactClosed(key)
        count(anomaly, source: key.source)
        stopRinging(&contact, key: key, at: time)
        detachFromAgent(&contact, key: key, at: time)
        forget(key, contact, endedAt: time)
    }
}
