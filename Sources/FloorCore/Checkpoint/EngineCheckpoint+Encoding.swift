/// The checkpoint's encoding, field by field in a fixed order (`formatVersion` names the
/// order). Enums are written by their raw values and refused when unknown.
extension EngineCheckpoint {
    /// `version`: the format to write; an older one leaves out what it lacks (tests of reading
    /// an upgrade write one).
    /// `buffer`: storage to write into (the last checkpoint's bytes, no longer needed).
    public func encoded(as version: UInt32 = formatVersion, reusing buffer: consuming [UInt8] = []) -> [UInt8] {
        var writer = BinaryWriter(reusing: consume buffer, reservingCapacity: encodedSizeEstimate)
        encode(into: &writer, as: version)
        return writer.takeBytes()
    }

    /// About the bytes the encoding takes, for a writer to reserve once rather than grow by
    /// doubling (a flood's tens of megabytes, copied at each step).
    public var encodedSizeEstimate: Int {
        64 * 1024 + contacts.count * 96 + agents.count * 160 + endedContacts.count * 40 + endedOrder.count * 32
    }

    /// Appends the encoding to `writer` (the daemon's frame, after its header).
    public func encode(into writer: inout BinaryWriter, as version: UInt32 = formatVersion) {
        writer.optional(now) { $0.signed($1.milliseconds) }
        writer.unsigned(snapshotSequence)
        writer.optional(lastMaintenance) { $0.signed($1.milliseconds) }
        writer.array(sources) { writer, record in writer.optional(record) { $0.source($1) } }
        writer.source(unattributed)
        writer.array(sourceNamespaces) { $0.unsigned(UInt64($1)) }
        writer.array(namespaceIDs.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            writer.unsigned(UInt64(entry.value))
        }
        writer.array(queueNames) { $0.string($1) }
        writer.array(queueChannels) { $0.byte($1.rawValue) }
        writer.array(queuePlatforms) { writer, platform in writer.optional(platform) { $0.string($1.rawValue) } }
        writer.array(queueLookups) { writer, entry in
            writer.string(entry.name)
            writer.int(entry.index)
        }
        writer.array(queueAliases) { writer, entry in
            writer.string(entry.id)
            writer.string(entry.name)
        }
        writer.array(contacts) { writer, entry in
            writer.key(entry.0)
            writer.contact(entry.1)
        }
        writer.array(endedContacts) { writer, entry in
            writer.key(entry.0)
            writer.ended(entry.1)
        }
        writer.array(endedOrder) { writer, entry in
            writer.key(entry.0)
            writer.signed(entry.1.milliseconds)
        }
        writer.array(exitedLegs) { writer, entry in
            writer.key(entry.0)
            writer.exited(entry.1)
        }
        writer.array(agents) { writer, entry in
            writer.key(entry.0)
            writer.agent(entry.1)
        }
        writer.array(agentDays) { writer, day in
            writer.signed(day.dayStart.milliseconds)
            let sums = day.figures.figures
            writer.perChannel(sums.handled) { $0.signed($1) }
            for value in [
                sums.handleMs, sums.holdMs, sums.afterContactWorkMs, sums.missed, sums.onContactMs, sums.idleMs,
            ] {
                writer.signed(value)
            }
            if version >= 5 {
                writer.signed(sums.slotBusyMs)
                writer.signed(sums.slotCapacityMs)
            }
        }
        if version >= 5 {
            writer.array(agentRecent) { writer, recent in
                writer.time(recent.lastContactEnded)
                writer.signed(recent.newestMinute)
                if version >= 6 {
                    writer.array(recent.runs) { writer, run in
                        writer.signed(run.firstMinute)
                        writer.unsigned(UInt64(run.count))
                        writer.agentMinute(run.minute)
                    }
                } else {
                    writer.array(recent.ringRows) { writer, minute in writer.agentMinute(minute) }
                }
            }
        }
        writer.optional(currentDayStart) { $0.signed($1.milliseconds) }
        writer.array(recentAbandons) { writer, abandon in
            writer.string(abandon.id)
            writer.string(abandon.queue)
            writer.byte(abandon.channel.rawValue)
            writer.optional(abandon.caller) { $0.string($1) }
            writer.signed(abandon.wait)
            writer.signed(abandon.abandonedAt.milliseconds)
        }
        writer.sparse(lifetime)
        writer.array(scopes) { writer, scope in scope.write(to: &writer, version: version) }
    }

