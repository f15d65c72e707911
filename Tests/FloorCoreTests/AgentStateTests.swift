import FloorCore
import FloorTestSupport
import Testing

@Suite("Agent state and occupancy")
struct AgentStateTests {
    private func blendedAgent(_ script: inout Script, _ id: String = "a1", at seconds: Double = 0) {
        script.agent(id, .login(name: "Ana", team: "Billing"), at: seconds)
        script.agent(
            id,
            .profile(
                RoutingProfile(
                    slots: PerChannel { $0 == .voice || $0 == .email ? 1 : 0 },
                    crossChannel: PerChannel { $0 == .email }, queues: ["billing"])),
            at: seconds)
    }

    @Test func statesAndAwayReasons() {
        var script = Script()
        blendedAgent(&script, "a1")
        blendedAgent(&script, "a2")
        blendedAgent(&script, "a3")
        script.agent("a2", .status(.away(reason: "lunch")), at: 10)
        script.agent("a3", .logout, at: 20)
        let snapshot = FloorEngine.eventClock().run(script)
        let voice = snapshot.channels.voice.agents
        #expect(voice.staffed == 1)
        #expect(voice.available == 1)
        #expect(voice.away == 1)
        #expect(voice.awayByReason == ["lunch": 1])
        #expect(voice.offline == 1)
        #expect(snapshot.channels.email.slots.capacity == 1)
        #expect(snapshot.channels.chat.agents.staffed == 0)
        #expect(snapshot.queues["billing"]?.agents.staffed == 1)
    }

    @Test func voiceCallBlocksVoiceButEmailAllowsVoiceAfterIt() {
        var script = Script()
        blendedAgent(&script)
        script.queued("v1", at: 1)
        script.connected("v1", at: 2)
        let engine = FloorEngine.eventClock()
        let onCall = engine.run(script)
        #expect(onCall.channels.voice.agents.onContact == 1)
        #expect(onCall.channels.voice.agents.available == 0)
        // Voice forbids other channels while on a call.
        #expect(onCall.channels.email.agents.available == 0)

        var next = Script()
        next.ended("v1", at: 60)
        next.queued("e1", "mail", .email, at: 61)
        next.connected("e1", at: 62)
        let onEmail = engine.run(next)
        #expect(onEmail.channels.email.agents.onContact == 1)
        // Email allows other channels: the agent can still take a call.
        #expect(onEmail.channels.voice.agents.available == 1)
        #expect(onEmail.overall.slots.inUse == 1)
        #expect(onEmail.overall.slots.capacity == 2)
    }

    @Test func occupancyTimeAndSlotBased() {
        var script = Script()
        blendedAgent(&script)
        script.queued("v1", at: 60)
        script.connected("v1", at: 60)
        script.ended("v1", at: 120)
        let window = FloorEngine.eventClock().run(script).overall.fiveMinutes
        // 60 s idle, 60 s on a call: Connect's time-based occupancy is 50 %.
        #expect(window[.idleMs] == 60_000)
        #expect(window[.onContactMs] == 60_000)
        #expect(window.occupancyTime == 0.5)
        // Two slots (voice + email) for 120 s, one busy for 60 s: 25 %.
        #expect(window[.slotCapacityMs] == 240_000)
        #expect(window[.slotBusyMs] == 60_000)
        #expect(window.occupancySlots == 0.25)
    }

    @Test func awayTimeIsNeitherIdleNorOnContact() {
        var script = Script()
        blendedAgent(&script)
        script.agent("a1", .status(.away(reason: "training")), at: 30)
        script.agent("a1", .status(.available), at: 90)
        script.agent("a1", .logout, at: 120)
        let window = FloorEngine.eventClock().run(script).overall.fiveMinutes
        #expect(window[.idleMs] == 60_000)
        #expect(window[.onContactMs] == 0)
        #expect(window.occupancyTime == 0.0)
    }

    @Test func chatConcurrencyLevelIsRecorded() {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent("a1", .profile(RoutingProfile(slots: PerChannel { $0 == .chat ? 3 : 0 })), at: 0)
        script.queued("ch1", "web", .chat, at: 1)
        script.queued("ch2", "web", .chat, at: 1)
        script.connected("ch1", at: 2)
        script.connected("ch2", at: 3)
        script.ended("ch1", at: 62)
        script.ended("ch2", at: 123)
        let window = FloorEngine.eventClock().run(script).channels.chat.fiveMinutes
        #expect(window[.chatHandled(level: 1)] == 1)
        #expect(window[.chatHandleMs(level: 1)] == 60_000)
        #expect(window[.chatHandled(level: 2)] == 1)
        #expect(window[.chatHandleMs(level: 2)] == 120_000)
    }

