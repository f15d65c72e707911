import FloorCore

/// Decodes Asterisk Manager Interface (AMI) messages, one `Key: Value` block at a time
/// (DOMAIN.md §C.4), into canonical events: the queue events of class `agent` and the rows of a
/// `QueueStatus` response, which rebuild the waiting callers and the members after a (re)connect.
///
/// AMI events carry no time of their own unless manager.conf has `timestampevents = yes`
/// (`Timestamp: 1514295827.372`); otherwise the caller's receive time is used. Calls are keyed
/// by `Uniqueid`, members by `Interface` (`SIP/777`; queue_log logs the member name, which
/// defaults to it). `Paused: 1` makes the member away with its `PausedReason`, whatever the
/// device; otherwise device states (`Status`) 4 INVALID and 5 UNAVAILABLE mean the member cannot
/// take calls (offline), and the others (0 UNKNOWN, 1 NOT_INUSE, 2 INUSE, 3 BUSY, 6 RINGING,
/// 7 RINGINUSE, 8 ONHOLD) leave it logged in and available.
/// Responses and other events are ignored and counted. Stateless; thread-safe.
public struct AsteriskAMIDecoder: Sendable {
    public var maximumLength: Int

    public init(maximumLength: Int = 64 * 1024) { self.maximumLength = maximumLength }

    /// Headers of one block, keys as sent (later duplicates win). Lines end in LF or CRLF; a key
    /// ends at the line's first colon and one space after it is not part of the value. Read as
    /// bytes (LF, CR, colon and space are ASCII, never inside a multi-byte character), so only
    /// the keys and values become strings: splitting the block as a `String` cost more than the
    /// rest of the decoding.
    public static func headers(_ bytes: UnsafeRawBufferPointer) -> [String: String] {
        var headers: [String: String] = [:]
        headers.reserveCapacity(24)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var end = lineEnd
            if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
            var colon = lineStart
            while colon < end, bytes[colon] != 0x3A { colon += 1 }
            if colon < end {
                var valueStart = colon + 1
                if valueStart < end, bytes[valueStart] == 0x20 { valueStart += 1 }
                let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<colon]), as: UTF8.self)
                headers[key] = String(
                    decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end]), as: UTF8.self)
            }
            lineStart = lineEnd + 1
        }
        return headers
    }

    public func decode(
        _ bytes: UnsafeRawBufferPointer, receivedAt: EventTime, into events: inout [Event]
    ) throws(DecodeError) {
        guard bytes.count <= maximumLength else {
            throw DecodeError(
                .tooLong, at: maximumLength, "AMI message of \(bytes.count) bytes exceeds \(maximumLength)")
        }
        try decode(headers: Self.headers(bytes), receivedAt: receivedAt, into: &events)
    }

    /// Decodes a block whose headers are already split (the AMI session reads them first).
    public func decode(
        headers: [String: String], receivedAt: EventTime, into events: inout [Event]
    ) throws(DecodeError) {
        guard let name = headers["Event"] else {
            throw DecodeError(
                .systemRecord, at: 0, "AMI \(headers["Response"].map { "response \($0)" } ?? "block") carries no event"
            )
        }
        let time = headers["Timestamp"].flatMap(Double.init).map { EventTime(seconds: $0) } ?? receivedAt
        let queue = headers["Queue"]
        let call = headers["Uniqueid"]
        let member = Self.member(headers)
        func contact(_ change: ContactChange, at when: EventTime = time) throws(DecodeError) {
            guard let call, !call.isEmpty, queue != nil else {
                throw DecodeError(.missingField, at: 0, "\(name) needs Uniqueid and Queue")
            }
            events.append(Event(time: when, body: .contact(id: call, change)))
        }
        func agent(_ change: AgentChange) throws(DecodeError) {
            guard let member, !member.isEmpty else {
                throw DecodeError(.missingField, at: 0, "\(name) needs Interface")
            }
            events.append(Event(time: time, body: .agent(id: member, change)))
        }
        switch name {
        case "QueueCallerJoin":
            try contact(.queued(queue: queue ?? "", channel: .voice, caller: Self.caller(headers)))
        case "QueueEntry":
            // A QueueStatus row: the caller has waited `Wait` seconds already.
            let waited = Milliseconds((Double(headers["Wait"] ?? "0") ?? 0) * 1000)
            try contact(.queued(queue: queue ?? "", channel: .voice, caller: Self.caller(headers)), at: time - waited)
        case "AgentCalled":
            guard let member else { throw DecodeError(.missingField, at: 0, "AgentCalled needs Interface") }
            try contact(.offered(agent: member))
        case "AgentRingNoAnswer", "AgentDump":
            guard let member else { throw DecodeError(.missingField, at: 0, "\(name) needs Interface") }
            try contact(.missed(agent: member))
        case "AgentConnect":
            guard let member else { throw DecodeError(.missingField, at: 0, "AgentConnect needs Interface") }
            try contact(.connected(agent: member, queue: queue, channel: .voice))
        case "AgentComplete":
            let transferred = headers["Reason"]?.lowercased() == "transfer"
            try contact(.ended(transferred ? .transferred : .completed, afterContactWork: false))
        case "QueueCallerAbandon":
            try contact(.ended(.abandoned, afterContactWork: false))
        case "QueueMemberAdded":
            try agent(.login(name: headers["MemberName"].flatMap { $0 == member ? nil : $0 }, team: nil))
            if let queue { try agent(.membership(queue: queue, .added)) }
            try memberState(headers, agent)
        case "QueueMember", "QueueMemberStatus":
            if let queue, headers["Event"] == "QueueMember" { try agent(.membership(queue: queue, .added)) }
            try memberState(headers, agent)
        case "QueueMemberPause":
            // AMI pauses are per queue (PauseAll sends one per queue).
            guard let queue else {
                try agent(Self.paused(headers) ? .status(.away(reason: Self.reason(headers))) : .status(.available))
                return
            }
            try agent(
                .membership(queue: queue, Self.paused(headers) ? .paused(reason: Self.reason(headers)) : .unpaused))
        case "QueueMemberRemoved":
            if let queue { try agent(.membership(queue: queue, .removed)) } else { try agent(.logout) }
        default:
            throw DecodeError(.ignoredRecord, at: 0, "AMI event \(name) carries nothing floorwatch applies")
        }
    }

    /// A member row (QueueStatus) or status change: logged in unless its device cannot take
    /// calls, paused or available as `Paused` says.
    private func memberState(
        _ headers: [String: String], _ agent: (AgentChange) throws(DecodeError) -> Void
    ) throws(DecodeError) {
        // Paused per queue when the row names one: "Basket" in one queue, taking calls in another.
        let queue = headers["Queue"]
        if Self.paused(headers) {
            if headers["Event"] == "QueueMember" { try agent(.login(name: nil, team: nil)) }
            if let queue {
                try agent(.membership(queue: queue, .paused(reason: Self.reason(headers))))
            } else {
                try agent(.status(.away(reason: Self.reason(headers))))
            }
            return
        }
        let deviceState = headers["Status"].flatMap(Int.init)
        if let deviceState, deviceState == 4 || deviceState == 5 {
            try agent(.status(.offline))
            return
        }
        if headers["Event"] == "QueueMember" { try agent(.login(name: nil, team: nil)) }
        if let queue { try agent(.membership(queue: queue, .unpaused)) }
        try agent(.status(.available))
        // Device states as Asterisk defines them: INUSE, BUSY, RINGING, RINGINUSE and ONHOLD mean
        // the phone is busy (a direct call, or a call floorwatch knows): nothing else is routed.
        if let deviceState { try agent(.deviceInUse(Self.busyDeviceStates.contains(deviceState))) }
    }

    /// Members are keyed by interface; QueueStatus rows of older versions call it Location.
    static func member(_ headers: [String: String]) -> String? {
        headers["Interface"] ?? headers["Location"] ?? headers["MemberName"]
    }

    static func paused(_ headers: [String: String]) -> Bool { headers["Paused"] == "1" }

    /// AST_DEVICE_INUSE 2, BUSY 3, RINGING 6, RINGINUSE 7, ONHOLD 8.
    static let busyDeviceStates: Set<Int> = [2, 3, 6, 7, 8]

    /// Unpause events carry an empty PausedReason (Asterisk issue 395): "paused" then.
    static func reason(_ headers: [String: String]) -> String {
        let reason = headers["PausedReason"] ?? ""
        return reason.isEmpty ? "paused" : reason
    }

    static func caller(_ headers: [String: String]) -> String? {
        guard let number = headers["CallerIDNum"], !number.isEmpty, number != "<unknown>" else { return nil }
        return number
    }
}