    /// Reads a checkpoint of `version` (one of `readableVersions`).
    public init(decoding bytes: [UInt8], version: UInt32 = formatVersion) throws(BinaryReader.Malformed) {
        var reader = BinaryReader(bytes)
        // Rows of window figures grew in format 4; older rows are widened with zeros.
        let fieldsPerRow = version == 3 ? WindowField.countInFormat3 : WindowField.count
        let time = { (reader: inout BinaryReader) throws(BinaryReader.Malformed) in
            EventTime(milliseconds: try reader.signed())
        }
        now = try reader.optional(time)
        snapshotSequence = try reader.unsigned()
        lastMaintenance = try reader.optional(time)
        sources = try reader.array { reader throws(BinaryReader.Malformed) in
            try reader.optional { reader throws(BinaryReader.Malformed) in try reader.source() }
        }
        unattributed = try reader.source()
        sourceNamespaces = try reader.array { reader throws(BinaryReader.Malformed) in
            UInt16(truncatingIfNeeded: try reader.unsigned())
        }
        for (name, namespace) in try reader.array({ reader throws(BinaryReader.Malformed) in
            (try reader.string(), UInt16(truncatingIfNeeded: try reader.unsigned()))
        }) {
            namespaceIDs[name] = namespace
        }
        queueNames = try reader.array { reader throws(BinaryReader.Malformed) in try reader.string() }
        queueChannels = try reader.array { reader throws(BinaryReader.Malformed) in try reader.channel() }
        queuePlatforms = try reader.array { reader throws(BinaryReader.Malformed) in
            try reader.optional { reader throws(BinaryReader.Malformed) in
                try reader.known(SourceFormat.Platform(rawValue: try reader.string()), "platform")
            }
        }
        queueLookups = try reader.array { reader throws(BinaryReader.Malformed) in
            (try reader.string(), try reader.int())
        }
        queueAliases = try reader.array { reader throws(BinaryReader.Malformed) in
            (try reader.string(), try reader.string())
        }
        contacts = try reader.array { reader throws(BinaryReader.Malformed) in (try reader.key(), try reader.contact())
        }
        endedContacts = try reader.array { reader throws(BinaryReader.Malformed) in
            (try reader.key(), try reader.ended())
        }
        endedOrder = try reader.array { reader throws(BinaryReader.Malformed) in (try reader.key(), try time(&reader)) }
        exitedLegs = try reader.array { reader throws(BinaryReader.Malformed) in (try reader.key(), try reader.exited())
        }
        agents = try reader.array { reader throws(BinaryReader.Malformed) in (try reader.key(), try reader.agent()) }
        agentDays = try reader.array { reader throws(BinaryReader.Malformed) in
            var day = AgentDay()
            day.dayStart = try reader.requiredTime()
            var sums = AgentSums()
            sums.handled = try reader.perChannel { reader throws(BinaryReader.Malformed) in try reader.signed() }
            sums.handleMs = try reader.signed()
            sums.holdMs = try reader.signed()
            sums.afterContactWorkMs = try reader.signed()
            sums.missed = try reader.signed()
            sums.onContactMs = try reader.signed()
            sums.idleMs = try reader.signed()
            if version >= 5 {
                sums.slotBusyMs = try reader.signed()
                sums.slotCapacityMs = try reader.signed()
            }
            day.figures = CompactAgentFigures(sums.figures)
            return day
        }
        if version >= 5 {
            agentRecent = try reader.array { reader throws(BinaryReader.Malformed) in
                let lastContactEnded = try reader.time()
                let newestMinute = try reader.signed()
                guard version >= 6 else {
                    let rows = try reader.array { reader throws(BinaryReader.Malformed) in try reader.agentMinute() }
                    return AgentRecentMinutes(
                        ringRows: rows, newestMinute: newestMinute, lastContactEnded: lastContactEnded)
                }
                var previousEnd = Int64.min
                let runs = try reader.array { reader throws(BinaryReader.Malformed) in
                    let first = try reader.signed()
                    let count: Int32 = try reader.narrow(try reader.unsigned())
                    // Runs are ordered, apart, and end by the newest minute: anything else is damage.
                    let (last, overflow) = first.addingReportingOverflow(Int64(count) - 1)
                    guard count > 0, !overflow, first > previousEnd, last <= newestMinute else {
                        throw reader.fail("agent minutes out of order")
                    }
                    previousEnd = last
                    return AgentRecentMinutes.Run(firstMinute: first, count: count, minute: try reader.agentMinute())
                }
                // Nothing kept: no newest minute either (one from a damaged file would hold back
                // every later minute's work).
                return AgentRecentMinutes(
                    runs: runs, newestMinute: runs.isEmpty ? .min : newestMinute, lastContactEnded: lastContactEnded)
            }
        }
        currentDayStart = try reader.optional(time)
        recentAbandons = try reader.array { reader throws(BinaryReader.Malformed) in
            AbandonedContactSnapshot(
                id: try reader.string(), queue: try reader.string(), channel: try reader.channel(),
                caller: try reader.optional { reader throws(BinaryReader.Malformed) in try reader.string() },
                wait: try reader.signed(), abandonedAt: try time(&reader))
        }
        lifetime = try Self.widened(reader.sparse(), from: fieldsPerRow)
        scopes = try reader.array { reader throws(BinaryReader.Malformed) in
            var scope = try ScopeWindowsState(from: &reader, version: version)
            scope.counts = try Self.widened(scope.counts, from: fieldsPerRow)
            scope.running = try Self.widened(scope.running, from: fieldsPerRow)
            scope.ledger.counts = try Self.widened(scope.ledger.counts, from: fieldsPerRow)
            return scope
        }
        guard reader.isAtEnd else { throw BinaryReader.Malformed(offset: reader.position, what: "bytes after the end") }
    }
}

