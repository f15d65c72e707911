import FloorCore
import FloorTestSupport
import Testing

/// AHT's parts, outbound work and the abandon rate without short abandons, by hand from the
/// script: talk 50 s, hold 20 s, after-contact work 30 s on one handled call.
@Suite("Handling parts and abandon rates")
struct HandlingPartsTests {
    @Test func ahtSplitsIntoTalkHoldAndAfterContactWork() throws {
        let engine = FloorEngine.eventClock { $0.shortAbandonThreshold = .seconds(5) }
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.queued("c1", at: 0)
        script.connected("c1", agent: "a1", at: 10)
        script.contact("c1", .held, at: 30)
        script.contact("c1", .resumed, at: 50)
        script.ended("c1", acw: true, at: 80)
        script.contact("c1", .afterContactWorkEnded, at: 110)
        // An outbound call: the agent's work, not the queue's.
        script.contact("o1", .connected(agent: "a1", queue: nil, channel: .voice, kind: .outbound), at: 200)
        script.ended("o1", acw: true, at: 260)
        script.contact("o1", .afterContactWorkEnded, at: 270)
        // Two abandons: one after 3 s (short, a misdial), one after 40 s.
        script.queued("s1", at: 300)
        script.ended("s1", .abandoned, at: 303)
        script.queued("l1", at: 310)
        script.ended("l1", .abandoned, at: 350)
        engine.apply(script.events, wallNow: Script.origin)
        let window = engine.makeSnapshot(wallNow: Script.origin).channels.voice.fifteenMinutes
        #expect(window[.handled] == 1)
        #expect(window[.outboundHandled] == 1)
        #expect(window.averageHandleTime == 100_000)
        #expect(window.averageTalkTime == 50_000)
        #expect(window.averageHoldTime == 20_000)
        #expect(window.averageAfterContactWork == 30_000)
        // Left the queue: 1 answered + 2 abandoned; without the short one: 1 of 2.
        #expect(window.abandonRate == 2.0 / 3.0)
        #expect(window.abandonRateExcludingShort == 0.5)
    }
}
