import FloorCore

/// Which prefix an event type starts with; the decoder matches the rest.
enum TypeFamily {
    case contact
    case agent
    case whole

    var prefixLength: Int {
        switch self {
        case .contact: NativeWords.Name.contact.count
        case .agent: NativeWords.Name.agent.count
        case .whole: 0
        }
    }
}

/// The raw members of one native event, kept as byte ranges until the type is known.
struct NativeFields {
    typealias Slice = JSONScanner.StringSlice

    var version: Int64?
    var versionOffset = 0
    var type: Slice?
    var time: Slice?
    /// `time` already parsed, when it was in the canonical form (read in place, below).
    var canonicalTime: EventTime?
    var timeMilliseconds: Int64?
    var contact: Slice?
    var agent: Slice?
    var queue: Slice?
    var channel: Slice?
    var caller: Slice?
    var reason: Slice?
    var state: Slice?
    var name: Slice?
    var team: Slice?
    var toQueue: Slice?
    var toAgent: Slice?
    var profileName: Slice?
    var afterContactWork: Bool?
    // Only trivial values here, so a decode neither copies nor destroys anything for them
    // (three arrays made each line cost a copy and three destroys). The queue list is read
    // where it is found (so its errors surface in order) and again when the event is made.
    var slots: PerChannel<Int>?
    var crossChannel: PerChannel<Bool>?
    var queuesAt: Int?

    /// Reads the value of member `key`, whose raw bytes are `keyWords`. Inlined, as the string
    /// reader below: the calls' entries and exits were a sixth of this function's cost.
    @_transparent
    mutating func read(key: Slice, name keyWords: LiteralWords, from scanner: inout JSONScanner) throws(DecodeError) {
        let offset = scanner.position
        @inline(__always)
        func string(_ scanner: inout JSONScanner) throws(DecodeError) -> Slice? {
            if scanner.peek() == UInt8(ascii: "\"") { return try scanner.readStringAtQuote() }
            return try nonString(&scanner)
        }
        func nonString(_ scanner: inout JSONScanner) throws(DecodeError) -> Slice? {
            if scanner.matchLiteral("null") { return nil }
            scanner.skipWhitespace()
            throw DecodeError(.badField, at: scanner.position, "\(keyName(key, scanner)) must be a string")
        }
        // One compare of words per candidate, the keys of contact events first.
        switch keyWords {
        case NativeWords.Key.v:
            versionOffset = offset
            version = try scanner.readIntegerField("v")
        case NativeWords.Key.type: type = try string(&scanner)
        case NativeWords.Key.time:
            // The canonical form (24 bytes between quotes, digits and separators only, so no
            // escape or control byte) is parsed where it lies, without scanning it as a string.
            if let (slice, parsed) = scanner.readCanonicalTime() {
                time = slice
                canonicalTime = parsed
            } else {
                time = try string(&scanner)
                canonicalTime = nil
            }
        case NativeWords.Key.contact: contact = try string(&scanner)
        case NativeWords.Key.queue: queue = try string(&scanner)
        case NativeWords.Key.channel: channel = try string(&scanner)
        case NativeWords.Key.agent: agent = try string(&scanner)
        case NativeWords.Key.reason: reason = try string(&scanner)
        case NativeWords.Key.acw:
            guard let value = try scanner.readBool() else {
                throw DecodeError(.badField, at: offset, "acw must be true or false")
            }
            afterContactWork = value
        case NativeWords.Key.timeMs: timeMilliseconds = try scanner.readIntegerField("time_ms")
        case NativeWords.Key.caller: caller = try string(&scanner)
        case NativeWords.Key.state: state = try string(&scanner)
        case NativeWords.Key.name: name = try string(&scanner)
        case NativeWords.Key.team: team = try string(&scanner)
        case NativeWords.Key.toQueue: toQueue = try string(&scanner)
        case NativeWords.Key.toAgent: toAgent = try string(&scanner)
        case NativeWords.Key.profile: profileName = try string(&scanner)
        case NativeWords.Key.slots: slots = try readSlots(&scanner)
        case NativeWords.Key.crossChannel:
            var channels = PerChannel(repeating: false)
            try scanner.forEachElement { (scanner: inout JSONScanner) throws(DecodeError) in
                let slice = try scanner.readString()
                guard let channel = Channel(name: try scanner.string(slice)) else {
                    throw DecodeError(.badField, at: slice.start, "cross_channel holds an unknown channel")
                }
                channels[channel] = true
            }
            crossChannel = channels
        case NativeWords.Key.queues:
            queuesAt = offset
            _ = try Self.readQueues(&scanner)
        default:
            try scanner.skipValue()
        }
    }

