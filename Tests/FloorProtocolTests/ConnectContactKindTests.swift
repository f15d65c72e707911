import FloorCore
import FloorProtocol
import FloorTestSupport
import Testing

/// Contact kinds and offers that close, from both Connect feeds, applied to the engine. Records
/// follow AWS's published shapes (DOMAIN.md §C.1, §C.2); expected figures follow Connect's
/// definitions (§B.1): only inbound queued contacts are offered, answered or abandoned; a queued
/// callback counts in the queue and is never an abandon; an outbound call occupies its agent; a
/// monitor leg is no contact; a customer hanging up while the agent's phone rings is an abandon;
/// an agent with a missed contact is in Error, not Available; a logout ends after-contact work.
@Suite("Amazon Connect contact kinds and closed offers")
struct ConnectContactKindTests {
    static let agentARN = "arn:aws:connect:ap-southeast-2:111122223333:instance/i-1/agent/agent-1"
    static let queueARN = "arn:aws:connect:ap-southeast-2:111122223333:instance/i-1/queue/queue-1"
    static let t0 = "2026-03-02T09:00:"

    static func contactEvent(
        _ type: String, _ id: String, method: String, enqueued: String? = nil, connected: String? = nil,
        disconnected: String? = nil, acwEnd: String? = nil, reason: String? = nil
    ) -> String {
        var detail = [
            #""eventType":"\#(type)""#, #""contactId":"\#(id)""#, #""channel":"VOICE""#,
            #""initiationMethod":"\#(method)""#,
        ]
        if let enqueued {
            detail.append(#""queueInfo":{"queueArn":"\#(queueARN)","enqueueTimestamp":"\#(t0)\#(enqueued)Z"}"#)
        }
        var agent: [String] = []
        if connected != nil || acwEnd != nil { agent.append(#""agentArn":"\#(agentARN)""#) }
        if let connected { agent.append(#""connectedToAgentTimestamp":"\#(t0)\#(connected)Z""#) }
        if let acwEnd { agent.append(#""afterContactWorkEndTimestamp":"\#(t0)\#(acwEnd)Z""#) }
        if !agent.isEmpty { detail.append(#""agentInfo":{\#(agent.joined(separator: ","))}"#) }
        if let disconnected { detail.append(#""disconnectTimestamp":"\#(t0)\#(disconnected)Z""#) }
        if let reason { detail.append(#""disconnectReason":"\#(reason)""#) }
        return
            #"{"version":"0","detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{\#(detail.joined(separator: ","))}}"#
    }

    /// An agent snapshot's contact: (id, state, initiation method, connected second or nil).
    typealias Contact = (id: String, state: String, method: String, connected: String?)

    static func agentEvent(_ type: String, at second: String, previous: [Contact]?, current: [Contact]) -> String {
        func contacts(_ list: [Contact]) -> String {
            "["
                + list.map { contact in
                    let connected = contact.connected.map { #""\#(t0)\#($0)Z""# } ?? "null"
                    return
                        #"{"ContactId":"\#(contact.id)","Channel":"VOICE","InitiationMethod":"\#(contact.method)","State":"\#(contact.state)","StateStartTimestamp":"\#(t0)\#(second)Z","ConnectedToAgentTimestamp":\#(connected),"QueueTimestamp":"\#(t0)00.000Z","Queue":{"ARN":"\#(queueARN)","Name":"Residential"}}"#
                }.joined(separator: ",") + "]"
        }
        func snapshot(_ list: [Contact]) -> String {
            #"{"AgentStatus":{"Name":"Available","Type":"ROUTABLE","StartTimestamp":"\#(t0)00.000Z"},"Configuration":{"FirstName":"Mia","LastName":"Nguyen","RoutingProfile":{"Name":"Voice","Concurrency":[{"Channel":"VOICE","MaximumSlots":1}],"InboundQueues":[{"ARN":"\#(queueARN)","Name":"Residential"}]}},"Contacts":\#(contacts(list))}"#
        }
        let previousText = previous.map(snapshot) ?? "null"
        return
            #"{"AgentARN":"\#(agentARN)","EventType":"\#(type)","EventTimestamp":"\#(t0)\#(second)Z","CurrentAgentSnapshot":\#(snapshot(current)),"PreviousAgentSnapshot":\#(previousText)}"#
    }

    /// Decodes each line with the decoder of its feed and applies them in order, both feeds
    /// registered as one Connect instance.
    static func floor(_ lines: [(agentFeed: Bool, line: String)], at second: Int = 59) -> FloorSnapshot {
        let engine = FloorEngine.eventClock()
        let agentFeed = engine.registerSource(name: "agents", format: .connectAgent)
        let contactFeed = engine.registerSource(name: "contacts", format: .connectContact)
        for (isAgentFeed, line) in lines {
            var events: [Event] = []
            Array(line.utf8).withUnsafeBytes { raw in
                do throws(DecodeError) {
                    if isAgentFeed {
                        try ConnectAgentEventDecoder().decode(raw, into: &events)
                    } else {
                        try ConnectContactEventDecoder().decode(raw, into: &events)
                    }
                } catch {
                    #expect(error.reason.isIgnored, "\(error)")
                }
            }
            for index in events.indices { events[index].source = isAgentFeed ? agentFeed : contactFeed }
            engine.apply(events, wallNow: Script.origin)
        }
        return engine.makeSnapshot(wallNow: RFC3339.parse("\(t0)\(second).000Z")!)
    }

    /// The record of the contact an agent's transfer creates (TRANSFER, previousContactId c-1, queue-2).
    static let agentTransfer =
        #"{"version":"0","detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{"eventType":"QUEUED","contactId":"t-2","previousContactId":"c-1","channel":"VOICE","initiationMethod":"TRANSFER","initiationTimestamp":"\#(t0)40.000Z","queueInfo":{"queueArn":"arn:aws:connect:ap-southeast-2:111122223333:instance/i-1/queue/queue-2","enqueueTimestamp":"\#(t0)41.000Z"}}}"#

    /// The record of the contact a flow's move creates (QUEUE_TRANSFER, previousContactId c-1, queue-2).
    static let flowTransfer =
        #"{"version":"0","detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{"eventType":"QUEUED","contactId":"q-2","previousContactId":"c-1","channel":"VOICE","initiationMethod":"QUEUE_TRANSFER","initiationTimestamp":"\#(t0)30.000Z","queueInfo":{"queueArn":"arn:aws:connect:ap-southeast-2:111122223333:instance/i-1/queue/queue-2","enqueueTimestamp":"\#(t0)30.500Z"}}}"#

    static let login = (true, agentEvent("HEART_BEAT", at: "00.000", previous: nil, current: []))

    @Test func anOutboundCallOccupiesItsAgentAndNoQueueFigure() throws {
        let snapshot = Self.floor([
            Self.login,
            (false, Self.contactEvent("CONNECTED_TO_AGENT", "out-1", method: "OUTBOUND", connected: "10.000")),
        ])
        let voice = snapshot.channels.voice
        #expect(voice.fifteenMinutes[.offered] == 0)
        #expect(voice.fifteenMinutes[.answered] == 0)
        #expect(voice.agents.onContact == 1)
        #expect(voice.agents.available == 0)
    }

    @Test func aQueuedCallbackCountsInTheQueueAndIsNeverAnAbandon() throws {
        let waiting = Self.floor([
            Self.login, (false, Self.contactEvent("QUEUED", "cb-1", method: "CALLBACK", enqueued: "05.000")),
        ])
        #expect(waiting.channels.voice.inQueue == 1)
        #expect(waiting.channels.voice.callbacksInQueue == 1)
        let removed = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "DISCONNECTED", "cb-1", method: "CALLBACK", enqueued: "05.000", disconnected: "30.000")
            ),
        ])
        #expect(removed.channels.voice.inQueue == 0)
        #expect(removed.channels.voice.fifteenMinutes[.abandoned] == 0)
        // Not in the callback worklist: calling the customer back again would be a second callback.
        #expect(removed.abandoned.isEmpty)
    }

    @Test func aTransferredContactIsOfferedAndCountedAsTransferredIn() throws {
        let snapshot = Self.floor([
            Self.login,
            (false, Self.contactEvent("QUEUED", "t-1", method: "TRANSFER", enqueued: "05.000")),
            (false, Self.contactEvent("QUEUED", "t-2", method: "QUEUE_TRANSFER", enqueued: "06.000")),
            (false, Self.contactEvent("QUEUED", "i-1", method: "INBOUND", enqueued: "07.000")),
        ])
        let window = snapshot.channels.voice.fifteenMinutes
        #expect(window[.offered] == 3)
        #expect(window[.transfersIn] == 2)
        #expect(window[.transfersInFromQueue] == 1)
    }

    /// Connect gives a transferred contact a new id with previousContactId: the original
    /// counts a transfer out in its queue, the new one a transfer in where it is queued.
    @Test func aTransferCountsOutWhereItLeftAndInWhereItArrives() throws {
        let transferred = Self.agentTransfer
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "CONNECTED_TO_AGENT", "c-1", method: "INBOUND", enqueued: "00.000", connected: "10.000")
            ),
            (false, transferred),
            // A later record of the same new contact restates the transfer: counted once.
            (false, transferred),
        ])
        let first = try #require(snapshot.queues["Residential"]).fifteenMinutes
        let second = try #require(snapshot.queues["queue-2"]).fifteenMinutes
        #expect(first[.transfers] == 1)
        // An agent transferred it (it was connected): not "transferred out from queue".
        #expect(first[.transfersOutFromQueue] == 0)
        #expect(second[.transfersIn] == 1)
        #expect(second[.offered] == 1)
    }

    /// Connect's "Transferred out from queue": a flow moves a contact still waiting in its queue
    /// to another queue (a QUEUE_TRANSFER contact whose previousContactId is the waiting one).
    @Test func aFlowMovingAWaitingContactIsTransferredOutFromQueue() throws {
        let moved = Self.flowTransfer
        let snapshot = Self.floor([
            Self.login,
            (false, Self.contactEvent("QUEUED", "c-1", method: "INBOUND", enqueued: "00.000")),
            (false, moved),
        ])
        let first = try #require(snapshot.queues["Residential"]).fifteenMinutes
        let second = try #require(snapshot.queues["queue-2"]).fifteenMinutes
        #expect(first[.transfers] == 1)
        #expect(first[.transfersOutFromQueue] == 1)
        #expect(first[.abandoned] == 0, "a moved caller did not hang up")
        #expect(second[.transfersIn] == 1)
        #expect(second[.transfersInFromQueue] == 1)
        #expect(snapshot.queues["Residential"]?.inQueue == 0, "the moved caller left the first queue")
    }

    /// Connect's "Scheduled": a callback bound to its queue that has not joined it yet. It is
    /// not waiting (not in `in_queue`, no oldest wait) and not offered until queued; cancelled
    /// before its time it is neither an abandon nor a worklist entry.
    @Test func aScheduledCallbackIsCountedApartUntilItIsQueued() throws {
        let scheduled =
            #"{"version":"0","detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{"eventType":"INITIATED","contactId":"cb-9","channel":"VOICE","initiationMethod":"CALLBACK","initiationTimestamp":"\#(Self.t0)05.000Z","queueInfo":{"queueArn":"\#(Self.queueARN)"}}}"#
        let cancelled =
            #"{"version":"0","detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{"eventType":"DISCONNECTED","contactId":"cb-9","channel":"VOICE","initiationMethod":"CALLBACK","initiationTimestamp":"\#(Self.t0)05.000Z","disconnectTimestamp":"\#(Self.t0)20.000Z","disconnectReason":"API","queueInfo":{"queueArn":"\#(Self.queueARN)"}}}"#
        let waitingForItsTime = Self.floor([Self.login, (false, scheduled)])
        let queue = try #require(waitingForItsTime.queues["Residential"])
        #expect(queue.scheduled == 1)
        #expect(queue.inQueue == 0)
        #expect(queue.oldestWait == nil)
        #expect(queue.fifteenMinutes[.offered] == 0)
        #expect(waitingForItsTime.channels.voice.scheduled == 1)
        #expect(waitingForItsTime.overall.scheduled == 1)

        let queued = Self.floor([
            Self.login, (false, scheduled),
            (false, Self.contactEvent("QUEUED", "cb-9", method: "CALLBACK", enqueued: "40.000")),
        ])
        let nowWaiting = try #require(queued.queues["Residential"])
        #expect(nowWaiting.scheduled == 0)
        #expect(nowWaiting.inQueue == 1)
        #expect(nowWaiting.callbacksInQueue == 1)
        #expect(nowWaiting.fifteenMinutes[.offered] == 1)
        // The clock is the newest event (:40): waiting since it was queued, not 35 s since :05.
        #expect(nowWaiting.oldestWait == 0)

        let gone = Self.floor([Self.login, (false, scheduled), (false, cancelled)])
        let afterCancel = try #require(gone.queues["Residential"])
        #expect(afterCancel.scheduled == 0)
        #expect(afterCancel.fifteenMinutes[.abandoned] == 0)
        #expect(afterCancel.fifteenMinutes[.timedOut] == 0)
        #expect(gone.abandoned.isEmpty)
    }

    /// Connect's abandon is a contact "disconnected by the customer while in queue" (§B.1): a
    /// waiting contact a flow disconnects, or that expires, was put out by the queue itself.
    @Test func onlyTheCustomersDisconnectIsAnAbandon() throws {
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "DISCONNECTED", "c-1", method: "INBOUND", enqueued: "00.000", disconnected: "20.000",
                    reason: "CUSTOMER_DISCONNECT")
            ),
            (
                false,
                Self.contactEvent(
                    "DISCONNECTED", "c-2", method: "INBOUND", enqueued: "01.000", disconnected: "21.000",
                    reason: "CONTACT_FLOW_DISCONNECT")
            ),
            (
                false,
                Self.contactEvent(
                    "DISCONNECTED", "c-3", method: "INBOUND", enqueued: "02.000", disconnected: "22.000",
                    reason: "EXPIRED")
            ),
            // Without a reason (older records) a contact leaving the queue alone is the customer's.
            (
                false,
                Self.contactEvent("DISCONNECTED", "c-4", method: "INBOUND", enqueued: "03.000", disconnected: "23.000")
            ),
        ])
        let window = try #require(snapshot.queues["Residential"]).fifteenMinutes
        #expect(window[.abandoned] == 2)
        #expect(window[.timedOut] == 2)
        #expect(snapshot.abandoned.map(\.id).sorted() == ["c-1", "c-4"], "only real abandons are called back")
    }

    /// Connect's records are unordered: the moved contact's last record (a flow disconnect) can
    /// arrive before the new contact's first one. It still counts as transferred out from its
    /// queue, not as put out by it, and once however often the new contact's records repeat it.
    @Test func aMoveLearnedAfterTheMovedContactEndedIsStillATransferOut() throws {
        let moved = Self.flowTransfer
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "DISCONNECTED", "c-1", method: "INBOUND", enqueued: "00.000", disconnected: "30.000",
                    reason: "CONTACT_FLOW_DISCONNECT")
            ),
            (false, moved), (false, moved),
        ])
        let first = try #require(snapshot.queues["Residential"])
        #expect(first.fifteenMinutes[.transfers] == 1)
        #expect(first.fifteenMinutes[.transfersOutFromQueue] == 1)
        #expect(first.fifteenMinutes[.timedOut] == 0)
        #expect(first.fifteenMinutes[.abandoned] == 0)
        #expect(snapshot.channels.voice.fifteenMinutes[.timedOut] == 0)
        #expect(snapshot.channels.voice.fifteenMinutes[.transfers] == 1)
    }

    /// An agent's transfer whose new contact is reported only after the original contact's
    /// after-contact work ended: the original's queue still counts it transferred out (by agent).
    @Test func anAgentTransferLearnedAfterTheWorkEndedIsStillCounted() throws {
        let transferred = Self.agentTransfer
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "COMPLETED", "c-1", method: "INBOUND", enqueued: "00.000", connected: "10.000",
                    disconnected: "40.000", acwEnd: "45.000", reason: "AGENT_DISCONNECT")
            ),
            (false, transferred), (false, transferred),
        ])
        let first = try #require(snapshot.queues["Residential"]).fifteenMinutes
        #expect(first[.transfers] == 1)
        #expect(first[.transfersOutFromQueue] == 0)
        #expect(first[.handled] == 1)
    }

    /// Connect's "Callback contacts handled" and "API contacts handled": handled contacts of
    /// those kinds, counted apart (and in handled).
    @Test func callbackAndAPIContactsHandledAreCountedApart() throws {
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "COMPLETED", "cb-1", method: "CALLBACK", enqueued: "00.000", connected: "05.000",
                    disconnected: "20.000", acwEnd: "25.000")
            ),
            (
                false,
                Self.contactEvent(
                    "COMPLETED", "api-1", method: "API", enqueued: "00.000", connected: "06.000",
                    disconnected: "21.000", acwEnd: "26.000")
            ),
        ])
        let window = snapshot.channels.voice.fifteenMinutes
        #expect(window[.handled] == 2)
        #expect(window[.callbacksHandled] == 1)
        #expect(window[.apiHandled] == 1)
    }

    @Test func aMonitorLegIsNoContact() throws {
        let snapshot = Self.floor([
            Self.login,
            (
                false,
                Self.contactEvent(
                    "CONNECTED_TO_AGENT", "mon-1", method: "MONITOR", enqueued: "05.000", connected: "06.000")
            ),
            (
                true,
                Self.agentEvent(
                    "STATE_CHANGE", at: "06.000", previous: [], current: [("mon-1", "CONNECTED", "MONITOR", "06.000")])
            ),
        ])
        #expect(snapshot.channels.voice.fifteenMinutes[.offered] == 0)
        #expect(snapshot.channels.voice.agents.onContact == 0)
    }

    @Test func aCallerHangingUpWhileThePhoneRingsIsAnAbandon() throws {
        let ringing: [Contact] = [("c-1", "INCOMING", "INBOUND", nil)]
        let snapshot = Self.floor([
            Self.login,
            (false, Self.contactEvent("QUEUED", "c-1", method: "INBOUND", enqueued: "00.000")),
            (true, Self.agentEvent("STATE_CHANGE", at: "12.000", previous: [], current: ringing)),
            // The offer leaves the agent's snapshot unanswered, not missed.
            (true, Self.agentEvent("STATE_CHANGE", at: "18.000", previous: ringing, current: [])),
        ])
        let voice = snapshot.channels.voice
        #expect(voice.inQueue == 0)
        #expect(voice.fifteenMinutes[.offered] == 1)
        #expect(voice.fifteenMinutes[.abandoned] == 1)
        #expect(voice.agents.available == 1)
    }

    /// Connect's activity precedence puts Incoming above custom and Available: an agent whose
    /// phone rings is not available, and is again once the offer ends.
    @Test func anAgentWhosePhoneRingsIsIncomingNotAvailable() throws {
        let ringing: [Contact] = [("c-4", "INCOMING", "INBOUND", nil)]
        let lines: [(agentFeed: Bool, line: String)] = [
            Self.login,
            (false, Self.contactEvent("QUEUED", "c-4", method: "INBOUND", enqueued: "00.000")),
            (true, Self.agentEvent("STATE_CHANGE", at: "12.000", previous: [], current: ringing)),
        ]
        let during = Self.floor(lines, at: 14)
        #expect(during.channels.voice.agents.available == 0)
        #expect(during.agents.first?.activity == .incoming)
        let after = Self.floor(
            lines + [(true, Self.agentEvent("STATE_CHANGE", at: "18.000", previous: ringing, current: []))])
        #expect(after.channels.voice.agents.available == 1)
        #expect(after.agents.first?.activity == .available)
    }

    @Test func anAgentWithAMissedContactIsInErrorNotAvailable() throws {
        let ringing: [Contact] = [("c-2", "INCOMING", "INBOUND", nil)]
        let missed: [Contact] = [("c-2", "MISSED", "INBOUND", nil)]
        let snapshot = Self.floor([
            Self.login,
            (false, Self.contactEvent("QUEUED", "c-2", method: "INBOUND", enqueued: "00.000")),
            (true, Self.agentEvent("STATE_CHANGE", at: "12.000", previous: [], current: ringing)),
            (true, Self.agentEvent("STATE_CHANGE", at: "32.000", previous: ringing, current: missed)),
        ])
        let voice = snapshot.channels.voice
        #expect(voice.agents.available == 0)
        #expect(snapshot.agents.first?.activity == .error)
        // Agent non-response: the contact is back in the queue, not abandoned.
        #expect(voice.fifteenMinutes[.agentNonResponse] == 1)
        #expect(voice.inQueue == 1)
        #expect(voice.fifteenMinutes[.abandoned] == 0)
    }

    @Test func aLogoutInAfterContactWorkFreesTheSlot() throws {
        let connected: [Contact] = [("c-3", "CONNECTED", "INBOUND", "10.000")]
        let ended: [Contact] = [("c-3", "ENDED", "INBOUND", "10.000")]
        let snapshot = Self.floor([
            Self.login,
            (true, Self.agentEvent("STATE_CHANGE", at: "10.000", previous: [], current: connected)),
            (true, Self.agentEvent("STATE_CHANGE", at: "40.000", previous: connected, current: ended)),
            (true, #"{"AgentARN":"\#(Self.agentARN)","EventType":"LOGOUT","EventTimestamp":"\#(Self.t0)50.000Z"}"#),
        ])
        let voice = snapshot.channels.voice
        #expect(voice.agents.afterContactWork == 0)
        #expect(voice.slots.inUse == 0)
        #expect(snapshot.openContacts == 0)
        // Handled once, talk 30 s + after-contact work ended by the logout at 50 s: 40 s.
        #expect(voice.fifteenMinutes[.handled] == 1)
        #expect(voice.fifteenMinutes.averageHandleTime == 40_000)
    }
}
