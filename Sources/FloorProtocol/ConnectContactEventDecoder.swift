import FloorCore

/// Decodes Amazon Connect Contact Events (EventBridge "Amazon Connect Contact Event", the full
/// envelope or its bare `detail`; DOMAIN.md §C.2) into canonical events.
///
/// Connect delivers these unordered and best effort, so each record is turned into every step
/// its own timestamps prove (`queueInfo.enqueueTimestamp` → queued, `agentInfo
/// .connectedToAgentTimestamp` → connected, `disconnectTimestamp` → ended, `afterContactWork
/// EndTimestamp` → after-contact work ended), in time order. A contact's timeline is the same
/// whichever record arrives first; the repeats later records bring are the engine's duplicates
/// (same step, same time), not new facts. Lenient where real producers differ: key casing,
/// `VOICE`/`Voice`, `TASK`/`TASKS`. Records without a queue step (IVR-only contacts, INITIATED,
/// CONTACT_DATA_UPDATED, unknown types) are ignored and counted.
///
/// Queues are named by the last component of their ARN (the records carry no queue name):
/// configure queue metadata under that id. Stateless; thread-safe.
public struct ConnectContactEventDecoder: Sendable {
    public var maximumLength: Int

    public init(maximumLength: Int = 64 * 1024) { self.maximumLength = maximumLength }

    /// The event types Connect documents; others are ignored and counted.
    static let knownTypes: Set<String> = [
        "INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "COMPLETED",
        "CONTACT_DATA_UPDATED", "AMD_DISABLED",
    ]

    public func decode(_ bytes: UnsafeRawBufferPointer, into events: inout [Event]) throws(DecodeError) {
        guard bytes.count <= maximumLength else {
            throw DecodeError(.tooLong, at: maximumLength, "record of \(bytes.count) bytes exceeds \(maximumLength)")
        }
        let record = try JSONValue.parse(bytes)
        let detail = record["detail"] ?? record
        if let kind = record["detail-type"]?.string, kind != "Amazon Connect Contact Event" {
            throw DecodeError(.ignoredRecord, at: 0, "EventBridge \(kind) is not a Connect contact event")
        }
        guard let type = detail["eventType"]?.string?.uppercased() else {
            throw DecodeError(.missingField, at: 0, "missing eventType")
        }
        guard let contact = detail["contactId"]?.string, !contact.isEmpty else {
            throw DecodeError(.missingField, at: 0, "missing contactId")
        }
        guard Self.knownTypes.contains(type) else {
            throw DecodeError(.ignoredRecord, at: 0, "unknown Connect contact eventType \(type) (ignored)")
        }
        let time = { (value: JSONValue?) in value?.string.flatMap(RFC3339.parse) }
        let queueInfo = detail["queueInfo"] ?? detail["QueueInfo"]
        let agentInfo = detail["agentInfo"] ?? detail["AgentInfo"]
        guard let kind = ConnectAgentEventDecoder.kind(detail["initiationMethod"] ?? detail["InitiationMethod"]) else {
            throw DecodeError(
                .notCustomerContact, at: 0, "a \(detail["initiationMethod"]?.string ?? "") leg is no customer contact")
        }
        if kind == .outbound {
            try Self.appendOutbound(contact, detail: detail, agentInfo: agentInfo, into: &events)
            return
        }
        guard
            let queue = queueInfo?["queueArn"]?.string.flatMap(ConnectAgentEventDecoder.lastComponent)
                ?? queueInfo?["queueName"]?.string
        else {
            throw DecodeError(.notQueued, at: 0, "\(type) without a queue step (not a queued contact)")
        }
        guard let channel = ConnectAgentEventDecoder.channel(detail["channel"]?.string) else {
            throw DecodeError(.badField, at: 0, "unknown channel \(detail["channel"]?.string ?? "(none)")")
        }
        func emit(_ at: EventTime, _ change: ContactChange) {
            events.append(Event(time: at, body: .contact(id: contact, change)))
        }
        guard let enqueued = time(queueInfo?["enqueueTimestamp"]) else {
            // Bound to a queue but not in it yet: a callback (or a task) scheduled for later,
            // Connect's "Scheduled". Anything else without an enqueue time is not queued.
            let isScheduled = kind == .callback || detail["scheduledTimestamp"]?.string != nil
            guard isScheduled, let created = time(detail["initiationTimestamp"]) ?? time(record["time"]) else {
                throw DecodeError(.notQueued, at: 0, "\(type) without a queue step (not a queued contact)")
            }
            emit(created, .scheduled(queue: queue, channel: channel))
            if let cancelled = time(detail["disconnectTimestamp"]) {
                emit(max(cancelled, created), .ended(.abandoned, afterContactWork: false))
            }
            return
        }
        if kind == .transfer || kind == .queueTransfer,
            let previous = (detail["previousContactId"] ?? detail["PreviousContactId"])?.string,
            !previous.isEmpty, previous != contact
        {
            // Connect gives a transferred contact a new id; the one it came from was transferred
            // out (its queue's "transferred out"). Stamped with the new contact's start, so every
            // record of it restates the same step (a duplicate, counted once).
            let started = time(detail["initiationTimestamp"]) ?? enqueued
            events.append(Event(time: started, body: .contact(id: previous, .transferred(toQueue: nil, toAgent: nil))))
        }
        emit(enqueued, .queued(queue: queue, channel: channel, caller: nil, kind: kind))
        let connected = time(agentInfo?["connectedToAgentTimestamp"])
        if let connected, let agent = agentInfo?["agentArn"]?.string.flatMap(ConnectAgentEventDecoder.lastComponent) {
            emit(connected, .connected(agent: agent, queue: queue, channel: channel, kind: kind))
        }
        // A record's own steps are kept in order (AWS's published DISCONNECTED sample ends before
        // it was queued): a sloppy record must not make a negative wait or handle time.
        guard let reported = time(detail["disconnectTimestamp"]) else { return }
        let disconnected = max(reported, connected ?? enqueued)
        guard connected != nil else {
            // Left the queue without an agent. Connect's abandon is the customer's disconnect
            // (DOMAIN.md §B.1); a flow, an expiry, the API or the network put the contact out of
            // the queue itself (timed_out). Records without a reason keep the customer's reading.
            let reason = Self.disconnectReason(detail)
            let byCustomer = reason == nil || reason == "CUSTOMER_DISCONNECT"
            emit(disconnected, .ended(byCustomer ? .abandoned : .timedOut, afterContactWork: false))
            return
        }
        let workEnded = time(agentInfo?["afterContactWorkEndTimestamp"])
        emit(disconnected, .ended(.completed, afterContactWork: true))
        // COMPLETED carries the end of after-contact work; without it the work is still going.
        if let workEnded { emit(max(workEnded, disconnected), .afterContactWorkEnded) }
    }

