extension FloorEngine {
    /// Advances the clock (wall mode), accounts agent time up to now, reaps contacts that never
    /// ended and forgets old ended contacts. Call it on the daemon's tick, and before a snapshot.
    public func tick(wallNow: EventTime) {
        if settings.clock == .wall { advanceClock(to: wallNow) }
        guard let now else { return }
        for index in agentRecords.indices { accountOccupancy(agent: index, until: now) }
        // Reaping scans every contact: once per bucket is plenty.
        if let last = lastMaintenance, now - last < windows.bucketWidth { return }
        lastMaintenance = now
        reapContacts(now: now)
        forgetEndedContacts(before: now - settings.endedContactMemory)
    }

    private func forgetEndedContacts(before cutoff: EventTime) {
        while endedOrderHead < endedOrder.count, endedOrder[endedOrderHead].endedAt < cutoff {
            let entry = endedOrder[endedOrderHead]
            if endedContacts[entry.key] == entry.endedAt { endedContacts[entry.key] = nil }
            endedOrderHead += 1
        }
        if endedOrderHead > 4096, endedOrderHead * 2 > endedOrder.count {
            endedOrder.removeFirst(endedOrderHead)
            endedOrderHead = 0
        }
    }

    private func reapContacts(now: EventTime) {
        var reaped: [EntityKey] = []
        for (key, contact) in contacts where now - contact.firstSeen > settings.maximumContactAge[contact.channel] {
            reaped.append(key)
        }
        for key in reaped {
            guard var contact = contacts.removeValue(forKey: key) else { continue }
            count(.reaped, source: key.source)
            detachFromAgent(&contact, key: key, at: now)
            forget(key, endedAt: now)
        }
    }
}