    private static func readQueues(_ scanner: inout JSONScanner) throws(DecodeError) -> [String] {
        let offset = scanner.position
        var names: [String] = []
        try scanner.forEachElement { (scanner: inout JSONScanner) throws(DecodeError) in
            guard scanner.peek() == UInt8(ascii: "\"") else {
                throw DecodeError(.badField, at: scanner.position, "queues must hold strings")
            }
            let slice = try scanner.readString()
            guard slice.end - slice.start <= 256 * 6 else {
                throw DecodeError(.badField, at: slice.start, "queue name longer than 256 bytes")
            }
            let name = try scanner.string(slice)
            guard !name.isEmpty, name.utf8.count <= 256 else {
                throw DecodeError(.badField, at: slice.start, "queue names must be 1…256 bytes")
            }
            names.append(name)
        }
        guard names.count <= 1024 else { throw DecodeError(.badField, at: offset, "more than 1024 queues") }
        return names
    }

    private func keyName(_ key: Slice, _ scanner: JSONScanner) -> String {
        (try? scanner.string(key)) ?? "field"
    }

    private func readSlots(_ scanner: inout JSONScanner) throws(DecodeError) -> PerChannel<Int> {
        var result = PerChannel(repeating: 0)
        try scanner.forEachMember { (scanner: inout JSONScanner, key) throws(DecodeError) in
            guard let channel = Channel(name: try scanner.string(key)) else {
                throw DecodeError(.badField, at: key.start, "slots names an unknown channel")
            }
            let slotsOffset = scanner.position
            guard let count = try scanner.readIntegerField("slots"), (0...10).contains(count),
                channel != .voice || count <= 1
            else {
                throw DecodeError(
                    .badField, at: slotsOffset, "slots of \(channel.name) must be 0…\(channel == .voice ? 1 : 10)")
            }
            result[channel] = Int(count)
        }
        return result
    }