extension EngineCheckpoint {
    /// Rows of `fields` window figures as rows of today's `WindowField.count`, new fields 0.
    static func widened(_ values: SparseCounts, from fields: Int) throws(BinaryReader.Malformed) -> SparseCounts {
        guard fields != WindowField.count else { return values }
        guard fields > 0, values.count % fields == 0 else {
            throw BinaryReader.Malformed(offset: 0, what: "rows of \(fields) figures in \(values.count) values")
        }
        var widened = SparseCounts(count: values.count / fields * WindowField.count)
        values.forEach { index, value in
            let (row, field) = index.quotientAndRemainder(dividingBy: fields)
            widened.append(value, at: row * WindowField.count + field)
        }
        return widened
    }

    static func widened(_ values: [Int64], from fields: Int) throws(BinaryReader.Malformed) -> [Int64] {
        try widened(SparseCounts(values), from: fields).dense
    }
}

extension BinaryWriter {
    fileprivate mutating func time(_ time: EventTime?) { signed(time?.milliseconds ?? Int64.min) }

    fileprivate mutating func key(_ key: EngineCheckpoint.Key) {
        unsigned(UInt64(key.source))
        unsigned(UInt64(key.namespace))
        string(key.id)
    }

    fileprivate mutating func counts<Key>(_ counts: [Key: Int64], name: (Key) -> String) {
        array(counts.map { (name($0.key), $0.value) }.sorted { $0.0 < $1.0 }) { writer, entry in
            writer.string(entry.0)
            writer.signed(entry.1)
        }
    }

    fileprivate mutating func source(_ record: SourceRecord) {
        string(record.name)
        optional(record.format) { $0.string($1.rawValue) }
        string(record.instance)
        counts(record.ignored) { $0 }
        signed(record.events)
        counts(record.anomalies) { $0.rawValue }
        counts(record.decodeErrors) { $0 }
        time(record.latestEventTime)
        time(record.lastReceivedAt)
        signed(record.lateEvents)
        signed(record.maximumLateness)
        signed(record.lastLateness)
    }

