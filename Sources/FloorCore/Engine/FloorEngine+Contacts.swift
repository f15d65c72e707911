extension FloorEngine {
    func applyContact(_ key: EntityKey, _ change: ContactChange, at time: EventTime) {
        // Open contacts are looked up first: most events are for them.
        if let slot = contacts.slot(of: key) {
            // Changed in place (one lookup, no copy): applying a step never touches `contacts`
            // otherwise (it works on agents, windows and the ended list), so the slot and the
            // in-place access stay valid.
            if !applyStep(&contacts.value(at: slot).pointee, key: key, change, at: time) {
                contacts.remove(at: slot)
                contactClosed(key)
            }
            return
        }
        if let ended = endedContacts[key] {
            let endedAt = ended.endedAt
            if case .transferred(nil, nil) = change {
                transferredAfterEnd(key, ended)
                return
            }
            if case .queued(let queueName, let channel, let caller, _) = change, let exited = exitedLegs[key],
                time >= exited.endedAt
            {
                // Left one queue without an agent and sent into another under the same id
                // (Asterisk's overflow): the next leg of the same customer contact.
                startLaterLeg(key, after: exited, queueName: queueName, channel: channel, caller: caller, at: time)
                return
            }
            // A contact that ended stays ended: a repeat of its end, or of a step from before it
            // ended (another feed's record restating the contact's life), is a duplicate; anything
            // else is late.
            if case .ended = change, endedAt == time {
                count(.duplicate, source: key.source)
            } else if change == .afterContactWorkEnded || isEnd(change) || time <= endedAt {
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
        case .queued(let queueName, let channel, _, let kind) where contact.phase == .scheduled:
            enterQueue(&contact, key: key, queueName: queueName, channel: channel, kind: kind, at: time)
        case .queued(let queueName, let channel, let caller, _):
            requeue(&contact, key: key, queueName: queueName, channel: channel, caller: caller, at: time)
        case .scheduled:
            // Scheduled again (a later record restating it), or already queued or answered.
            count(.duplicate, source: key.source)
        case .offered(let agent):
            guard contact.phase == .waiting else {
                count(.duplicate, source: key.source)
                return true
            }
            contact.phase = .ringing
            let slot = updateAgent(EntityKey(source: key.source, namespace: key.namespace, id: agent), at: time) {
                $0.ringing &+= 1
            }
            contact.ringingAgentSlot = Int32(slot)
        case .missed(let agent):
            // Without the offer (a source that does not send it) a miss still counts once.
            guard contact.phase == .ringing || contact.phase == .waiting else {
                count(.duplicate, source: key.source)
                return true
            }
            let ringing = Int(contact.ringingAgentSlot)
            stopRinging(&contact, key: key, at: time)
            contact.phase = .waiting
            let agentKey = EntityKey(source: key.source, namespace: key.namespace, id: agent)
            if let slot = ringing >= 0 ? ringing : agentIndex[agentKey] {
                recordAgentWork(slot, .missed, at: time)
            }
            record(
                .agentNonResponse, 1, bucket: bucket(for: time, source: key.source),
                channel: contact.channel, queue: contact.queue)
        case .connected(let agent, _, _, _):
            if contact.phase.isWithAgent {
                if self.contact(contact, isWith: agent) {
                    count(.duplicate, source: key.source)
                    return true
                }
                // Another agent took over: an agent-to-agent transfer.
                let bucket = bucket(for: time, source: key.source)
                record(.transfers, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
                handOver(&contact, key: key, to: agent, at: time, bucket: bucket)
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
        case .transferred(nil, nil) where !contact.phase.isWithAgent:
            // Moved out of its queue to somewhere this contact does not follow (Connect gives the
            // moved contact a new id, queued on its own): it left the queue, transferred, and must
            // not wait there until reaped nor end later as an abandon.
            return !end(&contact, key: key, reason: .transferred, afterContactWork: false, at: time)
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
            case .scheduled, .waiting, .ringing:
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
        case .queued, .connected, .scheduled:
            guard admitsNewContact(key) else { return }
        default:
            break
        }
        switch change {
        case .queued(let queueName, let channel, let caller, let kind):
            let queue = internQueue(queueName, channel: channel)
            // Built whole and moved into the table: a `var` mutated after init was copied on insert.
            let contact = ContactRecord(
                channel: channel, queue: queue, caller: caller, firstSeen: time, enqueuedAt: time, phase: .waiting,
                appliedSteps: StepHistory(startingWith: change, at: time), kind: kind)
            let bucket = bucket(for: time, source: key.source)
            record(.offered, 1, bucket: bucket, channel: channel, queue: queue)
            if kind == .transfer || kind == .queueTransfer {
                record(.transfersIn, 1, bucket: bucket, channel: channel, queue: queue)
                if kind == .queueTransfer {
                    record(.transfersInFromQueue, 1, bucket: bucket, channel: channel, queue: queue)
                }
            }
            insertContact(key, contact)
        case .connected(let agent, let queueName, let channel, .outbound):
            // Dialled by the agent: it occupies the agent, and no queue figure counts it.
            let resolvedChannel = channel ?? .voice
            var contact = ContactRecord(
                channel: resolvedChannel, queue: nil, caller: nil, firstSeen: time, enqueuedAt: nil,
                phase: .waiting, appliedSteps: StepHistory(startingWith: change, at: time))
            _ = queueName
            contact.kind = .outbound
            contact.connectedAt = time
            attachToAgent(&contact, key: key, agent: agent, at: time)
            insertContact(key, contact)
        case .connected(let agent, let queueName, let channel, let kind):
            count(.connectedWithoutQueued, source: key.source)
            let queue = queueName.map { internQueue($0, channel: channel) }
            let resolvedChannel = channel ?? queue.map { queueChannel[$0] } ?? .voice
            var contact = ContactRecord(
                channel: resolvedChannel, queue: queue, caller: nil, firstSeen: time, enqueuedAt: nil,
                phase: .waiting, appliedSteps: StepHistory(startingWith: change, at: time))
            contact.kind = kind
            answer(&contact, key: key, agent: agent, at: time)
            insertContact(key, contact)
        case .scheduled(let queueName, let channel):
            // Not offered yet: the queue counts it when it is queued.
            let queue = internQueue(queueName, channel: channel)
            insertContact(
                key,
                ContactRecord(
                    channel: channel, queue: queue, caller: nil, firstSeen: time, enqueuedAt: nil, phase: .scheduled,
                    appliedSteps: StepHistory(startingWith: change, at: time)))
        default:
            count(.unknownContact, source: key.source)
        }
    }

    /// A scheduled contact joins its queue: from now it waits, and is offered.
    private func enterQueue(
        _ contact: inout ContactRecord, key: EntityKey, queueName: String, channel: Channel, kind: ContactKind,
        at time: EventTime
    ) {
        let queue = internQueue(queueName, channel: channel)
        contact.queue = queue
        contact.enqueuedAt = time
        contact.firstSeen = time
        contact.phase = .waiting
        contact.kind = kind
        record(.offered, 1, bucket: bucket(for: time, source: key.source), channel: contact.channel, queue: queue)
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

    /// The offer ends (answered, missed, abandoned, moved): the agent it rang for is free of it.
    func stopRinging(_ contact: inout ContactRecord, key: EntityKey, at time: EventTime) {
        guard contact.ringingAgentSlot >= 0 else { return }
        updateAgent(slot: Int(contact.ringingAgentSlot), source: key.source, at: time) {
            $0.ringing = $0.ringing > 0 ? $0.ringing - 1 : 0
        }
        contact.ringingAgentSlot = -1
    }

    private func answer(_ contact: inout ContactRecord, key: EntityKey, agent: String, at time: EventTime) {
        stopRinging(&contact, key: key, at: time)
        let bucket = bucket(for: time, source: key.source)
        record(.answered, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
        if let enqueuedAt = contact.enqueuedAt {
            recordAnswerWait(contact, wait: max(0, time - enqueuedAt), bucket: bucket)
        }
        contact.connectedAt = time
        attachToAgent(&contact, key: key, agent: agent, at: time)
    }

    private func recordAnswerWait(_ contact: ContactRecord, wait: Milliseconds, bucket: Int64?) {
        record(.answeredWithWait, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
        recordWait(
            QueueLeg(contact), wait: wait, total: .answeredWaitMs, within: .answeredWithinThreshold, bucket: bucket)
    }

    /// Records the wait of a contact leaving the queue (answered, abandoned, timed out): its sum,
    /// whether it met the threshold, and the sample. A first leg counts in every scope; a later
    /// leg counts its own wait in its queue and the customer's whole wait (since `firstSeen`) on
    /// the channel and the floor. Returns the wait the floor counted.
    @discardableResult
    private func recordWait(
        _ contact: QueueLeg, wait: Milliseconds, total: WindowField, within: WindowField, bucket: Int64?
    ) -> (floorWait: Milliseconds, withinThreshold: Bool) {
        let channel = contact.channel
        let queue = contact.queue
        let limit = threshold(queue: queue, channel: channel)
        let additional = additionalThresholds(queue: queue, channel: channel)
        guard contact.isLaterLeg else {
            record(total, wait, bucket: bucket, channel: channel, queue: queue)
            if wait <= limit { record(within, 1, bucket: bucket, channel: channel, queue: queue) }
            for (index, threshold) in additional.enumerated() where wait <= threshold {
                if let field = WindowField.additional(within, index) {
                    record(field, 1, bucket: bucket, channel: channel, queue: queue)
                }
            }
            if let bucket { windows.addWait(wait, bucket: bucket, channel: channel, queue: queue) }
            return (wait, wait <= limit)
        }
        let whole = wait + contact.waitBeforeLeg
        recordQueue(total, wait, bucket: bucket, queue: queue)
        if wait <= limit { recordQueue(within, 1, bucket: bucket, queue: queue) }
        recordFloor(total, whole, bucket: bucket, channel: channel)
        if whole <= limit { recordFloor(within, 1, bucket: bucket, channel: channel) }
        for (index, threshold) in additional.enumerated() {
            guard let field = WindowField.additional(within, index) else { continue }
            if wait <= threshold { recordQueue(field, 1, bucket: bucket, queue: queue) }
            if whole <= threshold { recordFloor(field, 1, bucket: bucket, channel: channel) }
        }
        if let bucket {
            if let queue { windows.addWait(wait, bucket: bucket, scopes: [WindowedMetrics.firstQueueScope + queue]) }
            windows.addWait(whole, bucket: bucket, scopes: [0, 1 + Int(channel.rawValue)])
        }
        return (whole, whole <= limit)
    }

    /// Starts the next queue leg of a caller who left a queue without an agent: the new queue
    /// counts an offer; the channel and the floor take back the exit they counted, because the
    /// customer is still waiting and will be counted once, when they finally leave the queues.
    private func startLaterLeg(
        _ key: EntityKey, after exited: ExitedLeg, queueName: String, channel: Channel, caller: String?,
        at time: EventTime
    ) {
        exitedLegs[key] = nil
        endedContacts[key] = nil
        switch exited.reason {
        case .timedOut:
            takeBackFloorTimeout(exited)
        case .transferred:
            // The exit was counted as a transfer out of the queue; for the floor it was not one.
            recordFloor(.transfers, -1, bucket: exited.bucket, channel: exited.channel)
            recordFloor(.transfersOutFromQueue, -1, bucket: exited.bucket, channel: exited.channel)
        case .abandoned, .completed:
            break
        }
        let queue = internQueue(queueName, channel: channel)
        var contact = ContactRecord(
            channel: exited.channel, queue: queue, caller: caller ?? exited.caller, firstSeen: exited.customerSince,
            enqueuedAt: time, phase: .waiting,
            appliedSteps: StepHistory(
                startingWith: .queued(queue: queueName, channel: channel, caller: caller), at: time))
        contact.isLaterLeg = true
        recordQueue(.offered, 1, bucket: bucket(for: time, source: key.source), queue: queue)
        insertContact(key, contact)
    }

    /// The channel and the floor counted a timeout for this exit; the customer turned out to go on.
    private func takeBackFloorTimeout(_ exited: ExitedLeg) {
        recordFloor(.timedOut, -1, bucket: exited.bucket, channel: exited.channel)
        recordFloor(.timedOutWaitMs, -exited.wait, bucket: exited.bucket, channel: exited.channel)
        if exited.withinThreshold {
            recordFloor(.timedOutWithinThreshold, -1, bucket: exited.bucket, channel: exited.channel)
        }
        if let bucket = exited.bucket {
            windows.addWait(exited.wait, bucket: bucket, scopes: [0, 1 + Int(exited.channel.rawValue)], count: -1)
        }
    }

    /// A record names an ended contact as the one a new contact was moved from (Connect's
    /// `previousContactId`), after that contact's own last record. Its end is corrected: a
    /// contact the queue put out (a flow disconnect) was transferred out of it instead; one an
    /// agent had was transferred by the agent. Counted once however many records repeat it.
    private func transferredAfterEnd(_ key: EntityKey, _ ended: EndedContact) {
        guard let slot = endedContacts.slot(of: key) else { return }
        if ended.transferCounted {
            count(.duplicate, source: key.source)
            return
        }
        if var exited = exitedLegs[key] {
            guard exited.reason == .timedOut else {
                count(.duplicate, source: key.source)
                return
            }
            takeBackFloorTimeout(exited)
            recordQueue(.timedOut, -1, bucket: exited.bucket, queue: exited.queue)
            recordQueue(.timedOutWaitMs, -exited.queueWait, bucket: exited.bucket, queue: exited.queue)
            if exited.queueWithinThreshold {
                recordQueue(.timedOutWithinThreshold, -1, bucket: exited.bucket, queue: exited.queue)
            }
            if let bucket = exited.bucket, let queue = exited.queue {
                windows.addWait(
                    exited.queueWait, bucket: bucket, scopes: [WindowedMetrics.firstQueueScope + queue], count: -1)
            }
            record(.transfers, 1, bucket: exited.bucket, channel: exited.channel, queue: exited.queue)
            record(.transfersOutFromQueue, 1, bucket: exited.bucket, channel: exited.channel, queue: exited.queue)
            exited.reason = .transferred
            exitedLegs[key] = exited
        } else if ended.wasWithAgent {
            let bucket = bucket(for: ended.endedAt, source: key.source)
            record(.transfers, 1, bucket: bucket, channel: ended.channel, queue: ended.queueIndex)
        } else {
            // Ended as the customer's abandon (a record without a disconnect reason): the
            // customer's own record is believed.
            count(.eventAfterEnd, source: key.source)
            return
        }
        endedContacts.value(at: slot).pointee.transferCounted = true
    }

    private func transfer(
        _ contact: inout ContactRecord, key: EntityKey, toQueue: String?, toAgent: String?, at time: EventTime
    ) {
        // One bucket lookup per step, so an event beyond the windows is counted once.
        let bucket = bucket(for: time, source: key.source)
        let wasWaiting = !contact.phase.isWithAgent
        if toQueue != nil { stopRinging(&contact, key: key, at: time) }
        if toQueue != nil, wasWaiting {
            // Out of this queue only: the customer has not left the floor's queues.
            recordQueue(.transfers, 1, bucket: bucket, queue: contact.queue)
            recordQueue(.transfersOutFromQueue, 1, bucket: bucket, queue: contact.queue)
        } else {
            record(.transfers, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
            if wasWaiting {
                record(.transfersOutFromQueue, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
            }
        }
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
            if wasWaiting {
                // Moved from queue to queue while waiting: a new leg for the queues, the same
                // customer still waiting for the channel and the floor.
                contact.isLaterLeg = true
                recordQueue(.offered, 1, bucket: bucket, queue: queue)
            } else {
                record(.offered, 1, bucket: bucket, channel: contact.channel, queue: queue)
            }
        } else if let toAgent, contact.phase.isWithAgent {
            handOver(&contact, key: key, to: toAgent, at: time, bucket: bucket)
        }
    }

    /// One agent hands a live contact to another: the first agent's leg is handled now (its talk
    /// and hold, counted for that agent, as docs/metrics.md promises), and the second's begins.
    private func handOver(
        _ contact: inout ContactRecord, key: EntityKey, to agent: String, at time: EventTime, bucket: Int64?
    ) {
        closeTalk(&contact, at: time)
        recordHandling(contact, at: time, bucket: bucket)
        detachFromAgent(&contact, key: key, at: time)
        contact.connectedAt = time
        contact.holdTotal = 0
        contact.talkEndedAt = nil
        // The second agent picks it up: on the line, whatever the first left it in.
        contact.phase = .connected
        attachToAgent(&contact, key: key, agent: agent, at: time)
    }

    /// Returns true when the contact is gone (so the caller must not store it back).
    private func end(
        _ contact: inout ContactRecord, key: EntityKey, reason: EndReason, afterContactWork: Bool, at time: EventTime
    ) -> Bool {
        let bucket = bucket(for: time, source: key.source)
        let channel = contact.channel
        let queue = contact.queue
        switch contact.phase {
        case .scheduled:
            // Cancelled before its time (or never queued): no customer waited, nothing to count.
            forget(key, contact, endedAt: time)
            return true
        case .waiting, .ringing:
            stopRinging(&contact, key: key, at: time)
            let wait = max(0, time - (contact.enqueuedAt ?? contact.firstSeen))
            switch reason {
            case .abandoned where contact.kind == .callback, .completed where contact.kind == .callback:
                // A queued callback removed or completed without an agent: the customer was never
                // on the line, so it is no abandon and needs no call back from the worklist.
                forget(key, contact, endedAt: time)
            case .abandoned, .completed:
                if reason == .completed { count(.endedWithoutConnected, source: key.source) }
                record(.abandoned, 1, bucket: bucket, channel: channel, queue: queue)
                let (whole, _) = recordWait(
                    QueueLeg(contact), wait: wait, total: .abandonedWaitMs, within: .abandonedWithinThreshold,
                    bucket: bucket)
                let shortAbandon = shortAbandonThreshold(queue: queue, channel: channel)
                if contact.isLaterLeg {
                    if wait <= shortAbandon {
                        recordQueue(.shortAbandoned, 1, bucket: bucket, queue: queue)
                    }
                    if whole <= shortAbandonThreshold(channel) {
                        recordFloor(.shortAbandoned, 1, bucket: bucket, channel: channel)
                    }
                } else if wait <= shortAbandon {
                    record(.shortAbandoned, 1, bucket: bucket, channel: channel, queue: queue)
                }
                rememberAbandon(key, contact, wait: whole, at: time)
                forget(key, contact, endedAt: time)
            case .timedOut:
                record(.timedOut, 1, bucket: bucket, channel: channel, queue: queue)
                let (whole, within) = recordWait(
                    QueueLeg(contact), wait: wait, total: .timedOutWaitMs, within: .timedOutWithinThreshold,
                    bucket: bucket)
                forget(key, contact, endedAt: time)
                rememberExit(
                    key, contact, reason: reason, floorWait: whole, within: within, queueWait: wait, bucket: bucket,
                    at: time)
            case .transferred:
                record(.transfers, 1, bucket: bucket, channel: channel, queue: queue)
                record(.transfersOutFromQueue, 1, bucket: bucket, channel: channel, queue: queue)
                forget(key, contact, endedAt: time)
                rememberExit(
                    key, contact, reason: reason, floorWait: 0, within: false, queueWait: 0, bucket: bucket, at: time)
            }
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
        forget(key, contact, endedAt: time)
    }

    private func recordHandling(_ contact: ContactRecord, at time: EventTime, bucket: Int64?) {
        // Outbound contacts occupy their agent (occupancy) but are not the queues' handled contacts.
        guard let connectedAt = contact.connectedAt else { return }
        if contact.hasAgent {
            // The agent's own day counts every contact it worked, outbound ones too.
            let channel = contact.channel
            let handle = max(0, time - connectedAt)
            let hold = contact.holdTotal
            let work = contact.talkEndedAt.map { max(0, time - $0) } ?? 0
            recordAgentWork(
                contact.agentSlot,
                .handled(channel: channel, handleMs: handle, holdMs: hold, afterContactWorkMs: work), at: time)
            if contact.agentSlot >= 0, contact.agentSlot < agentRecent.count {
                agentRecent[contact.agentSlot].lastContactEnded = max(
                    agentRecent[contact.agentSlot].lastContactEnded ?? time, time)
            }
        }
        guard contact.kind != .outbound else {
            record(.outboundHandled, 1, bucket: bucket, channel: contact.channel, queue: contact.queue)
            return
        }
        let channel = contact.channel
        let queue = contact.queue
        let handle = max(0, time - connectedAt)
        record(.handled, 1, bucket: bucket, channel: channel, queue: queue)
        if contact.kind == .callback { record(.callbacksHandled, 1, bucket: bucket, channel: channel, queue: queue) }
        if contact.kind == .api { record(.apiHandled, 1, bucket: bucket, channel: channel, queue: queue) }
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

    /// Adds to an agent's figures: its day, for a fact of that day (a late one from before
    /// midnight counts in no day: yesterday's figures are gone), and its windows.
    func recordAgentWork(_ slot: Int, _ work: AgentWork, at time: EventTime) {
        guard slot >= 0, slot < agentDays.count else { return }
        if let day = localDayStart(forFactAt: time) { agentDays[slot].add(work, on: day) }
        agentRecent[slot].add(work, at: time, minutes: agentWindowMinutes)
    }

    /// The local midnight of the day a fact at `time` counts in: the current day, or a later one,
    /// which becomes current; nil for an earlier day (its figures are gone) or when no day is known.
    func localDayStart(forFactAt time: EventTime) -> EventTime? {
        if let start = currentDayStart, time >= start {
            guard let end = currentDayEnd, time >= end else { return start }
        } else if currentDayStart != nil {
            return nil
        }
        guard hasSiteCalendar, let siteCalendar else { return nil }
        let day = siteCalendar.localDay(containing: time)
        currentDayStart = day.lowerBound
        currentDayEnd = day.upperBound
        return day.lowerBound
    }

    /// Minutes in an agent's longest window: the length of its ring.
    var agentWindowMinutes: Int {
        Int(
            max(1, ((settings.windows.max() ?? .minutes(60)) + AgentRecentMinutes.width - 1) / AgentRecentMinutes.width)
        )
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

    /// Remembers a caller who left a queue without an agent, in case the dialplan sends them on.
    private func rememberExit(
        _ key: EntityKey, _ contact: ContactRecord, reason: EndReason, floorWait: Milliseconds, within: Bool,
        queueWait: Milliseconds, bucket: Int64?, at time: EventTime
    ) {
        exitedLegs[key] = ExitedLeg(
            endedAt: time, customerSince: contact.firstSeen, channel: contact.channel, caller: contact.caller,
            reason: reason, wait: floorWait, withinThreshold: within, bucket: bucket, queue: contact.queue,
            queueWait: queueWait,
            queueWithinThreshold: queueWait <= threshold(queue: contact.queue, channel: contact.channel))
    }

    /// Remembers an ended contact (already taken out of `contacts`) for duplicates and late steps.
    func forget(_ key: EntityKey, _ contact: borrowing ContactRecord, endedAt time: EventTime) {
        endedContacts[key] = EndedContact(endedAt: time, contact)
        endedOrder.append(.init(key: key, endedAt: time))
        if endedContacts.count > settings.limits.endedContacts { forgetOldestEndedContact() }
    }
}

/// What recording a wait needs of a contact's queue leg: a few scalars, so the record (its caller
/// string and step history) is neither copied nor retained on the apply path.
private struct QueueLeg {
    var channel: Channel
    var queue: Int?
    var isLaterLeg: Bool
    /// Time the customer spent in earlier legs before this one began.
    var waitBeforeLeg: Milliseconds

    @inline(__always)
    init(_ contact: borrowing ContactRecord) {
        channel = contact.channel
        queue = contact.queue
        isLaterLeg = contact.isLaterLeg
        waitBeforeLeg = contact.isLaterLeg ? max(0, (contact.enqueuedAt ?? contact.firstSeen) - contact.firstSeen) : 0
    }
}
