import FloorCore
import FloorProtocol
import Testing

@testable import FloorSimulation

/// The simulator's output in the vendors' formats, read back by floorwatch's own decoders: what
/// the format can carry comes back the same as the native stream gives it.
@Suite struct EncodedFormatsTests {
    static let start = SimulatorTests.start

    static func engine(_ events: [Event]) -> FloorSnapshot {
        var settings = EngineSettings(clock: .event)
        settings.windows = [.minutes(60)]
        let engine = FloorEngine(settings: settings)
        engine.apply(events.sorted { $0.time < $1.time }, wallNow: start)
        return engine.makeSnapshot(wallNow: start)
    }

    static func decode(
        _ lines: [String], with decode: (UnsafeRawBufferPointer, inout [Event]) throws -> Void
    ) -> [Event] {
        var events: [Event] = []
        for line in lines {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBytes { raw in
                do { try decode(raw, &events) } catch { Issue.record("\(error) in \(line)") }
            }
        }
        return events
    }

    @Test func connectAgentEventsCarryTheAnsweredContactsAndAgents() {
        var simulator = ContactCenterSimulator(profile: .small, start: Self.start, random: SeededGenerator(seed: 21))
        let events = simulator.run(until: Self.start + .minutes(45))
        var encoder = ConnectAgentEventEncoder()
        let lines = events.flatMap { encoder.encode($0) }
        let decoded = Self.decode(lines) { raw, events in
            try ConnectAgentEventDecoder().decode(raw, into: &events)
        }
        let native = Self.engine(events)
        let connect = Self.engine(decoded)
        for channel in [Channel.voice, .chat, .email] {
            let expected = native.channels[channel].windows[0]
            let seen = connect.channels[channel].windows[0]
            #expect(seen[.answered] == expected[.answered], "\(channel) answered")
            #expect(seen[.handled] == expected[.handled], "\(channel) handled")
            #expect(seen[.handleMs] == expected[.handleMs], "\(channel) handle time")
            #expect(seen[.answeredWaitMs] == expected[.answeredWaitMs], "\(channel) queue time of answered")
            #expect(expected[.answered] > 10)
        }
        #expect(connect.overall.agents.staffed == native.overall.agents.staffed)
        #expect(connect.overall.agents.away == native.overall.agents.away)
        #expect(connect.knownAgents == native.knownAgents)
        // Abandons never reach an agent: Connect's agent stream does not show them.
        #expect(connect.channels.voice.windows[0][.abandoned] == 0)
        #expect(lines.allSatisfy { $0.contains("\"Version\":\"2019-05-25\"") })
    }

    @Test func queueLogCarriesTheVoiceQueue() {
        var simulator = ContactCenterSimulator(profile: .small, start: Self.start, random: SeededGenerator(seed: 22))
        let events = simulator.run(until: Self.start + .minutes(45))
        var encoder = AsteriskQueueLogEncoder()
        let lines = events.flatMap { encoder.encode($0) }
        let decoded = Self.decode(lines) { raw, events in
            do { try AsteriskQueueLogDecoder().decode(raw, into: &events) } catch let error as DecodeError
                where error.reason.isIgnored
            {}
        }
        // queue_log has whole seconds: counts are equal, waits within a second each.
        let native = Self.engine(events).channels.voice.windows[0]
        let asterisk = Self.engine(decoded).channels.voice.windows[0]
        #expect(asterisk[.offered] == native[.offered])
        #expect(asterisk[.answered] == native[.answered])
        #expect(asterisk[.abandoned] == native[.abandoned])
        #expect(abs(asterisk[.answeredWaitMs] - native[.answeredWaitMs]) <= 1000 * native[.answered])
        #expect(native[.abandoned] > 0)
    }
}