/// Splits an AMI byte stream into messages (blocks ended by an empty line, CRLF on the wire, LF
/// accepted). The greeting line (`Asterisk Call Manager/…`) is its own block. Not thread-safe.
public struct AMIFraming {
    private var buffer: [UInt8] = []
    /// An unfinished block longer than this is dropped (a peer that never ends a block must not
    /// grow memory without bound).
    public let maximumBlockLength: Int
    /// Unfinished blocks dropped for length so far.
    public private(set) var overflows = 0

    public init(maximumBlockLength: Int = 64 * 1024) { self.maximumBlockLength = maximumBlockLength }

    /// Appends bytes; returns the complete blocks, without their terminating empty line.
    public mutating func append(_ bytes: some Collection<UInt8>) -> [[UInt8]] {
        buffer += bytes
        var blocks: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < buffer.count {
            guard buffer[index] == 10 else {
                index += 1
                continue
            }
            // An empty line: "\n\n" or "\r\n\r\n".
            let lineStart = index > 0 && buffer[index - 1] == 13 ? index - 1 : index
            let previous = lineStart - 1
            if previous >= start, buffer[previous] == 10 {
                let end = previous > start && buffer[previous - 1] == 13 ? previous - 1 : previous
                let block = Array(buffer[start..<max(start, end)])
                if !block.isEmpty { blocks.append(block) }
                start = index + 1
            } else if start == 0, blocks.isEmpty, buffer[..<lineStart].starts(with: Array("Asterisk Call Manager".utf8))
            {
                blocks.append(Array(buffer[..<lineStart]))
                start = index + 1
            }
            index += 1
        }
        buffer.removeFirst(start)
        if buffer.count > maximumBlockLength {
            buffer.removeAll(keepingCapacity: false)
            overflows += 1
        }
        return blocks
    }
}
