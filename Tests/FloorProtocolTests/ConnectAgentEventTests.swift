import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// The published Amazon Connect agent-event samples (Tests/Fixtures/amazon-connect, provenance in
/// SOURCES.md), decoded and checked against what the records say.
@Suite("Amazon Connect agent events")
struct ConnectAgentEventTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/amazon-connect/\(name)")
        return Array(try Data(contentsOf: path))
    }

    static func decode(_ bytes: [UInt8]) -> Result<[Event], DecodeError> {
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try ConnectAgentEventDecoder().decode(raw, into: &events) }
        }
        return result.map { events }
    }

    @Test func enteringAfterContactWork() throws {
        let events = try Self.decode(try Self.fixture("agent-event-state-change-enter-acw.json")).get()
        // CONNECTED -> ENDED: the call ended at 18:55:27.017 and after-contact work began.
        #expect(
            events == [
                Event(
                    time: RFC3339.parse("2019-05-25T18:55:27.017Z")!,
                    body: .contact(id: "ContactId-1", .ended(.completed, afterContactWork: true))),
                // The snapshot's statement: this agent has exactly that call, in after-contact work.
                Event(
                    time: RFC3339.parse("2019-05-25T18:55:27.017Z")!,
                    body: .reconcile(
                        .handling(
                            agent: "agent-ARN",
                            contacts: [
                                HandledContact(
                                    id: "ContactId-1", channel: .voice, queue: "BasicQueue",
                                    connectedAt: RFC3339.parse("2019-05-25T18:55:21.011Z")!, stage: .afterContactWork)
                            ]))),
            ])
    }

    @Test func leavingAfterContactWork() throws {
        let events = try Self.decode(try Self.fixture("agent-event-state-change-leave-acw.json")).get()
        #expect(
            events == [
                Event(
                    time: RFC3339.parse("2019-05-25T18:55:32.022Z")!,
                    body: .contact(id: "ContactId-1", .afterContactWorkEnded)),
                Event(
                    time: RFC3339.parse("2019-05-25T18:55:32.022Z")!,
                    body: .reconcile(.handling(agent: "agent-ARN", contacts: []))),
            ])
    }

    @Test func heartbeatReconcilesStatusAndProfile() throws {
        let events = try Self.decode(try Self.fixture("agent-event-heartbeat.json")).get()
        #expect(events.count == 6)
        #expect(events[0].body == .agent(id: "agent-ARN", .status(.available)))
        // NextAgentStatus "Lunch": the agent asked for lunch once the work in hand is done.
        #expect(events[1].body == .agent(id: "agent-ARN", .nextStatus(.away(reason: "Lunch"))))
        // The profile's standard queue carries ARN and name (the agent queue has no name), so the
        // contact feed's ARN-only spelling will mean the same queue.
        #expect(events[2].body == .queueNamed(id: "queue-ARN", name: "Omni-channel-queue"))
        // No missed, rejected or failed contact: not in Connect's Error activity.
        #expect(events[4].body == .agent(id: "agent-ARN", .contactInError(false)))
        // The snapshot lists no contacts: any the agent had ended unseen.
        #expect(events[5].body == .reconcile(.handling(agent: "agent-ARN", contacts: [])))
        guard case .agent(_, .profile(let profile)) = events[3].body else {
            Issue.record("expected a routing profile")
            return
        }
        // Concurrency CHAT 3 / VOICE 1.
        #expect(profile.slots.chat == 3 && profile.slots.voice == 1 && profile.slots.email == 0)
    }

    @Test func publishedSampleIsRejectedWithAReason() throws {
        // As published, the sample has // comments and a trailing comma: not JSON.
        guard case .failure(let error) = Self.decode(try Self.fixture("agent-event-heartbeat.as-published.jsonc"))
        else {
            Issue.record("accepted invalid JSON")
            return
        }
        #expect(error.reason == .malformedJSON)
    }

    @Test func theThreeRecordsDriveTheEngine() throws {
        let engine = FloorEngine.eventClock()
        var all: [Event] = []
        // The connect step the samples do not show (the previous record), then the two samples.
        all.append(
            Event(
                time: RFC3339.parse("2019-05-25T18:55:21.011Z")!,
                body: .contact(id: "ContactId-1", .connected(agent: "agent-ARN", queue: "BasicQueue", channel: .voice)))
        )
        all += try Self.decode(try Self.fixture("agent-event-state-change-enter-acw.json")).get()
        engine.apply(all, wallNow: Script.origin)
        #expect(engine.makeSnapshot(wallNow: Script.origin).overall.agents.afterContactWork == 1)
        engine.apply(
            try Self.decode(try Self.fixture("agent-event-state-change-leave-acw.json")).get(), wallNow: Script.origin)
        let window = engine.makeSnapshot(wallNow: Script.origin).overall.fiveMinutes
        // Talk 6.006 s plus 5.005 s of after-contact work.
        #expect(window[.handled] == 1)
        #expect(window[.handleMs] == 11_011)
        #expect(window[.afterContactWorkMs] == 5_005)
    }
}
