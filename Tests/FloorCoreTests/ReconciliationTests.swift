import FloorCore
import FloorTestSupport
import Testing

/// A source's statement of what is true now (AMI QueueStatus after a reconnect, a Connect
/// heartbeat) removes what ended unseen, without inventing an outcome.
@Suite("Reconciliation and next status")
struct ReconciliationTests {
    static func reconcile(_ script: inout Script, _ statement: Reconciliation, at seconds: Double) {
        script.events.append(Event(source: script.source, time: Script.at(seconds), body: .reconcile(statement)))
    }

    static func chat(_ id: String, at seconds: Double = 2, stage: HandledContact.Stage = .connected) -> HandledContact {
        HandledContact(id: id, channel: .chat, queue: "chat", connectedAt: Script.at(seconds), stage: stage)
    }

    @Test func contactsInProgressAtAColdStartAreTakenOnAndCountedWhenTheyEnd() {
        // floorwatch starts while the agent has two chats, one in after-contact work.
        var script = Script()
        Self.reconcile(
            &script,
            .handling(
                agent: "a1", contacts: [Self.chat("m1", at: 5), Self.chat("m2", at: 1, stage: .afterContactWork)]),
            at: 100)
        let engine = FloorEngine.eventClock()
        let adopted = engine.run(script)
        #expect(adopted.agents.first?.contacts.sorted() == ["m1", "m2"])
        #expect(adopted.channels.chat.agents.onContact == 1)
        #expect(adopted.channels.chat.slots.inUse == 2)
        // Nothing was offered or answered while floorwatch watched.
        #expect(adopted.channels.chat.fiveMinutes[.offered] == 0)
        #expect(adopted.channels.chat.fiveMinutes[.answered] == 0)
        #expect(engine.anomalies(.resynchronised) == 2)
        // The same statement again changes nothing; the chat ending is handled from its connect.
        var later = Script()
        Self.reconcile(&later, .handling(agent: "a1", contacts: [Self.chat("m1", at: 5)]), at: 110)
        later.contact("m1", .ended(.completed, afterContactWork: false), at: 125)
        let ended = engine.run(later)
        #expect(ended.agents.first?.contacts == [])
        #expect(ended.channels.chat.fiveMinutes[.handled] == 1)
        #expect(ended.channels.chat.fiveMinutes[.handleMs] == 120_000)
        // m2 left the second snapshot: ended unseen.
        #expect(engine.anomalies(.resynchronised) == 3)
    }

    @Test func callersMissingFromAQueueListingLeaveWithoutCountingAsAbandoned() {
        var script = Script()
        for (index, id) in ["c1", "c2", "c3"].enumerated() { script.queued(id, at: Double(index)) }
        script.queued("other-queue", "faults", at: 3)
        var elsewhere = Script(source: SourceID(1))
        elsewhere.queued("c1", at: 3)
        script.events += elsewhere.events
        Self.reconcile(&script, .waiting(queue: "billing", contacts: ["c2"]), at: 60)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        // c1 and c3 ended unseen; c2, the other queue and the other source's c1 still wait.
        #expect(snapshot.queues["billing"]?.inQueue == 2)
        #expect(snapshot.queues["faults"]?.inQueue == 1)
        #expect(snapshot.waiting.map(\.id).sorted() == ["c1", "c2", "other-queue"])
        let window = snapshot.queues["billing"]!.fiveMinutes
        #expect(window[.offered] == 4)
        #expect(window[.abandoned] == 0)
        #expect(window[.answered] == 0)
        #expect(window[.timedOut] == 0)
        #expect(engine.anomalies(.resynchronised) == 2)
        // A late step for a removed caller is after its end, never a second life.
        var late = Script()
        late.ended("c1", .abandoned, at: 61)
        late.connected("c3", at: 62)
        let after = engine.run(late)
        #expect(after.queues["billing"]!.fiveMinutes[.abandoned] == 0)
        #expect(after.queues["billing"]!.fiveMinutes[.answered] == 0)
        #expect(engine.anomalies(.duplicate) == 1)
        #expect(engine.anomalies(.eventAfterEnd) == 1)
    }

    @Test func anAgentsContactsMissingFromItsSnapshotEndUnseen() {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent(
            "a1", .profile(RoutingProfile(slots: PerChannel { $0 == .chat ? 3 : 0 }, queues: ["chat"])), at: 0)
        for id in ["m1", "m2", "m3"] {
            script.queued(id, "chat", .chat, at: 1)
            script.connected(id, at: 2)
        }
        Self.reconcile(&script, .handling(agent: "a1", contacts: [Self.chat("m2")]), at: 30)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        #expect(snapshot.agents.first?.contacts == ["m2"])
        #expect(snapshot.channels.chat.slots.inUse == 1)
        #expect(snapshot.channels.chat.fiveMinutes[.answered] == 3)
        // Removed unseen: no handle time is made up for them.
        #expect(snapshot.channels.chat.fiveMinutes[.handled] == 0)
        #expect(engine.anomalies(.resynchronised) == 2)
    }

    @Test func agentsMissingFromTheRosterLogOut() {
        var script = Script()
        for id in ["a1", "a2", "a3"] { script.agent(id, .login(name: nil, team: nil), at: 0) }
        script.agent("a3", .logout, at: 1)
        Self.reconcile(&script, .loggedIn(agents: ["a1"]), at: 10)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        #expect(snapshot.overall.agents.staffed == 1)
        #expect(snapshot.overall.agents.offline == 2)
        // Only a2 was removed by the roster; a3 had logged out itself.
        #expect(engine.anomalies(.resynchronised) == 1)
    }

    @Test func aChosenNextStatusStopsNewContactsUntilItTakesEffect() {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent("a2", .login(name: nil, team: nil), at: 0)
        script.agent("a1", .nextStatus(.away(reason: "Lunch")), at: 5)
        let engine = FloorEngine.eventClock()
        let before = engine.run(script)
        #expect(before.channels.voice.agents.available == 1)
        #expect(before.channels.voice.agents.staffed == 2)
        #expect(before.agents.first { $0.id == "a1" }?.nextStatus == .away(reason: "Lunch"))
        var later = Script()
        later.agent("a1", .status(.away(reason: "Lunch")), at: 60)
        let after = engine.run(later)
        #expect(after.agents.first { $0.id == "a1" }?.nextStatus == nil)
        #expect(after.channels.voice.agents.away == 1)
    }
}
