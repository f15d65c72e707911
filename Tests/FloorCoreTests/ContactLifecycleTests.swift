import FloorCore
import FloorTestSupport
import Testing

@Suite("Contact state machine")
struct ContactLifecycleTests {
    @Test func answeredCallWithHoldAndAfterContactWork() {
        var script = Script()
        script.queued("c1", at: 0)
        script.contact("c1", .offered(agent: "a1"), at: 8)
        script.connected("c1", at: 10)
        script.contact("c1", .held, at: 30)
        script.contact("c1", .resumed, at: 45)
        script.ended("c1", acw: true, at: 70)
        let engine = FloorEngine.eventClock()
        engine.apply(script.events, wallNow: Script.origin)
        let during = engine.makeSnapshot(wallNow: Script.origin)
        #expect(during.overall.agents.afterContactWork == 1)
        #expect(during.overall.slots.inUse == 1)
        #expect(during.overall.fiveMinutes[.handled] == 0)

        var finish = Script()
        finish.contact("c1", .afterContactWorkEnded, at: 100)
        engine.apply(finish.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        let voice = snapshot.channels.voice.fiveMinutes
        #expect(voice[.offered] == 1)
        #expect(voice[.answered] == 1)
        #expect(voice.averageSpeedOfAnswer == 10_000)
        #expect(voice.averageHandleTime == 90_000)
        #expect(voice[.holdMs] == 15_000)
        #expect(voice[.afterContactWorkMs] == 30_000)
        #expect(voice.serviceLevel == 1.0)
        #expect(voice.waitMax == 10_000)
        #expect(snapshot.overall.slots.inUse == 0)
        #expect(snapshot.openContacts == 0)
        #expect(snapshot.queues["billing"]?.fiveMinutes[.answered] == 1)
    }

    @Test func abandonAfterThresholdFailsServiceLevel() {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .abandoned, at: 30)
        let window = FloorEngine.eventClock().run(script).channels.voice.fiveMinutes
        #expect(window[.abandoned] == 1)
        #expect(window[.shortAbandoned] == 0)
        #expect(window.averageAbandonTime == 30_000)
        #expect(window.abandonRate == 1.0)
        #expect(window.serviceLevel == 0.0)
        #expect(window.averageSpeedOfAnswer == nil)
    }