    @Test func agentWithoutLoginIsCreatedAndCounted() {
        var script = Script()
        script.queued("v1", at: 0)
        script.connected("v1", agent: "SIP/4101", at: 5)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        #expect(snapshot.knownAgents == 1)
        #expect(snapshot.channels.voice.agents.onContact == 1)
        #expect(engine.anomalies(.agentWithoutLogin) == 1)
    }
}

@Suite("Time and lateness")
struct TimeTests {
    @Test func windowsSlide() {
        var script = Script()
        script.queued("c1", at: 0)
        script.ended("c1", .abandoned, at: 10)
        script.queued("c2", at: 400)
        let overall = FloorEngine.eventClock().run(script).overall
        #expect(overall.fiveMinutes[.offered] == 1)
        #expect(overall.fifteenMinutes[.offered] == 2)
        #expect(overall.fiveMinutes[.abandoned] == 0)
        #expect(overall.fifteenMinutes[.abandoned] == 1)
    }

    @Test func oldEventsCountInTheBucketOfTheirTimeOnTheWallClock() {
        let engine = FloorEngine(settings: EngineSettings(clock: .wall))
        let wallNow = Script.at(3600)
        var script = Script()
        // A backlog flushed after a network cut: stamped 10 minutes ago.
        script.queued("c1", at: 3000)
        script.ended("c1", .abandoned, at: 3010)
        engine.apply(script.events, wallNow: wallNow)
        let snapshot = engine.makeSnapshot(wallNow: wallNow)
        #expect(snapshot.overall.fiveMinutes[.abandoned] == 0)
        #expect(snapshot.overall.fifteenMinutes[.abandoned] == 1)
        // Lateness is against the source's own newest event: these arrived in order, so none.
        #expect(snapshot.sources[0].lateEvents == 0)
    }

    @Test func latenessIsMeasuredPerSource() {
        let engine = FloorEngine(settings: EngineSettings(clock: .wall))
        var script = Script()
        script.queued("c1", at: 100)
        script.queued("c2", at: 40)
        engine.apply(script.events, wallNow: Script.at(100))
        let source = engine.makeSnapshot(wallNow: Script.at(100)).sources[0]
        #expect(source.lateEvents == 1)
        #expect(source.maximumLateness == 60_000)
    }

    @Test func eventsBeyondTheLongestWindowUpdateStateButNotWindows() {
        let engine = FloorEngine(settings: EngineSettings(clock: .wall))
        var script = Script()
        script.queued("c1", at: 0)
        engine.apply(script.events, wallNow: Script.at(7200))
        let snapshot = engine.makeSnapshot(wallNow: Script.at(7200))
        #expect(snapshot.overall.inQueue == 1)
        #expect(snapshot.overall.sixtyMinutes[.offered] == 0)
        #expect(snapshot.lifetime[.offered] == 1)
        #expect(engine.anomalies(.beyondWindows) == 1)
    }

    @Test func futureEventsAreClampedOnTheWallClock() {
        let engine = FloorEngine(settings: EngineSettings(clock: .wall))
        var script = Script()
        script.queued("c1", at: 500)
        engine.apply(script.events, wallNow: Script.at(0))
        let snapshot = engine.makeSnapshot(wallNow: Script.at(0))
        #expect(snapshot.overall.fiveMinutes[.offered] == 1)
        #expect(snapshot.overall.oldestWait == 0)
        #expect(engine.anomalies(.futureTimestamp) == 1)
    }

    @Test func rfc3339RoundTripsAndParsesOffsets() {
        let time = EventTime(milliseconds: 1_795_597_200_123)
        #expect(RFC3339.format(time) == "2026-11-25T09:00:00.123Z")
        #expect(RFC3339.parse(RFC3339.format(time)) == time)
        #expect(RFC3339.parse("2026-11-25T10:00:00+01:00") == RFC3339.parse("2026-11-25T09:00:00Z"))
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == EventTime(milliseconds: 0))
        #expect(RFC3339.parse("2024-02-29T12:00:00.5Z") == EventTime(milliseconds: 1_709_208_000_500))
        #expect(RFC3339.parse("2026-13-01T00:00:00Z") == nil)
        #expect(RFC3339.parse("2026-11-25T09:00:00") == nil)
    }
}