    fileprivate mutating func steps(_ steps: StepHistory) {
        signed(steps.base)
        let inline = steps.inline
        for value in [inline.0, inline.1, inline.2, inline.3, inline.4, inline.5] { unsigned(UInt64(value)) }
        byte(steps.inlineCount)
        array(steps.overflow) { $0.unsigned($1) }
    }

    fileprivate mutating func contact(_ contact: ContactRecord) {
        signed(contact.firstSeen.milliseconds)
        time(contact.enqueuedAt)
        time(contact.connectedAt)
        time(contact.holdStartedAt)
        time(contact.talkEndedAt)
        signed(contact.holdTotal)
        optional(contact.caller) { $0.string($1) }
        steps(contact.appliedSteps)
        signed(Int64(contact.queueNumber))
        signed(Int64(contact.agentSlotNumber))
        signed(Int64(contact.ringingAgentSlot))
        byte(contact.channel.rawValue)
        byte(contact.phase.rawValue)
        byte(contact.chatLevelNumber)
        byte(contact.kind.rawValue)
        bool(contact.isLaterLeg)
    }

    fileprivate mutating func ended(_ ended: EndedContact) {
        signed(ended.endedAt.milliseconds)
        byte(ended.channel.rawValue)
        signed(Int64(ended.queue))
        bool(ended.wasWithAgent)
        bool(ended.transferCounted)
    }

    fileprivate mutating func exited(_ leg: ExitedLeg) {
        signed(leg.endedAt.milliseconds)
        signed(leg.customerSince.milliseconds)
        byte(leg.channel.rawValue)
        optional(leg.caller) { $0.string($1) }
        string(leg.reason.rawValue)
        signed(leg.wait)
        bool(leg.withinThreshold)
        optional(leg.bucket) { $0.signed($1) }
        optional(leg.queue) { $0.int($1) }
        signed(leg.queueWait)
        bool(leg.queueWithinThreshold)
    }

    fileprivate mutating func status(_ status: AgentStatus) {
        switch status {
        case .available: byte(0)
        case .away(let reason):
            byte(1)
            string(reason)
        case .offline: byte(2)
        }
    }

    fileprivate mutating func perChannel<Value>(
        _ values: PerChannel<Value>, _ write: (inout BinaryWriter, Value) -> Void
    ) {
        for channel in Channel.allCases { write(&self, values[channel]) }
    }

    fileprivate mutating func agent(_ agent: AgentRecord) {
        optional(agent.name) { $0.string($1) }
        optional(agent.team) { $0.string($1) }
        bool(agent.loggedIn)
        status(agent.status)
        signed(agent.statusSince.milliseconds)
        optional(agent.nextStatus) { $0.status($1) }
        array(agent.pausedQueues.sorted { $0.key < $1.key }) { writer, entry in
            writer.int(entry.key)
            writer.string(entry.value)
        }
        optional(agent.profile.name) { $0.string($1) }
        perChannel(agent.profile.slots) { $0.int($1) }
        perChannel(agent.profile.crossChannel) { $0.bool($1) }
        array(agent.profile.queues) { $0.string($1) }
        array(agent.profileQueues) { $0.int($1) }
        array(agent.contacts.map(EngineCheckpoint.Key.init)) { $0.key($1) }
        perChannel(agent.live.perChannel) { $0.int($1) }
        perChannel(agent.wrapping.perChannel) { $0.int($1) }
        time(agent.accountedUntil)
        signed(agent.lastEventTime.milliseconds)
        time(agent.activitySince)
        string(agent.activity.rawValue)
        byte(agent.ringing)
        bool(agent.inError)
        bool(agent.deviceInUse)
        bool(agent.hasMemberships)
    }
}

extension BinaryReader {
    fileprivate mutating func time() throws(Malformed) -> EventTime? {
        let milliseconds = try signed()
        return milliseconds == Int64.min ? nil : EventTime(milliseconds: milliseconds)
    }

    /// A narrower integer, refused when out of its range.
    fileprivate mutating func narrow<Narrow: FixedWidthInteger, Wide: BinaryInteger>(
        _ value: Wide
    ) throws(Malformed)
        -> Narrow
    {
        guard let narrow = Narrow(exactly: value) else { throw fail("number out of range") }
        return narrow
    }

