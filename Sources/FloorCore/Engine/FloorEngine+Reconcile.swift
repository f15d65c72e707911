extension FloorEngine {
    /// Applies a source's statement of its current state: what floorwatch holds of that source
    /// beyond it ended while floorwatch was not looking (a disconnect, a restart, a lost event).
    /// Such contacts are removed without an outcome: nobody saw them answered or abandoned, so
    /// counting either would make the figures up. Agents missing from a roster log out.
    func reconcile(_ statement: Reconciliation, source: SourceID, at time: EventTime) {
        switch statement {
        case .waiting(let queueName, let listed):
            guard let queue = queueIndex[EntityKey(queue: queueName)] else { return }
            let namespace = self.namespace(of: source)
            let present = Set(listed)
            let gone = contacts.compactMap { key, contact in
                key.namespace == namespace && contact.queue == queue && contact.phase.isInQueue
                    && !present.contains(key.id) ? key : nil
            }
            for key in gone { removeWithoutOutcome(key, counting: .resynchronised, at: time) }
        case .handling(let agent, let listed):
            let present = Set(listed.map(\.id))
            if let index = agentIndex[self.key(agent, source: source)] {
                for key in agentRecords[index].contacts where !present.contains(key.id) {
                    // A statement older than the contact's answer cannot know it: another feed of
                    // the same platform (Connect's contact events) reported the answer first.
                    if let answered = contacts[key]?.connectedAt, answered > time { continue }
                    removeWithoutOutcome(key, counting: .resynchronised, at: time)
                }
            }
            for contact in listed {
                let key = self.key(contact.id, source: source)
                guard contacts[key] == nil, endedContacts[key] == nil else { continue }
                adopt(contact, key: key, agent: agent, at: time)
            }
        case .loggedIn(let listed):
            let present = Set(listed)
            let namespace = self.namespace(of: source)
            for (index, key) in agentKeys.enumerated()
            where key.namespace == namespace && agentRecords[index].loggedIn && !present.contains(key.id) {
                for key in agentRecords[index].contacts {
                    removeWithoutOutcome(key, counting: .resynchronised, at: time)
                }
                count(.resynchronised, source: source)
                applyAgent(key, .logout, at: time)
            }
        }
    }

    /// Takes on a contact already in progress when floorwatch started (or missed its start): it
    /// joins its agent as it stands, without counting an offer or an answer nobody saw here; its
    /// handling is counted when it ends.
    private func adopt(_ handled: HandledContact, key: EntityKey, agent: String, at time: EventTime) {
        guard admitsNewContact(key) else { return }
        count(.resynchronised, source: key.source)
        let queue = handled.queue.map { internQueue($0, channel: handled.channel) }
        var contact = ContactRecord(
            channel: handled.channel, queue: queue, caller: nil, firstSeen: handled.connectedAt, enqueuedAt: nil,
            phase: .connected)
        contact.connectedAt = handled.connectedAt
        attachToAgent(&contact, key: key, agent: agent, at: time)
        switch handled.stage {
        case .connected:
            break
        case .held:
            contact.phase = .held
            contact.holdStartedAt = time
        case .afterContactWork:
            contact.phase = .afterContactWork
            contact.talkEndedAt = time
            let channel = handled.channel
            updateAgent(EntityKey(source: key.source, namespace: key.namespace, id: agent), at: time) { record in
                record.live[channel] = max(0, record.live[channel] - 1)
                record.wrapping[channel] += 1
            }
        }
        insertContact(key, contact)
    }
}
