import FloorCore
import FloorProtocol
import Foundation
import Testing

/// Inputs libFuzzer found (Fuzz/): each must decode or be rejected, and what is accepted must
/// encode back to a line that decodes to the same event.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test(arguments: inputs)
    func acceptedEventsRoundTrip(name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let decoder = NativeDecoder()
        guard let event = try? decoder.decode(bytes) else { return }
        let line = NativeEncoder.encode(event)
        let again = try decoder.decode(line)
        #expect(again == event, "\(line)")
    }

    @Test func inputsArePresent() { #expect(Self.inputs.count >= 3) }
}

@Suite("Fuzzer findings: queue_log")
struct QueueLogFuzzRegressionTests {
    @Test func hugeEpochIsABadFieldNotAnOverflow() throws {
        let path = FuzzRegressionTests.directory.deletingLastPathComponent().appendingPathComponent(
            "fuzz-queue-log/epoch-overflow.txt")
        let bytes = Array(try Data(contentsOf: path))
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try AsteriskQueueLogDecoder().decode(raw, into: &events) }
        }
        guard case .failure(let error) = result else {
            Issue.record("accepted a 20-digit epoch")
            return
        }
        #expect(error.reason == .badField)
        #expect(events.isEmpty)
    }
}

@Suite("Fuzzer findings: Amazon Connect")
struct ConnectFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-connect")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    /// Each record is decoded or refused by both Connect decoders, and the engine takes whatever
    /// comes out (one had timestamps in the year 505: a time before 1970 indexed before the
    /// windows' ring).
    @Test(arguments: inputs)
    func theEngineTakesWhatTheDecodersAccept(name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        var events: [Event] = []
        bytes.withUnsafeBytes { raw in
            _ = Result { () throws(DecodeError) in try ConnectContactEventDecoder().decode(raw, into: &events) }
            _ = Result { () throws(DecodeError) in try ConnectAgentEventDecoder().decode(raw, into: &events) }
        }
        for clock in [ClockMode.event, .wall] {
            let engine = FloorEngine(settings: EngineSettings(clock: clock))
            engine.apply(events, wallNow: EventTime(milliseconds: 1_780_000_000_000))
            _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 1_780_000_000_000))
        }
    }

    @Test func inputsArePresent() { #expect(!Self.inputs.isEmpty) }
}