    fileprivate mutating func requiredTime() throws(Malformed) -> EventTime {
        EventTime(milliseconds: try signed())
    }

    fileprivate mutating func channel() throws(Malformed) -> Channel {
        try known(Channel(rawValue: try byte()), "channel")
    }

    fileprivate mutating func key() throws(Malformed) -> EngineCheckpoint.Key {
        let source = UInt16(truncatingIfNeeded: try unsigned())
        let namespace = UInt16(truncatingIfNeeded: try unsigned())
        return EngineCheckpoint.Key(EntityKey(source: SourceID(source), namespace: namespace, id: try string()))
    }

    fileprivate mutating func counts<Key: Hashable>(_ key: (String) -> Key?) throws(Malformed) -> [Key: Int64] {
        var counts: [Key: Int64] = [:]
        for _ in 0..<(try count()) {
            let name = try string()
            counts[try known(key(name), "counter \(name)")] = try signed()
        }
        return counts
    }

    fileprivate mutating func source() throws(Malformed) -> SourceRecord {
        let name = try string()
        let format = try optional { reader throws(Malformed) in
            try reader.known(SourceFormat(rawValue: try reader.string()), "source format")
        }
        var record = SourceRecord(name: name, format: format, instance: try string())
        record.ignored = try counts { $0 }
        record.events = try signed()
        record.anomalies = try counts { Anomaly(rawValue: $0) }
        record.decodeErrors = try counts { $0 }
        record.latestEventTime = try time()
        record.lastReceivedAt = try time()
        record.lateEvents = try signed()
        record.maximumLateness = try signed()
        record.lastLateness = try signed()
        return record
    }

    fileprivate mutating func steps() throws(Malformed) -> StepHistory {
        var steps = StepHistory()
        steps.base = try signed()
        var inline: [UInt32] = []
        for _ in 0..<6 { inline.append(UInt32(truncatingIfNeeded: try unsigned())) }
        steps.inline = (inline[0], inline[1], inline[2], inline[3], inline[4], inline[5])
        steps.inlineCount = try byte()
        guard steps.inlineCount <= 6 else { throw Malformed(offset: position, what: "step count") }
        steps.overflow = try array { reader throws(Malformed) in try reader.unsigned() }
        return steps
    }

    fileprivate mutating func contact() throws(Malformed) -> ContactRecord {
        let firstSeen = try requiredTime()
        let enqueuedAt = try time()
        let connectedAt = try time()
        let holdStartedAt = try time()
        let talkEndedAt = try time()
        let holdTotal = try signed()
        let caller = try optional { reader throws(Malformed) in try reader.string() }
        let steps = try steps()
        let queue = Int32(truncatingIfNeeded: try signed())
        var contact = ContactRecord(
            channel: .voice, queue: nil, caller: caller, firstSeen: firstSeen, enqueuedAt: enqueuedAt, phase: .waiting,
            appliedSteps: steps)
        contact.queueNumber = queue
        contact.connectedAt = connectedAt
        contact.holdStartedAt = holdStartedAt
        contact.talkEndedAt = talkEndedAt
        contact.holdTotal = holdTotal
        contact.agentSlotNumber = Int32(truncatingIfNeeded: try signed())
        contact.ringingAgentSlot = Int32(truncatingIfNeeded: try signed())
        contact.channel = try channel()
        contact.phase = try known(ContactPhase(rawValue: try byte()), "contact phase")
        contact.chatLevelNumber = try byte()
        contact.kind = try known(ContactKind(rawValue: try byte()), "contact kind")
        contact.isLaterLeg = try bool()
        return contact
    }

    fileprivate mutating func ended() throws(Malformed) -> EndedContact {
        EndedContact(
            endedAt: try requiredTime(), channel: try channel(), queue: Int32(truncatingIfNeeded: try signed()),
            wasWithAgent: try bool(), transferCounted: try bool())
    }