    func makeEvent(scanner: JSONScanner, maximumIdentifierLength: Int) throws(DecodeError) -> Event {
        guard let version else { throw DecodeError(.missingField, at: 0, "missing \"v\" (protocol version)") }
        guard version == NativeDecoder.protocolVersion else {
            throw DecodeError(
                .unsupportedVersion, at: versionOffset, "protocol version \(version) is not supported (1 is)")
        }
        guard let type else { throw DecodeError(.missingField, at: 0, "missing \"type\"") }
        let eventTime = try resolveTime(scanner)

        func identifier(_ slice: Slice?, _ field: String) throws(DecodeError) -> String {
            guard let slice else { throw DecodeError(.missingField, at: 0, "\(typeName(scanner)) needs \"\(field)\"") }
            return try checked(slice, field)
        }
        func optional(_ slice: Slice?, _ field: String) throws(DecodeError) -> String? {
            guard let slice else { return nil }
            return try checked(slice, field)
        }
        func checked(_ slice: Slice, _ field: String) throws(DecodeError) -> String {
            // Escapes take up to 6 bytes per character on the wire: the real limit is checked on
            // the decoded value below; this only bounds the work.
            guard slice.end - slice.start <= maximumIdentifierLength * 6 else {
                throw DecodeError(.badField, at: slice.start, "\(field) longer than \(maximumIdentifierLength) bytes")
            }
            let value = try scanner.string(slice)
            guard !value.isEmpty else { throw DecodeError(.badField, at: slice.start, "\(field) is empty") }
            // Invalid UTF-8 is replaced by U+FFFD (3 bytes each): the limit holds for what is kept,
            // so an accepted event always encodes back to an accepted line (found by libFuzzer).
            // Without escapes the value is at most three times the raw bytes: short ones need no count.
            let boundedByRaw = !slice.hasEscapes && (slice.end - slice.start) * 3 <= maximumIdentifierLength
            guard boundedByRaw || value.utf8.count <= maximumIdentifierLength else {
                throw DecodeError(.badField, at: slice.start, "\(field) longer than \(maximumIdentifierLength) bytes")
            }
            return value
        }
        func channelValue() throws(DecodeError) -> Channel? {
            guard let slice = channel else { return nil }
            // Compared in place: building a String per event only to compare it costs more.
            let value: Channel? =
                if slice.hasEscapes {
                    Channel(name: try scanner.string(slice))
                } else {
                    switch scanner.words(slice) {
                    case NativeWords.Name.voice: .voice
                    case NativeWords.Name.chat: .chat
                    case NativeWords.Name.email: .email
                    case NativeWords.Name.task: .task
                    default: nil
                    }
                }
            guard let value else {
                throw DecodeError(.badField, at: slice.start, "channel must be voice, chat, email or task")
            }
            return value
        }

        let body: Event.Body
        let typeSlice = type
        // The family prefix is matched once; the rest is one compare of words per candidate,
        // the commonest first.
        let family: TypeFamily =
            scanner.slice(typeSlice, hasPrefix: NativeWords.Name.contact)
            ? .contact : scanner.slice(typeSlice, hasPrefix: NativeWords.Name.agent) ? .agent : .whole
        let rest = scanner.words(typeSlice, droppingFirst: family.prefixLength)
        switch (family, rest) {
        case (.contact, NativeWords.ContactType.queued):
            guard let channel = try channelValue() else {
                throw DecodeError(.missingField, at: 0, "contact.queued needs \"channel\"")
            }
            body = .contact(
                id: try identifier(contact, "contact"),
                .queued(queue: try identifier(queue, "queue"), channel: channel, caller: try optional(caller, "caller"))
            )
        case (.contact, NativeWords.ContactType.ended):
            guard let reasonSlice = reason else {
                throw DecodeError(.missingField, at: 0, "contact.ended needs \"reason\"")
            }
            guard let endReason = endReason(reasonSlice, scanner) else {
                throw DecodeError(
                    .badField, at: reasonSlice.start, "reason must be completed, abandoned, timed_out or transferred")
            }
            body = .contact(
                id: try identifier(contact, "contact"), .ended(endReason, afterContactWork: afterContactWork ?? false))
        case (.contact, NativeWords.ContactType.connected):
            body = .contact(
                id: try identifier(contact, "contact"),
                .connected(
                    agent: try identifier(agent, "agent"), queue: try optional(queue, "queue"),
                    channel: try channelValue()))
        case (.contact, NativeWords.ContactType.scheduled):
            guard let channel = try channelValue() else {
                throw DecodeError(.missingField, at: 0, "contact.scheduled needs \"channel\"")
            }
            body = .contact(
                id: try identifier(contact, "contact"),
                .scheduled(queue: try identifier(queue, "queue"), channel: channel))
        case (.contact, NativeWords.ContactType.acwEnded):
            body = .contact(id: try identifier(contact, "contact"), .afterContactWorkEnded)
        case (.contact, NativeWords.ContactType.held):
            body = .contact(id: try identifier(contact, "contact"), .held)
        case (.contact, NativeWords.ContactType.resumed):
            body = .contact(id: try identifier(contact, "contact"), .resumed)
        case (.contact, NativeWords.ContactType.offered):
            body = .contact(id: try identifier(contact, "contact"), .offered(agent: try identifier(agent, "agent")))
        case (.contact, NativeWords.ContactType.missed):
            body = .contact(id: try identifier(contact, "contact"), .missed(agent: try identifier(agent, "agent")))
        case (.contact, NativeWords.ContactType.transferred):
            let target = (queue: try optional(toQueue, "to_queue"), agent: try optional(toAgent, "to_agent"))
            body = .contact(
                id: try identifier(contact, "contact"), .transferred(toQueue: target.queue, toAgent: target.agent))
        case (.agent, NativeWords.AgentType.login):
            body = .agent(
                id: try identifier(agent, "agent"),
                .login(name: try optional(name, "name"), team: try optional(team, "team")))
        case (.agent, NativeWords.AgentType.logout):
            body = .agent(id: try identifier(agent, "agent"), .logout)
        case (.agent, NativeWords.AgentType.state):
            body = .agent(
                id: try identifier(agent, "agent"), .status(try agentStatus(scanner, maximumIdentifierLength)))
        case (.agent, NativeWords.AgentType.nextState):
            // Without "state" (or with null) the agent's chosen next status is cleared.
            let next = state == nil ? nil : try agentStatus(scanner, maximumIdentifierLength)
            body = .agent(id: try identifier(agent, "agent"), .nextStatus(next))
        case (.agent, NativeWords.AgentType.profile):
            guard let slots else { throw DecodeError(.missingField, at: 0, "agent.profile needs \"slots\"") }
            var queues: [String] = []
            if let queuesAt {
                var rescan = scanner
                rescan.position = queuesAt
                queues = try Self.readQueues(&rescan)
            }
            body = .agent(
                id: try identifier(agent, "agent"),
                .profile(
                    RoutingProfile(
                        name: try optional(profileName, "profile"), slots: slots,
                        crossChannel: crossChannel ?? PerChannel(repeating: false), queues: queues)))
        case (.whole, NativeWords.Name.heartbeat):
            body = .heartbeat
        default:
            throw DecodeError(.unknownEventType, at: typeSlice.start, "unknown event type \"\(typeName(scanner))\"")
        }
        return Event(time: eventTime, body: body)
    }

