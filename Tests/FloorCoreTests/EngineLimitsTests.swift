import FloorCore
import FloorTestSupport
import Testing

/// A flood of unique ids stops at the limits: per source first, then in total; refusals and
/// foldings are counted per source; what is folded still counts on the floor. Expected figures
/// are plain arithmetic on the scripted floods.
@Suite("Engine limits")
struct EngineLimitsTests {
    static func engine(_ configure: (inout EngineLimits) -> Void) -> FloorEngine {
        FloorEngine.eventClock { configure(&$0.limits) }
    }

    static func anomalies(_ snapshot: FloorSnapshot, _ source: String) -> [String: Int64] {
        snapshot.sources.first { $0.name == source }?.anomalies ?? [:]
    }

    /// A flood of contacts that end fills the memory of ended contacts: the oldest are forgotten
    /// early and counted on their source; the newest are still recognised.
    @Test func endedContactsStopAtTheirLimitOldestFirst() {
        let engine = Self.engine { $0.endedContacts = 100 }
        let flood = engine.registerSource(name: "flood", format: .native)
        var script = Script(source: flood)
        for index in 0..<300 {
            script.queued("c-\(index)", at: Double(index) / 10)
            script.ended("c-\(index)", .abandoned, at: Double(index) / 10 + 0.05)
        }
        engine.apply(script.events, wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(Self.anomalies(snapshot, "flood")["ended_memory_full"] == 200)
        #expect(snapshot.openContacts == 0)
        // A repeat of a remembered contact's start is recognised; one forgotten early opens anew.
        var repeats = Script(source: flood)
        repeats.queued("c-299", at: 31)
        repeats.queued("c-0", at: 31)
        engine.apply(repeats.events, wallNow: Script.origin)
        snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.openContacts == 1)
        #expect(snapshot.waiting.map(\.id) == ["c-0"])
    }

    /// Two feeds at once, one flooding: at the limit the source holding the most forgets its own
    /// oldest, so the quiet feed's recent ends are still recognised, also after a restart.
    /// Expected: the quiet feed's 20 ends fill the memory first; of the flood's 300, the limit of
    /// 100 keeps 80, so 220 are forgotten early, all counted on the flood.
    @Test func aFloodingSourceForgetsItsOwnEndsBeforeAQuietSources() throws {
        let engine = Self.engine { $0.endedContacts = 100 }
        let quiet = engine.registerSource(name: "quiet", format: .native)
        let flood = engine.registerSource(name: "flood", format: .native)
        var calm = Script(source: quiet)
        for index in 0..<20 {
            calm.queued("q-\(index)", at: Double(index) / 10)
            calm.ended("q-\(index)", .abandoned, at: Double(index) / 10 + 0.05)
        }
        var storm = Script(source: flood)
        for index in 0..<300 {
            storm.queued("f-\(index)", at: 10 + Double(index) / 10)
            storm.ended("f-\(index)", .abandoned, at: 10 + Double(index) / 10 + 0.05)
        }
        engine.apply(calm.events, wallNow: Script.origin)
        engine.apply(storm.events, wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(Self.anomalies(snapshot, "flood")["ended_memory_full"] == 220)
        #expect(Self.anomalies(snapshot, "quiet")["ended_memory_full"] == nil)

        let restored = Self.engine { $0.endedContacts = 100 }
        try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
        // The flood goes on after the restart: still its own ends that go.
        var more = Script(source: flood)
        for index in 300..<350 {
            more.queued("f-\(index)", at: 50 + Double(index) / 10)
            more.ended("f-\(index)", .abandoned, at: 50 + Double(index) / 10 + 0.05)
        }
        restored.apply(more.events, wallNow: Script.origin)
        var repeats = Script(source: quiet)
        for index in 0..<20 { repeats.queued("q-\(index)", at: 100) }
        restored.apply(repeats.events, wallNow: Script.origin)
        var early = Script(source: flood)
        early.queued("f-0", at: 100)
        restored.apply(early.events, wallNow: Script.origin)
        snapshot = restored.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.waiting.map(\.id) == ["f-0"])
        #expect(Self.anomalies(snapshot, "flood")["ended_memory_full"] == 270)
        #expect(Self.anomalies(snapshot, "quiet")["ended_memory_full"] == nil)
    }