    fileprivate mutating func exited() throws(Malformed) -> ExitedLeg {
        ExitedLeg(
            endedAt: try requiredTime(), customerSince: try requiredTime(), channel: try channel(),
            caller: try optional { reader throws(Malformed) in try reader.string() },
            reason: try known(EndReason(rawValue: try string()), "end reason"), wait: try signed(),
            withinThreshold: try bool(), bucket: try optional { reader throws(Malformed) in try reader.signed() },
            queue: try optional { reader throws(Malformed) in try reader.int() }, queueWait: try signed(),
            queueWithinThreshold: try bool())
    }

    fileprivate mutating func status() throws(Malformed) -> AgentStatus {
        switch try byte() {
        case 0: return .available
        case 1: return .away(reason: try string())
        case 2: return .offline
        default: throw Malformed(offset: position, what: "agent status")
        }
    }

    fileprivate mutating func perChannel<Value: Sendable>(
        _ read: (inout BinaryReader) throws(Malformed) -> Value
    )
        throws(Malformed) -> PerChannel<Value>
    {
        var values = PerChannel(repeating: try read(&self))
        for channel in Channel.allCases.dropFirst() { values[channel] = try read(&self) }
        return values
    }

    fileprivate mutating func agent() throws(Malformed) -> AgentRecord {
        let name = try optional { reader throws(Malformed) in try reader.string() }
        let team = try optional { reader throws(Malformed) in try reader.string() }
        let loggedIn = try bool()
        let status = try status()
        let statusSince = try requiredTime()
        let nextStatus = try optional { reader throws(Malformed) in try reader.status() }
        var paused: [Int: String] = [:]
        for _ in 0..<(try count()) { paused[try int()] = try string() }
        let profileName = try optional { reader throws(Malformed) in try reader.string() }
        let slots = try perChannel { reader throws(Malformed) in try reader.int() }
        let crossChannel = try perChannel { reader throws(Malformed) in try reader.bool() }
        let profileQueueNames = try array { reader throws(Malformed) in try reader.string() }
        let profile = RoutingProfile(
            name: profileName, slots: slots, crossChannel: crossChannel, queues: profileQueueNames)
        let profileQueues = try array { reader throws(Malformed) in try reader.int() }
        var agent = AgentRecord(
            name: name, team: team, status: status, statusSince: statusSince, nextStatus: nextStatus,
            profile: profile, profileQueues: profileQueues, lastEventTime: statusSince, loggedIn: loggedIn)
        agent.pausedQueues = paused
        agent.contacts = try array { reader throws(Malformed) in try reader.key().entityKey }
        agent.live = ContactsPerChannel(try perChannel { reader throws(Malformed) in try reader.int() })
        agent.wrapping = ContactsPerChannel(try perChannel { reader throws(Malformed) in try reader.int() })
        agent.accountedUntil = try time()
        agent.lastEventTime = try requiredTime()
        agent.activitySince = try time()
        agent.activity = try known(AgentSnapshot.Activity(rawValue: try string()), "activity")
        agent.ringing = try byte()
        agent.inError = try bool()
        agent.deviceInUse = try bool()
        agent.hasMemberships = try bool()
        return agent
    }
}

extension BinaryWriter {
    fileprivate mutating func agentMinute(_ minute: AgentRecentMinutes.Minute) {
        for value in [
            minute.handleMs, minute.holdMs, minute.afterContactWorkMs, minute.slotBusyMs, minute.slotCapacityMs,
        ] {
            signed(Int64(value))
        }
        unsigned(UInt64(minute.onContactMs))
        unsigned(UInt64(minute.idleMs))
        for channel in 0..<4 { byte(minute.handled[channel]) }
        byte(minute.missed)
    }
}

extension BinaryReader {
    fileprivate mutating func agentMinute() throws(Malformed) -> AgentRecentMinutes.Minute {
        var minute = AgentRecentMinutes.Minute()
        minute.handleMs = try narrow(try signed())
        minute.holdMs = try narrow(try signed())
        minute.afterContactWorkMs = try narrow(try signed())
        minute.slotBusyMs = try narrow(try signed())
        minute.slotCapacityMs = try narrow(try signed())
        minute.onContactMs = try narrow(try unsigned())
        minute.idleMs = try narrow(try unsigned())
        for channel in 0..<4 { minute.handled[channel] = try byte() }
        minute.missed = try byte()
        return minute
    }
}
