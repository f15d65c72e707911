import FloorCore

/// Decodes Asterisk `queue_log` lines (`epoch|callid|queue|agent|EVENT|data1|…|data5`, DOMAIN.md
/// §C.3) into canonical events. Call ids are kept exactly as logged (system-name prefixes such as
/// `psy1-1292281041.87` included); queues are named as Asterisk names them and are voice unless
/// configured otherwise. The ISO-time variant (`2020-08-03 12:34:56.123`, written by the realtime
/// back ends) is in the PBX's local time unless `queue_log_realtime_use_gmt = yes`: it is read in
/// the zone `localTime` converts from (the source's configured zone), as UTC without one, and an
/// offset in the text always wins.
///
/// Stateless; thread-safe.
public struct AsteriskQueueLogDecoder: Sendable {
    /// Converts a wall-clock time read as if it were UTC (milliseconds) to the real UTC time, in
    /// the zone the PBX writes its log in (DST included). Made by the daemon from a time zone.
    public typealias LocalTimeConversion = @Sendable (Int64) -> Int64

    public var maximumLength: Int
    public var localTime: LocalTimeConversion?

    public init(maximumLength: Int = 16 * 1024, localTime: LocalTimeConversion? = nil) {
        self.maximumLength = maximumLength
        self.localTime = localTime
    }

    /// Events written by Asterisk for members and the system that floorwatch does not apply.
    static let ignored: Set<String> = [
        "QUEUESTART", "CONFIGRELOAD", "PENALTY", "RINGINUSE", "SYSCOMPAT", "OUTCALL", "RINGCANCELED", "DID",
        "INFO", "HEARTBEAT",
    ]

