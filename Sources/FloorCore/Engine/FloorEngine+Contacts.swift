extension FloorEngine {
    func applyContact(_ key: EntityKey, _ change: ContactChange, at time: EventTime) {
        // Open contacts are looked up first: most events are for them.
        if let slot = contacts.slot(of: key) {
            // Changed in place (one lookup, no copy): applying a step never touches `contacts`
            // otherwise (it works on agents, windows and the ended list), so the slot and the
            // in-place access stay valid.
            if !applyStep(&contacts.value(at: slot).pointee, key: key, change, at: time) { contacts.remove(at: slot) }
            return
        }
        if let endedAt = endedContacts[key] {
            // A contact that ended stays ended: a repeat of its end is a duplicate, anything else late.
            if case .ended = change, endedAt == time {
                count(.duplicate, source: key.source)
            } else if change == .afterContactWorkEnded || isEnd(change) {
                count(.duplicate, source: key.source)
            } else {
                count(.eventAfterEnd, source: key.source)
            }
            return
        }
        startContact(key, change, at: time)
    }

    /// Applies one step to an open contact; returns false when the contact is gone.
    private func applyStep(
        _ contact: inout ContactRecord, key: EntityKey, _ change: ContactChange, at time: EventTime
    ) -> Bool {
        if contact.appliedSteps.contains(change, at: time) {
            count(.duplicate, source: key.source)
            return true
        }
        contact.appliedSteps.append(change, at: time)
        switch change {
        case .queued(let queueName, let channel, let caller):
            requeue(&contact, key: key, queueName: queueName, channel: channel, caller: caller, at: time)
        case .offered:
            guard contact.phase == .waiting else {
                count(.duplicate, source: key.source)
                return true
            }
            contact.phase = .ringing
        case .missed:
            // Without the offer (a source that does not send it) a miss still counts once.
            guard contact.phase == .ringing || contact.phase == .waiting else {
                count(.duplicate, source: key.source)
                return true
            }
            contact.phase = .waiting
            record(
                .agentNonResponse, 1, bucket: bucket(for: time, source: key.source),
                channel: contact.channel, queue: contact.queue)
        case .connected(let agent, _, _):
            if contact.phase.isWithAgent {
                if self.contact(contact, isWith: agent) {
                    count(.duplicate, source: key.source)
                    return true
                }
                // Another agent took over: an agent-to-agent transfer.
                detachFromAgent(&contact, key: key, at: time)
                record(
                    .transfers, 1, bucket: bucket(for: time, source: key.source),
                    channel: contact.channel, queue: contact.queue)
                attachToAgent(&contact, key: key, agent: agent, at: time)
            } else {
                answer(&contact, key: key, agent: agent, at: time)
            }
        case .held:
            guard contact.phase == .connected else {
                count(.duplicate, source: key.source)
                return true
            }
            contact.phase = .held
            contact.holdStartedAt = time
        case .resumed:
            guard contact.phase == .held else {
                count(.duplicate, source: key.source)
                return true
            }
            contact.phase = .connected
            contact.holdTotal += max(0, time - (contact.holdStartedAt ?? time))
            contact.holdStartedAt = nil
        case .transferred(let toQueue, let toAgent):
            transfer(&contact, key: key, toQueue: toQueue, toAgent: toAgent, at: time)
        case .ended(let reason, let afterContactWork):
            return !end(&contact, key: key, reason: reason, afterContactWork: afterContactWork, at: time)
        case .afterContactWorkEnded:
            switch contact.phase {
            case .afterContactWork:
                finishHandling(&contact, key: key, at: time)
                return false
            case .connected, .held:
                return !end(&contact, key: key, reason: .completed, afterContactWork: false, at: time)
            case .waiting, .ringing:
                count(.unknownContact, source: key.source)
                return true
            }
        }
        return true
    }

    private func isEnd(_ change: ContactChange) -> Bool {
        if case .ended = change { return true }
        return false
    }

    /// The first event of a contact floorwatch has not seen.
    private func startContact(_ key: EntityKey, _ change: ContactChange, at time: EventTime) {
        switch change {
        case .queued(let queueName, let channel, let caller):
            let queue = internQueue(queueName, channel: channel)
            let contact = ContactRecord(
                channel: channel, queue: queue, caller: caller, firstSeen: time, enqueuedAt: time, phase: .waiting,
                appliedSteps: StepHistory(startingWith: change, at: time))
            record(.offered, 1, bucket: bucket(for: time, source: key.source), channel: channel, queue: queue)
            contacts.insert(key, contact)
        case .connected(let agent, let queueName, let channel):
            count(.connectedWithoutQueued, source: key.source)
            let queue = queueName.map { internQueue($0, channel: channel) }
            let resolvedChannel = channel ?? queue.map { queueChannel[$0] } ?? .voice
            var contact = ContactRecord(
                channel: resolvedChannel, queue: queue, caller: nil, firstSeen: time, enqueuedAt: nil,
                phase: .waiting, appliedSteps: StepHistory(startingWith: change, at: time))
            answer(&contact, key: key, agent: agent, at: time)
            contacts.insert(key, contact)
        default:
            count(.unknownContact, source: key.source)
        }
    }

    /// A `queued` for a contact already known: a duplicate, the missing start of an answered
    /// contact, or a move to another queue.
    private func requeue(
        _ contact: inout ContactRecord, key: EntityKey, queueName: String, channel: Channel, caller: String?,
        at time: EventTime
    ) {
        let queue = internQueue(queueName, channel: channel)
        if contact.enqueuedAt == nil, contact.phase.isWithAgent, let connectedAt = contact.connectedAt,
            time <= connectedAt
        {
            // The queued event arrived after the answer: complete the contact's first leg.
            contact.enqueuedAt = time
            contact.caller = contact.caller ?? caller
            if contact.queue == nil { contact.queue = queue }
            record(
                .offered, 1, bucket: bucket(for: time, source: key.source), channel: contact.channel,
                queue: contact.queue)
            recordAnswerWait(contact, wait: connectedAt - time, bucket: bucket(for: connectedAt, source: key.source))
            return
        }
        if contact.queue == queue, contact.phase == .waiting || contact.phase == .ringing {
            count(.duplicate, source: key.source)
            return
        }
        // Two feeds of one platform report the same entry with their own timestamps (Connect's
        // agent feed after its contact feed): an entry no later than the current leg's start, or
        // into the same queue before its answer, is that leg again, not a move.
        let sameLeg =
            contact.enqueuedAt.map { time <= $0 } ?? false
            || (contact.queue == queue && contact.connectedAt.map { time <= $0 } ?? false)
        if sameLeg {
            count(.duplicate, source: key.source)
            return
        }
        transfer(&contact, key: key, toQueue: queueName, toAgent: nil, at: time)
    }

    private func answer(_ contact: inout ContactRecord, key: EntityKey, agent: String, at time: EventTime) {
        let bucket = bucket(for: time, source: key.source)
        record(.answered, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
        if let enqueuedAt = contact.enqueuedAt {
            recordAnswerWait(contact, wait: max(0, time - enqueuedAt), bucket: bucket)
        }
        contact.connectedAt = time
        attachToAgent(&contact, key: key, agent: agent, at: time)
    }

    private func recordAnswerWait(_ contact: ContactRecord, wait: Milliseconds, bucket: Int64?) {
        let channel = contact.channel
        let queue = contact.queue
        record(.answeredWaitMs, wait, bucket: bucket, channel: channel, queue: queue)
        record(.answeredWithWait, 1, bucket: bucket, channel: channel, queue: queue)
        if wait <= threshold(queue: queue, channel: channel) {
            record(.answeredWithinThreshold, 1, bucket: bucket, channel: channel, queue: queue)
        }
        if let bucket { windows.addWait(wait, bucket: bucket, channel: channel, queue: queue) }
    }

    private func transfer(
        _ contact: inout ContactRecord, key: EntityKey, toQueue: String?, toAgent: String?, at time: EventTime
    ) {
        // One bucket lookup per step, so an event beyond the windows is counted once.
        let bucket = bucket(for: time, source: key.source)
        record(.transfers, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
        if let toQueue {
            if contact.phase.isWithAgent {
                closeTalk(&contact, at: time)
                recordHandling(contact, at: time, bucket: bucket)
                detachFromAgent(&contact, key: key, at: time)
            }
            let queue = internQueue(toQueue, channel: contact.channel)
            contact.queue = queue
            contact.enqueuedAt = time
            contact.phase = .waiting
            contact.connectedAt = nil
            contact.holdTotal = 0
            contact.talkEndedAt = nil
            record(.offered, 1, bucket: bucket, channel: contact.channel, queue: queue)
        } else if let toAgent, contact.phase.isWithAgent {
            detachFromAgent(&contact, key: key, at: time)
            attachToAgent(&contact, key: key, agent: toAgent, at: time)
        }
    }

    /// Returns true when the contact is gone (so the caller must not store it back).
    private func end(
        _ contact: inout ContactRecord, key: EntityKey, reason: EndReason, afterContactWork: Bool, at time: EventTime
    ) -> Bool {
        let bucket = bucket(for: time, source: key.source)
        let channel = contact.channel
        let queue = contact.queue
        switch contact.phase {
        case .waiting, .ringing:
            let wait = max(0, time - (contact.enqueuedAt ?? contact.firstSeen))
            let withinThreshold = wait <= threshold(queue: queue, channel: channel)
            switch reason {
            case .abandoned, .completed:
                if reason == .completed { count(.endedWithoutConnected, source: key.source) }
                record(.abandoned, 1, bucket: bucket, channel: channel, queue: queue)
                record(.abandonedWaitMs, wait, bucket: bucket, channel: channel, queue: queue)
                if withinThreshold {
                    record(.abandonedWithinThreshold, 1, bucket: bucket, channel: channel, queue: queue)
                }
                if wait <= settings.shortAbandonThreshold {
                    record(.shortAbandoned, 1, bucket: bucket, channel: channel, queue: queue)
                }
                if let bucket { windows.addWait(wait, bucket: bucket, channel: channel, queue: queue) }
                rememberAbandon(key, contact, wait: wait, at: time)
            case .timedOut:
                record(.timedOut, 1, bucket: bucket, channel: channel, queue: queue)
                record(.timedOutWaitMs, wait, bucket: bucket, channel: channel, queue: queue)
                if withinThreshold {
                    record(.timedOutWithinThreshold, 1, bucket: bucket, channel: channel, queue: queue)
                }
                if let bucket { windows.addWait(wait, bucket: bucket, channel: channel, queue: queue) }
            case .transferred:
                record(.transfers, 1, bucket: bucket, channel: channel, queue: queue)
            }
            forget(key, endedAt: time)
            return true
        case .connected, .held:
            if reason == .transferred { record(.transfers, 1, bucket: bucket, channel: channel, queue: queue) }
            closeTalk(&contact, at: time)
            if afterContactWork {
                contact.phase = .afterContactWork
                if contact.hasAgent {
                    updateAgent(slot: contact.agentSlot, source: key.source, at: time) { record in
                        record.live[channel] = max(0, record.live[channel] - 1)
                        record.wrapping[channel] += 1
                    }
                }
                return false
            }
            finishHandling(&contact, key: key, at: time)
            return true
        case .afterContactWork:
            count(.duplicate, source: key.source)
            return false
        }
    }

    private func closeTalk(_ contact: inout ContactRecord, at time: EventTime) {
        if let holdStart = contact.holdStartedAt {
            contact.holdTotal += max(0, time - holdStart)
            contact.holdStartedAt = nil
        }
        contact.talkEndedAt = time
    }

    /// Handle time completes: after-contact work ended, or the contact ended without any.
    func finishHandling(_ contact: inout ContactRecord, key: EntityKey, at time: EventTime) {
        if contact.talkEndedAt == nil { closeTalk(&contact, at: time) }
        recordHandling(contact, at: time, bucket: bucket(for: time, source: key.source))
        detachFromAgent(&contact, key: key, at: time)
        forget(key, endedAt: time)
    }

    private func recordHandling(_ contact: ContactRecord, at time: EventTime, bucket: Int64?) {
        guard let connectedAt = contact.connectedAt else { return }
        let channel = contact.channel
        let queue = contact.queue
        let handle = max(0, time - connectedAt)
        record(.handled, 1, bucket: bucket, channel: channel, queue: queue)
        record(.handleMs, handle, bucket: bucket, channel: channel, queue: queue)
        record(.holdMs, contact.holdTotal, bucket: bucket, channel: channel, queue: queue)
        if let talkEnded = contact.talkEndedAt {
            record(.afterContactWorkMs, max(0, time - talkEnded), bucket: bucket, channel: channel, queue: queue)
        }
        if channel == .chat {
            record(.chatHandled(level: contact.chatLevel), 1, bucket: bucket, channel: channel, queue: queue)
            record(.chatHandleMs(level: contact.chatLevel), handle, bucket: bucket, channel: channel, queue: queue)
        }
    }

    private func rememberAbandon(_ key: EntityKey, _ contact: ContactRecord, wait: Milliseconds, at time: EventTime) {
        let visible = settings.callerIDVisible
        recentAbandons.append(
            AbandonedContactSnapshot(
                id: key.id, queue: contact.queue.map { queueNames[$0] } ?? "", channel: contact.channel,
                caller: contact.caller.map { maskCallerID($0, keepStart: visible.start, keepEnd: visible.end) },
                wait: wait,
                abandonedAt: time))
        if recentAbandons.count > settings.abandonedListSize * 2 {
            recentAbandons.removeFirst(recentAbandons.count - settings.abandonedListSize)
        }
    }

    /// Remembers an ended contact (already taken out of `contacts`) for duplicates and late steps.
    func forget(_ key: EntityKey, endedAt time: EventTime) {
        endedContacts[key] = time
        endedOrder.append((key, time))
    }
}
