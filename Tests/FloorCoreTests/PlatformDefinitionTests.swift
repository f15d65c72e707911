import FloorCore
import FloorTestSupport
import Testing

/// Definitions per platform (DOMAIN.md §B.1, §B.2): Connect's SL X counts answers and abandons
/// within the threshold over every contact removed from the queue; Asterisk's ServiceLevelPerf
/// counts answers within the threshold over answered. Per-queue settings inherit from the
/// queue's own channel; short-abandon thresholds may differ per channel and queue.
@Suite("Definitions per platform")
struct PlatformDefinitionTests {
    /// One call answered after 10 s and one abandoned after 30 s (voice threshold 20 s).
    static func answeredAndAbandoned(_ script: inout Script) {
        script.queued("c1", "support", at: 0)
        script.connected("c1", at: 10)
        script.ended("c1", at: 70)
        script.queued("c2", "support", at: 5)
        script.ended("c2", .abandoned, at: 35)
    }

    static func floor(format: SourceFormat, configure: (inout EngineSettings) -> Void = { _ in }) -> FloorSnapshot {
        let engine = FloorEngine.eventClock(configure)
        var script = Script(source: engine.registerSource(name: "pbx", format: format))
        answeredAndAbandoned(&script)
        return engine.run(script)
    }

    @Test func anAsteriskFloorUsesAsterisksServiceLevelAndAConnectFloorConnects() throws {
        // Asterisk: answered in 20 s over answered = 1/1.
        let asterisk = Self.floor(format: .asteriskQueueLog)
        #expect(try #require(asterisk.queues["support"]).fifteenMinutes.serviceLevel == 1)
        #expect(asterisk.channels.voice.fifteenMinutes.serviceLevel == 1)
        // Connect: of 2 removed from the queue, 1 within 20 s (the abandon came after 30 s).
        let connect = Self.floor(format: .connectContact)
        #expect(try #require(connect.queues["support"]).fifteenMinutes.serviceLevel == 0.5)
        #expect(connect.channels.voice.fifteenMinutes.serviceLevel == 0.5)
        // A definition chosen in configuration applies to every platform.
        let configured = Self.floor(format: .asteriskQueueLog) {
            $0.serviceLevelDefinition = .connect
            $0.serviceLevelDefinitionIsConfigured = true
        }
        #expect(try #require(configured.queues["support"]).fifteenMinutes.serviceLevel == 0.5)
    }

    /// A contact floorwatch saw answered but never saw queued (a source that joined mid-call) has
    /// no known wait: it is neither met nor missed in any definition.
    @Test func answeredWithAnUnknownWaitIsLeftOutOfServiceLevel() throws {
        let engine = FloorEngine.eventClock()
        var script = Script(source: engine.registerSource(name: "feed", format: .connectContact))
        script.queued("c1", "support", at: 0)
        script.connected("c1", at: 10)
        // Connected with no queued step: the wait is unknown.
        script.connected("c2", at: 20)
        let voice = engine.run(script).channels.voice.fifteenMinutes
        #expect(voice[.answered] == 2)
        #expect(voice[.answeredWithWait] == 1)
        // Of the contacts with a known wait, one was answered within 20 s: 100 %, not 50 %.
        #expect(voice.serviceLevel == 1)
    }

    @Test func aQueueWithoutItsOwnThresholdTakesItsChannels() throws {
        let engine = FloorEngine.eventClock { settings in
            // Only the target is set: the threshold is the chat channel's 60 s, not voice's 20 s.
            settings.queues["webchat"] = QueueSettings(channel: .chat, serviceLevelTarget: 0.7)
        }
        var script = Script()
        script.queued("c1", "webchat", .chat, at: 0)
        script.connected("c1", at: 45)
        let queue = try #require(engine.run(script).queues["webchat"])
        #expect(queue.goal?.threshold == .seconds(60))
        #expect(queue.goal?.target == 0.7)
        #expect(queue.fifteenMinutes.serviceLevel == 1)
    }

    @Test func aConfiguredAliasNamesTheQueueFromTheFirstEvent() {
        let engine = FloorEngine.eventClock { settings in
            settings.queues["Residential"] = QueueSettings(aliases: ["2743d809-dce6-4b96-b0e4-7a9d27ce01ff"])
        }
        var script = Script()
        script.queued("c1", "2743d809-dce6-4b96-b0e4-7a9d27ce01ff", at: 0)
        let snapshot = engine.run(script)
        #expect(snapshot.queues.keys.sorted() == ["Residential"])
        #expect(snapshot.queues["Residential"]?.inQueue == 1)
    }

    @Test func shortAbandonThresholdsPerChannelAndQueue() throws {
        let engine = FloorEngine.eventClock { settings in
            settings.channelShortAbandonThresholds.chat = .seconds(10)
            settings.queues["vip"] = QueueSettings(channel: .voice, shortAbandonThreshold: .seconds(2))
        }
        var script = Script()
        // 8 s: short for chat (10 s), not for voice (5 s by default).
        script.queued("chat-1", "webchat", .chat, at: 0)
        script.ended("chat-1", .abandoned, at: 8)
        script.queued("voice-1", "support", at: 0)
        script.ended("voice-1", .abandoned, at: 8)
        // 3 s: short for voice in general, not in the vip queue (2 s).
        script.queued("vip-1", "vip", at: 0)
        script.ended("vip-1", .abandoned, at: 3)
        let snapshot = engine.run(script)
        #expect(try #require(snapshot.queues["webchat"]).fifteenMinutes[.shortAbandoned] == 1)
        #expect(try #require(snapshot.queues["support"]).fifteenMinutes[.shortAbandoned] == 0)
        #expect(try #require(snapshot.queues["vip"]).fifteenMinutes[.shortAbandoned] == 0)
    }
}
