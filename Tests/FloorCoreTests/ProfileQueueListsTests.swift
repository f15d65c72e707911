import FloorTestSupport
import Testing

@testable import FloorCore

/// Agents with the same routing profile share its queue lists, and the sharing never gives an
/// agent other queues than its own profile's.
@Suite("Routing profiles' queue lists shared")
struct ProfileQueueListsTests {
    static func profile(_ queues: [String]) -> AgentChange {
        .profile(RoutingProfile(slots: PerChannel { $0 == .voice ? 1 : 0 }, queues: queues))
    }

    static func storage<Element>(_ array: [Element]) -> UnsafeRawPointer? {
        array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func agentsWithTheSameProfileShareItsListsAndStayApart() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        for agent in ["a1", "a2", "a3"] { script.agent(agent, .login(name: nil, team: nil), at: 0) }
        script.agent("a1", Self.profile(["Sales", "Billing"]), at: 1)
        script.agent("a2", Self.profile(["Sales", "Billing"]), at: 1)
        script.agent("a3", Self.profile(["Billing"]), at: 1)
        let snapshot = engine.run(script)
        let records = engine.agentRecords
        #expect(Self.storage(records[0].profileQueues) == Self.storage(records[1].profileQueues))
        #expect(Self.storage(records[0].profile.queues) == Self.storage(records[1].profile.queues))
        #expect(Self.storage(records[0].profileQueues) != Self.storage(records[2].profileQueues))
        let sales = try #require(engine.queueIndex[EntityKey(queue: "Sales")])
        let billing = try #require(engine.queueIndex[EntityKey(queue: "Billing")])
        #expect(records.map(\.profileQueues) == [[sales, billing], [sales, billing], [billing]])
        // Each agent counts in its own queues only.
        #expect(snapshot.queues["Sales"]?.agents.staffed == 2 && snapshot.queues["Billing"]?.agents.staffed == 3)
        // An Asterisk-style change to one agent's list leaves the other's alone.
        var membership = Script()
        membership.agent("a2", .membership(queue: "Support", .added), at: 2)
        engine.apply(membership.events, wallNow: Script.origin)
        #expect(engine.agentRecords[0].profileQueues == [sales, billing])
        #expect(engine.agentRecords[1].profileQueues.count == 3)
    }

    /// A queue first known by its id and then named as a queue already in use: a profile listing
    /// the id afterwards serves the named queue, as a fresh lookup gives, not the cached index.
    @Test func aQueueNamedAfterTheListWasSharedIsLookedUpAgain() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.agent("a1", Self.profile(["arn:queue/7"]), at: 1)
        script.queued("c1", "Sales", at: 1)
        _ = engine.run(script)
        let sales = try #require(engine.queueIndex[EntityKey(queue: "Sales")])
        #expect(engine.agentRecords[0].profileQueues != [sales])
        engine.nameQueue(id: "arn:queue/7", name: "Sales")
        var later = Script()
        later.agent("a2", .login(name: nil, team: nil), at: 2)
        later.agent("a2", Self.profile(["arn:queue/7"]), at: 3)
        engine.apply(later.events, wallNow: Script.origin)
        #expect(engine.agentRecords[1].profileQueues == [sales])
    }

    @Test func aRestoredEngineSharesTheListsAgain() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        for agent in ["a1", "a2"] {
            script.agent(agent, .login(name: nil, team: nil), at: 0)
            script.agent(agent, Self.profile(["Sales"]), at: 1)
        }
        _ = engine.run(script)
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
        let records = restored.agentRecords
        #expect(records.map(\.profile.queues) == [["Sales"], ["Sales"]])
        #expect(Self.storage(records[0].profileQueues) == Self.storage(records[1].profileQueues))
        #expect(Self.storage(records[0].profile.queues) == Self.storage(records[1].profile.queues))
    }

    @Test func theCacheStaysBounded() {
        var lists = ProfileQueueLists()
        for number in 0..<(ProfileQueueLists.maximumLists + 10) { lists.remember(["q\(number)"], indices: [number]) }
        #expect(lists.count == 10)
        #expect(
            lists.shared(["q\(ProfileQueueLists.maximumLists + 9)"])?.indices == [ProfileQueueLists.maximumLists + 9])
        #expect(lists.shared(["q0"]) == nil)
    }
}
