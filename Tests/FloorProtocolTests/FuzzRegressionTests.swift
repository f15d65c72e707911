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
