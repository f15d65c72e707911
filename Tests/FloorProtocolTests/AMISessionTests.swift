import FloorCore
import FloorProtocol
import Foundation
import Testing

/// The AMI connection's state machine, fed the blocks a real Asterisk sends (greeting, login
/// response, QueueStatus listing, live events from the fixture transcript).
@Suite("AMI session")
struct AMISessionTests {
    static let now = EventTime(milliseconds: 1_514_295_840_000)

    static func block(_ text: String) -> [UInt8] { Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

    /// Feeds blocks; returns the steps and the events, counting refused blocks.
    static func feed(
        _ session: inout AMISession, _ blocks: [String], at time: EventTime = now
    ) -> (steps: [AMISession.Step], events: [Event], refused: [DecodeError.Reason]) {
        var steps: [AMISession.Step] = []
        var events: [Event] = []
        var refused: [DecodeError.Reason] = []
        for text in blocks {
            do throws(DecodeError) {
                steps.append(try session.receive(block(text), at: time, into: &events))
            } catch {
                refused.append(error.reason)
            }
        }
        return (steps, events, refused)
    }

    static func loggedIn() -> AMISession {
        var session = AMISession(username: "floorwatch", secret: "s3cr3t")
        _ = feed(
            &session,
            [
                "Asterisk Call Manager/9.0.0",
                "Response: Success\nActionID: floorwatch-login\nMessage: Authentication accepted",
            ])
        return session
    }

    @Test func logsInAfterTheGreetingThenAsksForQueueStatus() {
        var session = AMISession(username: "floorwatch", secret: "s3cr3t")
        let (steps, events, refused) = Self.feed(
            &session,
            [
                "Asterisk Call Manager/9.0.0",
                "Response: Success\nActionID: floorwatch-login\nMessage: Authentication accepted",
            ])
        #expect(refused.isEmpty && events.isEmpty)
        #expect(steps.count == 2)
        guard case .send(let login) = steps.first, case .send(let status) = steps.last else {
            Issue.record("expected two actions, got \(steps)")
            return
        }
        let loginLines = login.components(separatedBy: "\r\n")
        #expect(loginLines.contains("Action: Login"))
        #expect(loginLines.contains("Username: floorwatch"))
        #expect(loginLines.contains("Secret: s3cr3t"))
        #expect(loginLines.contains("Events: agent"))
        #expect(login.hasSuffix("\r\n\r\n"))
        #expect(status.components(separatedBy: "\r\n").contains("Action: QueueStatus"))
        #expect(session.phase == .listing)
    }

    @Test func aRefusedLoginOrAPeerThatIsNotAsteriskFails() {
        var session = AMISession(username: "floorwatch", secret: "wrong")
        let (steps, _, _) = Self.feed(
            &session,
            [
                "Asterisk Call Manager/9.0.0",
                "Response: Error\nActionID: floorwatch-login\nMessage: Authentication failed",
            ])
        guard case .fail(let reason) = steps.last else {
            Issue.record("expected a failure, got \(steps)")
            return
        }
        #expect(reason.contains("Authentication failed") && reason.contains("floorwatch"))
        #expect(!reason.contains("wrong"))
        var http = AMISession(username: "u", secret: "p")
        let (httpSteps, _, _) = Self.feed(&http, ["HTTP/1.1 400 Bad Request\nContent-Length: 0"])
        guard case .fail = httpSteps.first else {
            Issue.record("a non-AMI peer must fail, got \(httpSteps)")
            return
        }
    }

    @Test func theListingReconcilesQueuesMembersAndWhatTheyHandle() {
        var session = Self.loggedIn()
        let (_, events, refused) = Self.feed(
            &session,
            [
                "Response: Success\nActionID: floorwatch-queuestatus\nEventList: start\nMessage: Queue status will follow",
                "Event: QueueParams\nActionID: floorwatch-queuestatus\nQueue: billing\nCalls: 1",
                "Event: QueueParams\nActionID: floorwatch-queuestatus\nQueue: faults\nCalls: 0",
                "Event: QueueMember\nActionID: floorwatch-queuestatus\nQueue: billing\nLocation: PJSIP/4101\nInCall: 0\nStatus: 1\nPaused: 0",
                "Event: QueueMember\nActionID: floorwatch-queuestatus\nQueue: billing\nLocation: PJSIP/4102\nInCall: 1\nStatus: 2\nPaused: 0",
                "Event: QueueEntry\nActionID: floorwatch-queuestatus\nQueue: billing\nUniqueid: u9\nWait: 30",
                "Event: QueueStatusComplete\nActionID: floorwatch-queuestatus\nEventList: Complete\nListItems: 5",
            ])
        #expect(refused.isEmpty)
        #expect(session.phase == .streaming)
        let statements = events.compactMap { event -> Reconciliation? in
            if case .reconcile(let statement) = event.body { return statement }
            return nil
        }
        #expect(
            statements == [
                .waiting(queue: "billing", contacts: ["u9"]), .waiting(queue: "faults", contacts: []),
                .handling(agent: "PJSIP/4101", contacts: []), .loggedIn(agents: ["PJSIP/4101", "PJSIP/4102"]),
            ])
        // The rows themselves are decoded too: the caller who waited 30 s and both members.
        #expect(
            events.contains(
                Event(
                    time: Self.now - 30_000,
                    body: .contact(id: "u9", .queued(queue: "billing", channel: .voice, caller: nil)))))
    }

    @Test func aLiveEventDuringTheListingKeepsItsQueueAndMemberOutOfTheReconciliation() {
        var session = Self.loggedIn()
        let (_, events, _) = Self.feed(
            &session,
            [
                "Event: QueueParams\nActionID: floorwatch-queuestatus\nQueue: billing",
                "Event: QueueMember\nActionID: floorwatch-queuestatus\nQueue: billing\nLocation: PJSIP/4101\nInCall: 0\nStatus: 1",
                // Live, between the rows: a new caller and an answer by the idle member.
                "Event: AgentConnect\nQueue: billing\nUniqueid: u11\nInterface: PJSIP/4101",
                "Event: QueueStatusComplete\nActionID: floorwatch-queuestatus",
            ])
        let statements = events.compactMap { event -> Reconciliation? in
            if case .reconcile(let statement) = event.body { return statement }
            return nil
        }
        #expect(statements == [.loggedIn(agents: ["PJSIP/4101"])])
    }

    @Test func aLeaveNothingExplainsIsAnExitAfterTheGrace() {
        var session = Self.loggedIn()
        _ = Self.feed(&session, ["Event: QueueStatusComplete\nActionID: floorwatch-queuestatus"])
        let join = "Event: QueueCallerJoin\nQueue: Q1\nUniqueid: u1\nCallerIDNum: 123"
        let (_, joined, _) = Self.feed(&session, [join, "Event: QueueCallerLeave\nQueue: Q1\nUniqueid: u1"])
        #expect(joined.count == 1)
        var events: [Event] = []
        session.expireLeaves(at: Self.now + 1_999, into: &events)
        #expect(events.isEmpty)
        session.expireLeaves(at: Self.now + 2_000, into: &events)
        #expect(events == [Event(time: Self.now, body: .contact(id: "u1", .ended(.timedOut, afterContactWork: false)))])

        // Answered: the leave comes first, the AgentConnect right after; no exit.
        let (_, answered, _) = Self.feed(
            &session,
            [
                join.replacingOccurrences(of: "u1", with: "u2"), "Event: QueueCallerLeave\nQueue: Q1\nUniqueid: u2",
                "Event: AgentConnect\nQueue: Q1\nUniqueid: u2\nInterface: SIP/777",
            ])
        // Abandoned: Asterisk sends the abandon, then the leave.
        let (_, abandoned, _) = Self.feed(
            &session,
            [
                join.replacingOccurrences(of: "u1", with: "u3"), "Event: QueueCallerAbandon\nQueue: Q1\nUniqueid: u3",
                "Event: QueueCallerLeave\nQueue: Q1\nUniqueid: u3",
            ])
        var late: [Event] = []
        session.expireLeaves(at: Self.now + 60_000, into: &late)
        #expect(late.isEmpty)
        #expect(answered.last?.body == .contact(id: "u2", .connected(agent: "SIP/777", queue: "Q1", channel: .voice)))
        #expect(abandoned.last?.body == .contact(id: "u3", .ended(.abandoned, afterContactWork: false)))
    }
}
