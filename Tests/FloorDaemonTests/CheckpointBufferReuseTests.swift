import FloorAlerting
import FloorCore
import FloorStaffing
import FloorTestSupport
import Testing

@testable import FloorDaemon

/// The checkpoint writer encodes each second into the last encoding's storage: what it writes
/// must be exactly what a fresh encoding gives, whatever was in the storage before.
@Suite("Checkpoint buffers reused")
struct CheckpointBufferReuseTests {
    static func checkpoint(contacts: Int) -> DaemonCheckpoint {
        let engine = FloorEngine.eventClock()
        var script = Script()
        for index in 0..<contacts { script.queued("c\(index)", "q\(index % 7)", at: Double(index)) }
        engine.apply(script.events, wallNow: Script.origin)
        return DaemonCheckpoint(
            takenAt: EventTime(milliseconds: 1_795_000_000_000 + Int64(contacts)), engine: engine.checkpoint(),
            files: [:], alerts: AlertEvaluator().state, recommendations: CapacityRecommender().state,
            alertmanagerFiring: [:], forecastProfiles: [:])
    }

    @Test func aReusedEncodingEqualsAFreshOneLargerOrSmaller() throws {
        var buffers = DaemonCheckpoint.Buffers()
        for contacts in [2_000, 30, 2_500, 0, 1_000] {
            let checkpoint = Self.checkpoint(contacts: contacts)
            let reused = try checkpoint.encoded(reusing: &buffers)
            #expect(reused == (try checkpoint.encoded()), "\(contacts) contacts")
            let restored = FloorEngine.eventClock()
            try restored.restore(try DaemonCheckpoint(decoding: reused).engine)
            #expect(restored.makeSnapshot(wallNow: Script.origin).openContacts == contacts)
            buffers.frame = reused
        }
    }

    /// Handed back uniquely (as the writer does once the file is written), every buffer is used
    /// again: no fresh allocation, so no fresh pages.
    @Test func theStorageIsTheLastOnes() throws {
        func address(_ bytes: [UInt8]) -> UnsafePointer<UInt8>? { bytes.withUnsafeBufferPointer { $0.baseAddress } }
        var buffers = DaemonCheckpoint.Buffers()
        let checkpoint = Self.checkpoint(contacts: 500)
        var first = try checkpoint.encoded(reusing: &buffers)
        let expected = first.map { $0 }
        let addresses = [address(first), address(buffers.engine)]
        buffers.frame = .taken(from: &first)
        let second = try checkpoint.encoded(reusing: &buffers)
        #expect([address(second), address(buffers.engine)] == addresses)
        #expect(second == expected)
    }
}