    /// The record's disconnect reason (CUSTOMER_DISCONNECT, CONTACT_FLOW_DISCONNECT, EXPIRED, …),
    /// upper-cased: a plain string, or an object with a `code` as the API's DisconnectReason type.
    static func disconnectReason(_ detail: JSONValue) -> String? {
        let value = detail["disconnectReason"] ?? detail["DisconnectReason"]
        let text = value?.string ?? (value?["code"] ?? value?["Code"])?.string
        guard let text, !text.isEmpty else { return nil }
        return text.uppercased()
    }

    /// An outbound contact: the agent dialled it; it occupies the agent from the connection to
    /// the end of after-contact work and no queue figure counts it.
    private static func appendOutbound(
        _ contact: String, detail: JSONValue, agentInfo: JSONValue?, into events: inout [Event]
    ) throws(DecodeError) {
        let time = { (value: JSONValue?) in value?.string.flatMap(RFC3339.parse) }
        guard let connected = time(agentInfo?["connectedToAgentTimestamp"]),
            let agent = agentInfo?["agentArn"]?.string.flatMap(ConnectAgentEventDecoder.lastComponent)
        else {
            throw DecodeError(.notQueued, at: 0, "outbound contact not yet connected to an agent")
        }
        let channel = ConnectAgentEventDecoder.channel(detail["channel"]?.string) ?? .voice
        func emit(_ at: EventTime, _ change: ContactChange) {
            events.append(Event(time: at, body: .contact(id: contact, change)))
        }
        emit(connected, .connected(agent: agent, queue: nil, channel: channel, kind: .outbound))
        guard let reported = time(detail["disconnectTimestamp"]) else { return }
        let disconnected = max(reported, connected)
        emit(disconnected, .ended(.completed, afterContactWork: true))
        if let workEnded = time(agentInfo?["afterContactWorkEndTimestamp"]) {
            emit(max(workEnded, disconnected), .afterContactWorkEnded)
        }
    }
}
