import FloorCore

/// Decodes Amazon Connect Agent Event Stream records (one JSON object per line or datagram, as a
/// Kinesis consumer relays them; DOMAIN.md §C.1) into canonical events.
///
/// Each record carries the agent's previous and current snapshot, so contact steps are found by
/// comparing the two: a contact that turns CONNECTED is connected, CONNECTED_ONHOLD is held, ENDED
/// starts after-contact work, and an ENDED contact gone from the current snapshot ends it (AWS's
/// own ACW rule). HEART_BEAT records re-send the status and routing profile so a missed event
/// heals (the engine ignores what did not change). Lenient where producers differ: `VOICE`/`Voice`,
/// `TASK`/`TASKS`, key casing.
///
/// Stateless; thread-safe.
public struct ConnectAgentEventDecoder: Sendable {
    public var maximumLength: Int

    public init(maximumLength: Int = 256 * 1024) { self.maximumLength = maximumLength }

    public func decode(_ bytes: UnsafeRawBufferPointer, into events: inout [Event]) throws(DecodeError) {
        guard bytes.count <= maximumLength else {
            throw DecodeError(.tooLong, at: maximumLength, "record of \(bytes.count) bytes exceeds \(maximumLength)")
        }
        let record = try JSONValue.parse(bytes)
        guard let type = record["EventType"]?.string else {
            throw DecodeError(.missingField, at: 0, "missing EventType")
        }
        guard let time = Self.time(record["EventTimestamp"]) else {
            throw DecodeError(.badField, at: 0, "EventTimestamp must be an ISO-8601 time")
        }
        guard let arn = record["AgentARN"]?.string, let agent = Self.lastComponent(arn) else {
            throw DecodeError(.missingField, at: 0, "missing AgentARN")
        }
        let current = record["CurrentAgentSnapshot"]
        let previous = record["PreviousAgentSnapshot"]
        func emit(_ at: EventTime, _ body: Event.Body) { events.append(Event(time: at, body: body)) }
        switch type.uppercased() {
        case "LOGIN":
            let configuration = current?["Configuration"]
            emit(time, .agent(id: agent, .login(name: Self.displayName(configuration), team: Self.team(configuration))))
        case "LOGOUT":
            emit(time, .agent(id: agent, .logout))
        case "STATE_CHANGE", "HEART_BEAT":
            guard let current else { throw DecodeError(.missingField, at: 0, "\(type) without CurrentAgentSnapshot") }
            let reconcile = type.uppercased() == "HEART_BEAT" || previous == nil
            appendAgentChanges(
                agent: agent, time: time, current: current, previous: previous, reconcile: reconcile, into: &events)
            appendContactChanges(agent: agent, time: time, current: current, previous: previous, into: &events)
            // Every snapshot lists all the agent's contacts: any other ended unseen, and one in
            // progress that floorwatch never saw start (a restart) is taken on as it stands.
            events.append(
                Event(time: time, body: .reconcile(.handling(agent: agent, contacts: Self.handled(current, at: time)))))
        default:
            throw DecodeError(.unknownEventType, at: 0, "unknown Connect agent EventType \(type)")
        }
    }

    private func appendAgentChanges(
        agent: String, time: EventTime, current: JSONValue, previous: JSONValue?, reconcile: Bool,
        into events: inout [Event]
    ) {
        if let status = Self.status(current["AgentStatus"]) {
            let since = Self.time(current["AgentStatus"]?["StartTimestamp"]) ?? time
            if reconcile || Self.status(previous?["AgentStatus"]) != status {
                // A heartbeat states the status now; a change takes effect when it started.
                events.append(
                    Event(time: reconcile ? time : min(since, time), body: .agent(id: agent, .status(status))))
            }
        }
        // NextAgentStatus carries only a name (and when it was chosen). Stated whenever either
        // snapshot has one, and on heartbeats, so a missed record cannot leave a stale "going to
        // lunch" behind for long (a status change clears it too).
        let next = Self.status(current["NextAgentStatus"])
        if reconcile || next != nil || Self.status(previous?["NextAgentStatus"]) != nil {
            events.append(Event(time: time, body: .agent(id: agent, .nextStatus(next))))
        }
        let profile = Self.profile(current["Configuration"]?["RoutingProfile"])
        if let profile, reconcile || Self.profile(previous?["Configuration"]?["RoutingProfile"]) != profile {
            // The contact feed names queues by ARN only: teach the engine each queue's name first.
            Self.appendQueueNames(
                current["Configuration"]?["RoutingProfile"]?["InboundQueues"]?.array, at: time, into: &events)
            events.append(Event(time: time, body: .agent(id: agent, .profile(profile))))
        }
        // Connect's Error activity (a missed, rejected or failed contact to clear) outranks all others.
        let inError = Self.hasContactInError(current)
        if reconcile || inError != Self.hasContactInError(previous) {
            events.append(Event(time: time, body: .agent(id: agent, .contactInError(inError))))
        }
    }

    static let errorStates: Set<String> = ["MISSED", "REJECTED", "ERROR"]