    @Test(arguments: [
        (ServiceLevelDefinition.connect, Optional(1.0)),
        (.answeredOverOffered, Optional(0.0)),
        (.answeredOverAnswered, nil),
        (.excludeShortAbandons, nil),
    ])
    func shortAbandonUnderEachServiceLevelDefinition(definition: ServiceLevelDefinition, expected: Double?) {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .abandoned, at: 3)
        let engine = FloorEngine.eventClock {
            $0.queues["billing"] = QueueSettings(
                channel: .voice, serviceLevelThreshold: .seconds(20), serviceLevelTarget: 0.8,
                serviceLevelDefinition: definition)
        }
        let window = engine.run(script).queues["billing"]!.fiveMinutes
        #expect(window[.shortAbandoned] == 1)
        #expect(window[.abandoned] == 1)
        #expect(window.serviceLevel == expected)
    }

    @Test func timedOutIsNotAnAbandon() {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .timedOut, at: 300)
        let window = FloorEngine.eventClock().run(script).overall.fifteenMinutes
        #expect(window[.timedOut] == 1)
        #expect(window[.abandoned] == 0)
        #expect(window.abandonRate == 0.0)
        #expect(window[.timedOutWaitMs] == 300_000)
    }

    @Test func duplicatesAreAppliedOnce() {
        var script = Script()
        script.queued("c1", at: 0)
        script.queued("c1", at: 0)
        script.connected("c1", at: 5)
        script.connected("c1", at: 5)
        script.ended("c1", at: 60)
        script.ended("c1", at: 60)
        let engine = FloorEngine.eventClock()
        let window = engine.run(script).overall.fiveMinutes
        #expect(window[.offered] == 1)
        #expect(window[.answered] == 1)
        #expect(window[.handled] == 1)
        #expect(engine.anomalies(.duplicate) == 3)
    }

    @Test func connectedWithoutQueuedThenLateQueued() {
        var script = Script()
        script.connected("c1", at: 12)
        let engine = FloorEngine.eventClock()
        let before = engine.run(script).overall.fiveMinutes
        #expect(before[.answered] == 1)
        #expect(before[.offered] == 0)
        #expect(before.averageSpeedOfAnswer == nil)
        #expect(engine.anomalies(.connectedWithoutQueued) == 1)

        var late = Script()
        late.queued("c1", at: 2)
        let after = engine.run(late).overall.fiveMinutes
        #expect(after[.offered] == 1)
        #expect(after[.answered] == 1)
        #expect(after.averageSpeedOfAnswer == 10_000)
    }

    @Test func endedWithoutConnectedIsAnAbandon() {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .completed, at: 40)
        let engine = FloorEngine.eventClock()
        let window = engine.run(script).overall.fiveMinutes
        #expect(window[.abandoned] == 1)
        #expect(window[.handled] == 0)
        #expect(engine.anomalies(.endedWithoutConnected) == 1)
    }

    @Test func contactThatNeverEndsIsReaped() {
        var script = Script()
        script.queued("c1", at: 0)
        script.queued("c2", at: 3 * 3600)
        script.queued("c3", at: 4 * 3600 + 60)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        #expect(engine.anomalies(.reaped) == 1)
        #expect(snapshot.overall.inQueue == 2)
        #expect(snapshot.overall.oldestWait == 3_660_000)
    }

    @Test func eventAfterEndIsIgnoredAndCounted() {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .abandoned, at: 10)
        script.connected("c1", at: 20)
        let engine = FloorEngine.eventClock()
        let window = engine.run(script).overall.fiveMinutes
        #expect(window[.answered] == 0)
        #expect(engine.anomalies(.eventAfterEnd) == 1)
    }

    @Test func agentNonResponseReturnsContactToQueue() {
        var script = Script()
        script.queued("c1", at: 0)
        script.contact("c1", .offered(agent: "a1"), at: 2)
        script.contact("c1", .missed(agent: "a1"), at: 17)
        let snapshot = FloorEngine.eventClock().run(script)
        #expect(snapshot.overall.fiveMinutes[.agentNonResponse] == 1)
        #expect(snapshot.overall.inQueue == 1)
        #expect(snapshot.overall.oldestWait == 17_000)
    }

    @Test func transferToAnotherQueueCountsInBoth() {
        var script = Script()
        script.queued("c1", "billing", at: 0)
        script.connected("c1", at: 5)
        script.contact("c1", .transferred(toQueue: "retention", toAgent: nil), at: 65)
        script.connected("c1", agent: "a2", at: 80)
        script.ended("c1", at: 200)
        let snapshot = FloorEngine.eventClock().run(script)
        let billing = snapshot.queues["billing"]!.fiveMinutes
        let retention = snapshot.queues["retention"]!.fiveMinutes
        #expect(billing[.transfers] == 1)
        #expect(billing[.handled] == 1)
        #expect(billing[.handleMs] == 60_000)
        #expect(retention[.offered] == 1)
        #expect(retention[.answered] == 1)
        #expect(retention.averageSpeedOfAnswer == 15_000)
        #expect(retention[.handleMs] == 120_000)
        #expect(snapshot.overall.fiveMinutes[.offered] == 2)
    }

    @Test func sameContactIdFromTwoSourcesAreTwoContacts() {
        var first = Script(source: SourceID(1))
        first.queued("c1", at: 0)
        var second = Script(source: SourceID(2))
        second.queued("c1", at: 1)
        let engine = FloorEngine.eventClock()
        engine.apply(first.events + second.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.overall.inQueue == 2)
        #expect(snapshot.sources.map(\.events) == [1, 1])
    }

    @Test func emptyWindowsGiveZeroCountsAndNoRatios() {
        let snapshot = FloorEngine.eventClock().makeSnapshot(wallNow: Script.origin)
        let window = snapshot.channels.chat.sixtyMinutes
        #expect(window[.offered] == 0)
        #expect(window.serviceLevel == nil)
        #expect(window.abandonRate == nil)
        #expect(window.averageHandleTime == nil)
        #expect(window.waitP50 == nil)
        #expect(window.waitMax == nil)
        #expect(window.occupancyTime == nil)
        #expect(snapshot.channels.chat.oldestWait == nil)
    }
}

@Suite("Anomalies without a contact")
struct StrayEventTests {
    @Test func stepForAnUnknownContactIsCountedAndIgnored() {
        var script = Script()
        script.contact("ghost", .held, at: 0)
        script.ended("ghost", .abandoned, at: 1)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        #expect(snapshot.overall.fiveMinutes[.abandoned] == 0)
        #expect(snapshot.openContacts == 0)
        #expect(engine.anomalies(.unknownContact) == 2)
    }

    @Test func lateAgentEventTakesEffectWhereOccupancyWasAccounted() {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent("a1", .status(.away(reason: "break")), at: 120)
        // Stamped before the away: applied at 120 s, counted late.
        script.agent("a1", .status(.available), at: 60)
        script.agent("a1", .logout, at: 180)
        let engine = FloorEngine.eventClock()
        let window = engine.run(script).overall.fiveMinutes
        #expect(window[.idleMs] == 180_000)
        #expect(engine.anomalies(.lateAgentEvent) == 1)
    }
}
