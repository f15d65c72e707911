import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// Amazon Connect Contact Events (EventBridge): the published samples, and a contact's records
/// in every arrival order.
@Suite("Amazon Connect contact events")
struct ConnectContactEventTests {
    static func decode(_ bytes: [UInt8]) -> Result<[Event], DecodeError> {
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try ConnectContactEventDecoder().decode(raw, into: &events) }
        }
        return result.map { events }
    }

    static func decode(_ text: String) -> Result<[Event], DecodeError> { decode(Array(text.utf8)) }

    static let queue = "12345678-1234-1234-1234-123456789012"

    @Test func connectedToAgentDetail() throws {
        let events = try Self.decode(try ConnectAgentEventTests.fixture("contact-event-connected-to-agent.detail.json"))
            .get()
        let contact = "11111111-1111-1111-1111-111111111111"
        #expect(
            events == [
                Event(
                    time: RFC3339.parse("2021-08-04T17:29:04.000Z")!,
                    body: .contact(id: contact, .queued(queue: Self.queue, channel: .voice, caller: nil))),
                Event(
                    time: RFC3339.parse("2021-08-04T17:29:09.000Z")!,
                    body: .contact(id: contact, .connected(agent: Self.queue, queue: Self.queue, channel: .voice))),
            ])
    }

    @Test func theDisconnectedSampleAsPublishedIsInvalidJSON() throws {
        // AWS's sample has a trailing comma: it is refused and counted, not guessed at.
        let result = Self.decode(try ConnectAgentEventTests.fixture("contact-event-disconnected.as-published.jsonc"))
        guard case .failure(let error) = result else { return #expect(Bool(false), "accepted invalid JSON") }
        #expect(error.reason == .malformedJSON)
    }

    @Test func theDisconnectedSampleWithItsCommaRemoved() throws {
        // The same record with only the trailing comma removed: envelope, mixed key casing
        // (`AgentInfo`, `AgentArn`), channel "Voice"; it disconnects before it was answered, so
        // the end is kept after the answer. Its initiationMethod is OUTBOUND: the agent dialled
        // it, so it is connected and ended, never queued (its queueInfo is the outbound queue).
        var text = String(
            decoding: try ConnectAgentEventTests.fixture("contact-event-disconnected.as-published.jsonc"), as: UTF8.self
        )
        text = text.replacingOccurrences(of: "\"2021-08-04T17:29:22.000Z\",", with: "\"2021-08-04T17:29:22.000Z\"")
        let events = try Self.decode(text).get()
        #expect(events.count == 2)
        #expect(events.map(\.time) == ["17:29:09", "17:29:09"].map { RFC3339.parse("2021-08-04T\($0).000Z")! })
        #expect(
            events.last?.body
                == .contact(id: "11111111-1111-1111-1111-111111111111", .ended(.completed, afterContactWork: true)))
        if case .contact(_, .connected(let agent, let queue, let channel, let kind)) = events[0].body {
            #expect(agent == "arn")
            #expect(channel == .voice)
            #expect(queue == nil && kind == .outbound)
        } else {
            Issue.record("no connected step")
        }
    }

    @Test(arguments: [
        (#"{"eventType":"INITIATED","contactId":"c1","channel":"VOICE"}"#, DecodeError.Reason.notQueued),
        (#"{"eventType":"TELEPORTED","contactId":"c1"}"#, .ignoredRecord),
        (#"{"contactId":"c1"}"#, .missingField),
        (#"{"detail-type":"EC2 Instance State-change Notification","detail":{}}"#, .ignoredRecord),
        (
            #"{"eventType":"QUEUED","contactId":"c1","channel":"FAX","queueInfo":{"queueArn":"a/q","enqueueTimestamp":"2021-08-04T17:29:04Z"}}"#,
            .badField
        ),
    ])
    func recordsThatCarryNoQueueStepAreCountedNotApplied(text: String, reason: DecodeError.Reason) {
        guard case .failure(let error) = Self.decode(text) else { return #expect(Bool(false), "accepted \(text)") }
        #expect(error.reason == reason)
    }

    /// One contact's four records; `abandoned` leaves out the agent.
    static func records(abandoned: Bool) -> [String] {
        let queueInfo =
            #""queueInfo":{"queueArn":"arn:aws:connect:x:1:instance/i/queue/billing","enqueueTimestamp":"2026-03-02T09:00:10.000Z"}"#
        let agent =
            abandoned
            ? ""
            : #","agentInfo":{"agentArn":"arn:aws:connect:x:1:instance/i/agent/a7","connectedToAgentTimestamp":"2026-03-02T09:00:40.000Z"WORK}"#
        func record(_ type: String, _ extra: String, work: String = "") -> String {
            #"{"detail-type":"Amazon Connect Contact Event","source":"aws.connect","detail":{"eventType":"\#(type)","contactId":"k1","channel":"VOICE",\#(queueInfo)\#(agent.replacingOccurrences(of: "WORK", with: work))\#(extra)}}"#
        }
        var list = [
            record("QUEUED", "").replacingOccurrences(of: agent.replacingOccurrences(of: "WORK", with: ""), with: "")
        ]
        if !abandoned { list.append(record("CONNECTED_TO_AGENT", "")) }
        list.append(record("DISCONNECTED", #","disconnectTimestamp":"2026-03-02T09:05:40.000Z""#))
        if !abandoned {
            list.append(
                record(
                    "COMPLETED", #","disconnectTimestamp":"2026-03-02T09:05:40.000Z""#,
                    work: #","afterContactWorkEndTimestamp":"2026-03-02T09:06:10.000Z""#))
        }
        return list
    }

    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }

    @Test func theTimelineIsTheSameWhateverOrderTheRecordsArriveIn() throws {
        for abandoned in [false, true] {
            let orders = Self.permutations(Self.records(abandoned: abandoned))
            #expect(orders.count == (abandoned ? 2 : 24))
            var figures: Set<[Int64]> = []
            for order in orders {
                let engine = FloorEngine.eventClock()
                for record in order { engine.apply(try Self.decode(record).get(), wallNow: Script.origin) }
                let window = engine.makeSnapshot(wallNow: Script.origin).channels.voice.fifteenMinutes
                figures.insert(
                    [
                        window[.offered], window[.answered], window[.abandoned], window[.handled], window[.handleMs],
                        window[.answeredWaitMs], window[.abandonedWaitMs],
                    ])
                #expect(engine.makeSnapshot(wallNow: Script.origin).openContacts == 0, "\(order)")
            }
            #expect(figures.count == 1, "orders disagree: \(figures)")
            let only = try #require(figures.first)
            #expect(only == (abandoned ? [1, 0, 1, 0, 0, 0, 330_000] : [1, 1, 0, 1, 330_000, 30_000, 0]))
        }
    }
}