    /// Decodes one line into `events` (nothing for records that carry no state change; those
    /// throw `ignoredRecord` so they are counted).
    public func decode(_ bytes: UnsafeRawBufferPointer, into events: inout [Event]) throws(DecodeError) {
        guard bytes.count <= maximumLength else {
            throw DecodeError(.tooLong, at: maximumLength, "line of \(bytes.count) bytes exceeds \(maximumLength)")
        }
        let line = String(decoding: bytes, as: UTF8.self)
        // Split as bytes: `|` is ASCII, so every piece starts and ends on a character boundary,
        // and splitting the `String` by characters cost most of the decoding.
        let fields = line.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map {
            Substring($0)
        }
        guard fields.count >= 5 else {
            throw DecodeError(
                .malformedRecord, at: 0, "queue_log needs at least 5 |-separated fields, got \(fields.count)")
        }
        guard let time = Self.time(fields[0], localTime: localTime) else {
            throw DecodeError(.badField, at: 0, "queue_log time must be epoch seconds or an ISO time")
        }
        let callID = String(fields[1])
        let queue = String(fields[2])
        let agent = String(fields[3])
        let name = String(fields[4])
        func data(_ index: Int) -> Substring { fields.count > 4 + index ? fields[4 + index] : "" }
        func contact(_ change: ContactChange) throws(DecodeError) -> Event {
            guard !callID.isEmpty, !["NONE", "REALTIME", "MANAGER", "CLI"].contains(callID), !queue.isEmpty else {
                throw DecodeError(.badField, at: 0, "\(name) needs a call id and a queue")
            }
            return Event(time: time, body: .contact(id: callID, change))
        }
        func member(_ change: AgentChange) throws(DecodeError) -> Event {
            guard !agent.isEmpty, agent != "NONE" else { throw DecodeError(.badField, at: 0, "\(name) needs a member") }
            return Event(time: time, body: .agent(id: agent, change))
        }
        let memberOffset = fields[0].utf8.count + fields[1].utf8.count + fields[2].utf8.count + 3
        switch name {
        case "ENTERQUEUE":
            let caller = data(2).isEmpty ? nil : String(data(2))
            events.append(try contact(.queued(queue: queue, channel: .voice, caller: caller)))
        case "RINGNOANSWER", "AGENTDUMP":
            guard agent != "NONE", !agent.isEmpty else {
                throw DecodeError(.badField, at: memberOffset, "\(name) needs a member")
            }
            events.append(try contact(.missed(agent: agent)))
        case "CONNECT":
            guard agent != "NONE", !agent.isEmpty else {
                throw DecodeError(.badField, at: memberOffset, "CONNECT needs a member")
            }
            events.append(try contact(.connected(agent: agent, queue: queue, channel: nil)))
        case "COMPLETECALLER", "COMPLETEAGENT":
            events.append(try contact(.ended(.completed, afterContactWork: false)))
        case "ABANDON":
            events.append(try contact(.ended(.abandoned, afterContactWork: false)))
        case "EXITEMPTY", "EXITWITHTIMEOUT", "EXITWITHKEY", "WITHDRAW":
            events.append(try contact(.ended(.timedOut, afterContactWork: false)))
        case "BLINDTRANSFER", "ATTENDEDTRANSFER", "TRANSFER":
            events.append(try contact(.ended(.transferred, afterContactWork: false)))
        // Members belong to queues one by one: ADDMEMBER, REMOVEMEMBER, PAUSE and UNPAUSE are
        // about the queue on their line; PAUSEALL/UNPAUSEALL and app_agent_pool logins about
        // every queue. A line with queue NONE is about the member as a whole.
        case "ADDMEMBER" where Self.namesQueue(queue):
            events.append(try member(.membership(queue: queue, .added)))
            // ADDMEMBER carries "PAUSED" when the member joins paused (Asterisk 2024+).
            if data(1) == "PAUSED" { events.append(try member(.membership(queue: queue, .paused(reason: "paused")))) }
        case "ADDMEMBER", "AGENTLOGIN":
            events.append(try member(.login(name: nil, team: nil)))
            if data(1) == "PAUSED" { events.append(try member(.status(.away(reason: "paused")))) }
        case "REMOVEMEMBER" where Self.namesQueue(queue):
            events.append(try member(.membership(queue: queue, .removed)))
        case "REMOVEMEMBER", "AGENTLOGOFF":
            events.append(try member(.logout))
        case "PAUSE" where Self.namesQueue(queue):
            let reason = data(1).isEmpty ? "paused" : String(data(1))
            events.append(try member(.membership(queue: queue, .paused(reason: reason))))
        case "UNPAUSE" where Self.namesQueue(queue):
            events.append(try member(.membership(queue: queue, .unpaused)))
        case "PAUSE", "PAUSEALL":
            let reason = data(1).isEmpty ? "paused" : String(data(1))
            events.append(try member(.status(.away(reason: reason))))
        case "UNPAUSE", "UNPAUSEALL":
            events.append(try member(.status(.available)))
        default:
            let system = Self.ignored.contains(name)
            throw DecodeError(
                system ? .systemRecord : .ignoredRecord, at: memberOffset + agent.utf8.count + 1,
                "\(system ? "system record" : "custom event") \(name) carries nothing to apply")
        }
    }

    /// Whether a line's queue field names a queue (member lines about no queue say NONE).
    static func namesQueue(_ queue: String) -> Bool { !queue.isEmpty && queue != "NONE" }

    static func time(_ field: Substring, localTime: LocalTimeConversion? = nil) -> EventTime? {
        // Epoch seconds; a value that is not a plausible time (1990–2100) is a bad field, not an
        // overflow (found by libFuzzer: 20-digit epochs).
        if let seconds = Int64(field) {
            guard (631_152_000...4_102_444_800).contains(seconds) else { return nil }
            return EventTime(milliseconds: seconds * 1000)
        }
        // The ISO variant: "2020-08-03 12:34:56[.ffffff][±hh:mm]"; without an offset, local time.
        var text = String(field)
        if text.count >= 19 {
            let tail = text.dropFirst(19)
            guard !(tail.contains("Z") || tail.contains("+") || tail.contains("-")) else { return RFC3339.parse(text) }
            text += "Z"
            guard let naive = RFC3339.parse(text) else { return nil }
            return localTime.map { EventTime(milliseconds: $0(naive.milliseconds)) } ?? naive
        }
        return nil
    }
}