    @Test func openContactsStopAtTheSourcesLimitThenTheTotal() {
        let engine = Self.engine {
            $0.openContactsPerSource = 100
            $0.openContacts = 150
        }
        let flood = engine.registerSource(name: "flood", format: .native)
        let other = engine.registerSource(name: "other", format: .native)
        var script = Script(source: flood)
        for index in 0..<200 { script.queued("f-\(index)", at: Double(index) / 10) }
        var second = Script(source: other)
        for index in 0..<60 { second.queued("o-\(index)", at: 30 + Double(index) / 10) }
        engine.apply(script.events + second.events, wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.openContacts == 150)
        #expect(Self.anomalies(snapshot, "flood")["contact_limit"] == 100)
        #expect(Self.anomalies(snapshot, "other")["contact_limit"] == 10)
        #expect(snapshot.channels.voice.inQueue == 150)

        // Contacts that end make room again: 50 of the flood's callers hang up.
        var ends = Script(source: flood)
        for index in 0..<50 { ends.ended("f-\(index)", .abandoned, at: 40) }
        for index in 200..<260 { ends.queued("f-\(index)", at: 41) }
        engine.apply(ends.events, wallNow: Script.origin)
        snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.openContacts == 150)
        #expect(Self.anomalies(snapshot, "flood")["contact_limit"] == 110)
    }

    @Test func queuesBeyondTheLimitAreFoldedIntoOneThatKeepsTheFloorsTotals() {
        let engine = Self.engine { $0.queuesPerSource = 3 }
        let source = engine.registerSource(name: "feed", format: .native)
        var script = Script(source: source)
        for index in 0..<5 { script.queued("c-\(index)", "queue-\(index)", at: Double(index)) }
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(Set(snapshot.queues.keys) == ["queue-0", "queue-1", "queue-2", EngineLimits.overflowName])
        #expect(snapshot.queues[EngineLimits.overflowName]?.inQueue == 2)
        #expect(snapshot.channels.voice.fifteenMinutes[.offered] == 5)
        #expect(Self.anomalies(snapshot, "feed")["queue_limit"] == 2)
    }

    @Test func agentsBeyondTheLimitAreFoldedIntoOne() {
        let engine = Self.engine { $0.agentsPerSource = 2 }
        let source = engine.registerSource(name: "feed", format: .native)
        var script = Script(source: source)
        for index in 0..<4 { script.agent("a-\(index)", .login(name: nil, team: nil), at: Double(index)) }
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.map(\.id).sorted() == ["(over limit)", "a-0", "a-1"])
        #expect(Self.anomalies(snapshot, "feed")["agent_limit"] == 2)
    }

    /// A logged-out agent silent past the expiry is forgotten; an agent still on a contact whose
    /// slot moves keeps its contact (ending it frees that agent, not another).
    @Test func agentsLoggedOutLongAgoAreForgottenAndTheOthersKeepTheirContacts() {
        let engine = Self.engine { $0.agentExpiry = .hours(1) }
        let source = engine.registerSource(name: "feed", format: .native)
        var script = Script(source: source)
        script.agent("gone", .login(name: nil, team: nil), at: 0)
        script.agent("stays", .login(name: nil, team: nil), at: 1)
        script.agent("gone", .logout, at: 2)
        script.queued("c-1", at: 3)
        script.connected("c-1", agent: "stays", at: 4)
        // Two hours on, "stays" is still on the call (a long one) and heard of.
        script.agent("stays", .status(.available), at: 7_000)
        engine.apply(script.events, wallNow: Script.origin)
        engine.tick(wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.map(\.id) == ["stays"])
        #expect(snapshot.agents.first?.activity == .onContact)
        var end = Script(source: source)
        end.ended("c-1", at: 7_010)
        engine.apply(end.events, wallNow: Script.origin)
        snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.first?.activity == .available)
        #expect(snapshot.channels.voice.fifteenMinutes[.handled] == 1)
    }

    /// Snapshots list agents by source, then id, also after forgotten agents' slots were taken by
    /// others and new agents came: the order is kept between snapshots, so it must follow every
    /// change of who is known. Expected: the known ids, sorted by (source, id), counted by hand.
    @Test func theAgentListStaysInOrderAsAgentsAreForgottenAndAdded() {
        let engine = Self.engine { $0.agentExpiry = .hours(1) }
        let east = engine.registerSource(name: "east", format: .native)
        let west = engine.registerSource(name: "west", format: .native)
        var first = Script(source: west)
        for id in ["w-c", "w-a", "w-b"] { first.agent(id, .login(name: nil, team: nil), at: 0) }
        first.agent("w-a", .logout, at: 1)
        first.source = east
        for id in ["e-b", "e-a"] { first.agent(id, .login(name: nil, team: nil), at: 2) }
        first.agent("e-b", .logout, at: 3)
        engine.apply(first.events, wallNow: Script.origin)
        var snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.map(\.id) == ["e-a", "e-b", "w-a", "w-b", "w-c"])
        // Two hours on: "w-a" and "e-b" are forgotten; two new agents take five known in all.
        var later = Script(source: west)
        later.agent("w-0", .login(name: nil, team: nil), at: 7_200)
        later.source = east
        later.agent("e-c", .login(name: nil, team: nil), at: 7_200)
        for id in ["e-a"] { later.agent(id, .status(.available), at: 7_200) }
        later.source = west
        for id in ["w-b", "w-c"] { later.agent(id, .status(.available), at: 7_200) }
        engine.apply(later.events, wallNow: Script.origin)
        engine.tick(wallNow: Script.origin)
        snapshot = engine.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.agents.map(\.id) == ["e-a", "e-c", "w-0", "w-b", "w-c"])
        #expect(snapshot.agents.map(\.source) == [east, east, west, west, west])
    }

    @Test func aRestoredEngineKeepsEnforcingTheSourcesLimit() throws {
        let engine = Self.engine { $0.openContactsPerSource = 10 }
        let source = engine.registerSource(name: "feed", format: .native)
        var script = Script(source: source)
        for index in 0..<10 { script.queued("c-\(index)", at: Double(index)) }
        engine.apply(script.events, wallNow: Script.origin)
        let restored = Self.engine { $0.openContactsPerSource = 10 }
        try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
        var more = Script(source: source)
        more.queued("c-10", at: 20)
        restored.apply(more.events, wallNow: Script.origin)
        let snapshot = restored.makeSnapshot(wallNow: Script.origin)
        #expect(snapshot.openContacts == 10)
        #expect(Self.anomalies(snapshot, "feed")["contact_limit"] == 1)
    }
}
