import FloorCore
import FloorTestSupport
import Testing

/// The longest-available agent per channel: available longest, able to take the channel.
@Suite("Longest available agent")
struct LongestAvailableTests {
    @Test func theAgentAvailableLongestWhoTakesTheChannel() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.agent("early", .login(name: "Early", team: nil), at: 0)
        script.agent("late", .login(name: nil, team: nil), at: 60)
        script.agent("chat-only", .login(name: nil, team: nil), at: 0)
        script.agent("chat-only", .profile(RoutingProfile(slots: PerChannel { $0 == .chat ? 2 : 0 })), at: 0)
        script.agent("busy", .login(name: nil, team: nil), at: 0)
        script.queued("c1", at: 100)
        script.connected("c1", agent: "busy", at: 105)
        // "early" takes a call and finishes it: available again from 200, after "late" (60).
        script.queued("c2", at: 150)
        script.connected("c2", agent: "early", at: 155)
        script.ended("c2", at: 200)
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin)
        let voice = try #require(snapshot.channels.voice.longestAvailable)
        #expect(voice.id == "late")
        #expect(voice.since == Script.at(60))
        let chat = try #require(snapshot.channels.chat.longestAvailable)
        #expect(chat.id == "chat-only")
        #expect(snapshot.channels.email.longestAvailable == nil)
    }
}