    /// Compared in place, as channels are: no String per event.
    private func endReason(_ slice: Slice, _ scanner: JSONScanner) -> EndReason? {
        if slice.hasEscapes { return (try? scanner.string(slice)).flatMap(EndReason.init(rawValue:)) }
        switch scanner.words(slice) {
        case NativeWords.Name.completed: return .completed
        case NativeWords.Name.abandoned: return .abandoned
        case NativeWords.Name.timedOut: return .timedOut
        case NativeWords.Name.transferred: return .transferred
        default: break
        }
        return nil
    }

    private func typeName(_ scanner: JSONScanner) -> String {
        guard let type else { return "" }
        return String((try? scanner.string(type))?.prefix(64) ?? "")
    }

    private func resolveTime(_ scanner: JSONScanner) throws(DecodeError) -> EventTime {
        if let timeMilliseconds {
            // Plausible range: 2000-01-01 … 2100-01-01; anything else is a unit mistake.
            guard (946_684_800_000...4_102_444_800_000).contains(timeMilliseconds) else {
                throw DecodeError(
                    .badField, at: 0, "time_ms \(timeMilliseconds) is not milliseconds since 1970 between 2000 and 2100"
                )
            }
            return EventTime(milliseconds: timeMilliseconds)
        }
        guard let time else { throw DecodeError(.missingField, at: 0, "missing \"time\" (RFC 3339) or \"time_ms\"") }
        let raw = UnsafeRawBufferPointer(rebasing: scanner.bytes[time.start..<time.end])
        guard let parsed = canonicalTime ?? (time.hasEscapes ? nil : RFC3339.parse(raw)) else {
            throw DecodeError(.badField, at: time.start, "time must be RFC 3339, e.g. 2026-11-25T09:00:00.000Z")
        }
        // The same plausible range as time_ms.
        guard (946_684_800_000...4_102_444_800_000).contains(parsed.milliseconds) else {
            throw DecodeError(.badField, at: time.start, "time must lie between 2000 and 2100")
        }
        return parsed
    }

    private func agentStatus(_ scanner: JSONScanner, _ maximumIdentifierLength: Int) throws(DecodeError) -> AgentStatus
    {
        guard let stateSlice = state else { throw DecodeError(.missingField, at: 0, "agent.state needs \"state\"") }
        switch scanner.words(stateSlice) {
        case NativeWords.Name.available: return .available
        case NativeWords.Name.offline: return .offline
        case NativeWords.Name.away:
            guard let reasonSlice = reason, reasonSlice.end - reasonSlice.start <= maximumIdentifierLength * 6 else {
                return .away(reason: "away")
            }
            let text = try scanner.string(reasonSlice)
            guard text.utf8.count <= maximumIdentifierLength else {
                throw DecodeError(
                    .badField, at: reasonSlice.start, "reason longer than \(maximumIdentifierLength) bytes")
            }
            return .away(reason: text.isEmpty ? "away" : text)
        default:
            throw DecodeError(.badField, at: stateSlice.start, "state must be available, away or offline")
        }
    }
}