    /// A contact's kind from Connect's InitiationMethod; nil for legs that are no customer
    /// contact (MONITOR: a supervisor listening; DISCONNECT: the disconnect flow). Absent or
    /// unknown methods are inbound, as every queued contact of older records is.
    static func kind(_ method: JSONValue?) -> ContactKind? {
        switch method?.string?.uppercased() {
        case "OUTBOUND": .outbound
        case "CALLBACK": .callback
        case "TRANSFER": .transfer
        case "QUEUE_TRANSFER": .queueTransfer
        case "API": .api
        case "MONITOR", "DISCONNECT": nil
        default: .inbound
        }
    }
    static let offerStates: Set<String> = ["INCOMING", "PENDING", "CONNECTING"]

    static func hasContactInError(_ snapshot: JSONValue?) -> Bool {
        (snapshot?["Contacts"]?.array ?? []).contains {
            errorStates.contains($0["State"]?.string?.uppercased() ?? "")
        }
    }

    /// `queueNamed` for each queue that carries both an ARN and a name (agent queues have no name).
    static func appendQueueNames(_ queues: [JSONValue]?, at time: EventTime, into events: inout [Event]) {
        for queue in queues ?? [] {
            guard let name = queue["Name"]?.string, !name.isEmpty,
                let id = queue["ARN"]?.string.flatMap(lastComponent), id != name
            else { continue }
            events.append(Event(time: time, body: .queueNamed(id: id, name: name)))
        }
    }

