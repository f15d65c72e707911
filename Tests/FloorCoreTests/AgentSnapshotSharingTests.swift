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
}
