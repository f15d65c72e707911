import FloorTestSupport
import Testing

@testable import FloorCore

/// Consecutive snapshots share an unchanged agent's slower-moving figures (one box, not one copy
/// per snapshot), and a change is never hidden by the sharing.
@Suite("Agent entries shared between snapshots")
struct AgentSnapshotSharingTests {
    @Test func anUnchangedAgentIsSharedAndAChangedOneIsNot() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.agent("a1", .login(name: "Ann", team: "Billing"), at: 0)
        script.agent("a2", .login(name: "Bo", team: "Billing"), at: 0)
        script.agent("a1", .status(.available), at: 1)
        script.agent("a2", .status(.available), at: 1)
        let first = engine.run(script)
        var next = Script()
        next.agent("a2", .status(.away(reason: "Lunch")), at: 2)
        let second = engine.run(next)
        #expect(first.agents.map(\.id) == ["a1", "a2"])
        // a1 did not change: the same box; a2 did: a new one, with the new figures.
        #expect(first.agents[0].shared === second.agents[0].shared)
        #expect(first.agents[1].shared !== second.agents[1].shared)
        #expect(second.agents[1].activity == .away && second.agents[1].reason == "Lunch")
        #expect(first.agents[1].reason == nil)
        #expect(second.agents[1].statusSince == Script.at(2))
        // A copy changed by hand changes alone.
        var edited = second.agents[0]
        edited.name = "Anne"
        #expect(edited.name == "Anne" && second.agents[0].name == "Ann")
        #expect(edited != second.agents[0])
    }

    /// A logged-out agent's figures do not move: the same box. A working agent's accrue time: a
    /// new box with the new figures, the day's and each window's.
    @Test func figuresAreSharedWhileEqualAndFreshWhenTheyMove() throws {
        let engine = FloorEngine.eventClock()
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        var script = Script()
        script.agent("a1", .login(name: "Ann", team: nil), at: 0)
        script.agent("a2", .login(name: "Bo", team: nil), at: 0)
        script.agent("a1", .status(.available), at: 1)
        script.agent("a2", .status(.available), at: 1)
        script.agent("a1", .logout, at: 2)
        engine.apply(script.events, wallNow: Script.origin)
        let first = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        var next = Script()
        next.agent("a2", .status(.away(reason: "Lunch")), at: 61)
        engine.apply(next.events, wallNow: Script.origin)
        let second = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        #expect(first.agents[0].figures === second.agents[0].figures)
        #expect(first.agents[1].figures !== second.agents[1].figures)
        // Logged in as Available: a2 idle from 0 s to 61 s, a1 from 0 s to its logout at 2 s.
        let today = try #require(second.agents[1].today)
        #expect(today.idleMs == 61_000 && today.onContactMs == 0)
        #expect(second.agents[1].windows.map(\.figures.idleMs) == [61_000, 61_000, 61_000])
        #expect(second.agents[1].windows.map(\.length) == [.minutes(5), .minutes(15), .minutes(60)])
        #expect(second.agents[0].today?.idleMs == 2_000)
        // Set by hand, a copy changes alone.
        var edited = second.agents[1]
        edited.windows = []
        #expect(edited.windows.isEmpty && edited.today == today && second.agents[1].windows.count == 3)
    }
}