    private func appendContactChanges(
        agent: String, time: EventTime, current: JSONValue, previous: JSONValue?, into events: inout [Event]
    ) {
        let before = Dictionary(
            (previous?["Contacts"]?.array ?? []).compactMap { contact in
                contact["ContactId"]?.string.map { ($0, contact) }
            },
            uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        for contact in current["Contacts"]?.array ?? [] {
            guard let id = contact["ContactId"]?.string else { continue }
            seen.insert(id)
            let state = contact["State"]?.string?.uppercased() ?? ""
            let previousState = before[id]?["State"]?.string?.uppercased()
            guard state != previousState else { continue }
            let kind = Self.kind(contact["InitiationMethod"])
            // A supervisor's monitor leg, or a disconnect flow, is no customer contact.
            guard let kind else { continue }
            if previousState == nil, let queueValue = contact["Queue"] {
                Self.appendQueueNames([queueValue], at: time, into: &events)
            }
            let at = Self.time(contact["StateStartTimestamp"]) ?? time
            let channel = Self.channel(contact["Channel"]?.string)
            let queue = Self.queueName(contact["Queue"])
            func emit(_ change: ContactChange, _ when: EventTime = at) {
                events.append(Event(time: when, body: .contact(id: id, change)))
            }
            func connectIfNeeded() {
                guard previousState != "CONNECTED", previousState != "CONNECTED_ONHOLD" else { return }
                if kind == .outbound {
                    // Dialled by the agent: on contact from the dial (Connect's "outbound ring").
                    if previousState == nil || !Self.offerStates.contains(previousState ?? "") {
                        emit(.connected(agent: agent, queue: nil, channel: channel, kind: .outbound))
                    }
                    return
                }
                if previousState == nil, let queued = Self.time(contact["QueueTimestamp"]), let queue {
                    emit(.queued(queue: queue, channel: channel ?? .voice, caller: nil, kind: kind), queued)
                }
                let connectedAt = Self.time(contact["ConnectedToAgentTimestamp"]) ?? at
                emit(.connected(agent: agent, queue: queue, channel: channel, kind: kind), connectedAt)
            }
            switch state {
            case let offer where Self.offerStates.contains(offer) && kind == .outbound:
                emit(.connected(agent: agent, queue: nil, channel: channel, kind: .outbound))
            case "INCOMING", "PENDING", "CONNECTING":
                if previousState == nil, let queued = Self.time(contact["QueueTimestamp"]), let queue {
                    emit(.queued(queue: queue, channel: channel ?? .voice, caller: nil, kind: kind), queued)
                }
                emit(.offered(agent: agent))
            case "CONNECTED":
                if previousState == "CONNECTED_ONHOLD" {
                    emit(.resumed)
                } else {
                    connectIfNeeded()
                }
            case "CONNECTED_ONHOLD":
                connectIfNeeded()
                emit(.held)
            case "MISSED", "REJECTED", "ERROR":
                emit(.missed(agent: agent))
            case "ENDED" where kind == .outbound:
                connectIfNeeded()
                emit(.ended(.completed, afterContactWork: true))
            case "ENDED":
                guard contact["ConnectedToAgentTimestamp"]?.string != nil else {
                    // Ended while ringing, never connected: the customer hung up during the offer
                    // (an abandon while ringing). After a miss it went back to the queue instead.
                    if previousState.map(Self.offerStates.contains) ?? false {
                        emit(.ended(.abandoned, afterContactWork: false))
                    }
                    continue
                }
                // Ended after being connected: after-contact work starts now.
                connectIfNeeded()
                emit(.ended(.completed, afterContactWork: true))
            default:
                continue
            }
        }
        for (id, contact) in before where !seen.contains(id) {
            guard let kind = Self.kind(contact["InitiationMethod"]) else { continue }
            switch contact["State"]?.string?.uppercased() {
            case let offer? where Self.offerStates.contains(offer) && kind == .outbound:
                // An outbound dial that ended before anyone answered: the agent's work on it ends.
                events.append(Event(time: time, body: .contact(id: id, .ended(.completed, afterContactWork: false))))
            case "INCOMING", "PENDING", "CONNECTING":
                // The offer vanished unanswered and not missed: the customer hung up while it rang.
                events.append(Event(time: time, body: .contact(id: id, .ended(.abandoned, afterContactWork: false))))
            case "ENDED":
                events.append(Event(time: time, body: .contact(id: id, .afterContactWorkEnded)))
            case "CONNECTED", "CONNECTED_ONHOLD":
                events.append(Event(time: time, body: .contact(id: id, .ended(.completed, afterContactWork: false))))
            default:
                continue
            }
        }
    }

    /// The contacts of a snapshot an agent has in hand (connected, on hold, after-contact work).
    static func handled(_ snapshot: JSONValue, at time: EventTime) -> [HandledContact] {
        (snapshot["Contacts"]?.array ?? []).compactMap { contact in
            guard let id = contact["ContactId"]?.string,
                let connectedAt = Self.time(contact["ConnectedToAgentTimestamp"]),
                Self.kind(contact["InitiationMethod"]) != nil
            else { return nil }
            let stage: HandledContact.Stage
            switch contact["State"]?.string?.uppercased() {
            case "CONNECTED": stage = .connected
            case "CONNECTED_ONHOLD": stage = .held
            case "ENDED": stage = .afterContactWork
            default: return nil
            }
            return HandledContact(
                id: id, channel: Self.channel(contact["Channel"]?.string) ?? .voice,
                queue: Self.queueName(contact["Queue"]), connectedAt: connectedAt, stage: stage)
        }
    }

    static func time(_ value: JSONValue?) -> EventTime? {
        guard let text = value?.string else { return nil }
        return RFC3339.parse(text)
    }

    /// The resource id at the end of an ARN: its last non-empty `/`-separated part. Found in the
    /// bytes (`/` is ASCII, so the cut is on a character boundary): splitting the `String` by
    /// characters was a tenth of decoding a contact event.
    static func lastComponent(_ arn: String) -> String? {
        let bytes = arn.utf8
        let slash = UInt8(ascii: "/")
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == slash { end = bytes.index(before: end) }
        guard end > bytes.startIndex else { return nil }
        var start = end
        while start > bytes.startIndex, bytes[bytes.index(before: start)] != slash {
            start = bytes.index(before: start)
        }
        return String(Substring(bytes[start..<end]))
    }

    static func channel(_ name: String?) -> Channel? {
        switch name?.uppercased() {
        case "VOICE": .voice
        case "CHAT": .chat
        case "TASK", "TASKS": .task
        case "EMAIL": .email
        default: nil
        }
    }

    /// ROUTABLE = available, OFFLINE = offline, CUSTOM = away with the status name as the reason.
    /// Samples without `Type` use the name (`Available`, `Offline`).
    static func status(_ value: JSONValue?) -> AgentStatus? {
        guard let value else { return nil }
        let name = value["Name"]?.string ?? ""
        switch value["Type"]?.string?.uppercased() {
        case "ROUTABLE": return .available
        case "OFFLINE": return .offline
        case "CUSTOM": return .away(reason: name.isEmpty ? "custom" : name)
        default:
            switch name.lowercased() {
            case "available": return .available
            case "offline": return .offline
            case "": return nil
            default: return .away(reason: name)
            }
        }
    }

    static func profile(_ value: JSONValue?) -> RoutingProfile? {
        guard let value else { return nil }
        var slots = PerChannel(repeating: 0)
        if let concurrency = value["Concurrency"]?.array {
            for entry in concurrency {
                guard let channel = channel(entry["Channel"]?.string), let maximum = entry["MaximumSlots"]?.number
                else {
                    continue
                }
                slots[channel] = Int(maximum)
            }
        } else {
            // Older records carry no concurrency: one voice slot, Connect's default profile.
            slots.voice = 1
        }
        let queues = (value["InboundQueues"]?.array ?? []).compactMap { queueName($0) }
        return RoutingProfile(name: value["Name"]?.string, slots: slots, queues: queues)
    }

    /// Agent queues have `Name: null`: they are named by their ARN's last component.
    static func queueName(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let name = value["Name"]?.string, !name.isEmpty { return name }
        return value["ARN"]?.string.flatMap(lastComponent)
    }

    static func displayName(_ configuration: JSONValue?) -> String? {
        let parts = [configuration?["FirstName"]?.string, configuration?["LastName"]?.string].compactMap { $0 }
        return parts.isEmpty ? configuration?["Username"]?.string : parts.joined(separator: " ")
    }

    static func team(_ configuration: JSONValue?) -> String? {
        configuration?["AgentHierarchyGroups"]?["Level1"]?["Name"]?.string
    }
}
