import FloorAlerting
import FloorStaffing
import FloorTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@testable import FloorCore
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
            // The engine's part is encoded in place after the header: the same bytes, with their
            // count first, as encoded alone.
            var payload = BinaryReader(Array(reused[CheckpointFrame.headerLength...]))
            let sameEngineBytes = try payload.raw(UInt8.self) == checkpoint.engine.encoded()
            #expect(sameEngineBytes, "\(contacts) contacts")
            let restored = FloorEngine.eventClock()
            try restored.restore(try DaemonCheckpoint(decoding: reused).engine)
            #expect(restored.makeSnapshot(wallNow: Script.origin).openContacts == contacts)
            buffers.frame = reused
        }
    }

    /// Handed back uniquely (as the writer does once the file is written), the frame's buffer is
    /// used again: no fresh allocation, so no fresh pages.
    @Test func theStorageIsTheLastOnes() throws {
        func address(_ bytes: [UInt8]) -> UnsafePointer<UInt8>? { bytes.withUnsafeBufferPointer { $0.baseAddress } }
        var buffers = DaemonCheckpoint.Buffers()
        let checkpoint = Self.checkpoint(contacts: 500)
        var first = try checkpoint.encoded(reusing: &buffers)
        let expected = first.map { $0 }
        let firstAddress = address(first)
        buffers.frame = .taken(from: &first)
        let second = try checkpoint.encoded(reusing: &buffers)
        #expect(address(second) == firstAddress)
        #expect(second == expected)
    }

    /// Through the writer's own thread (`submit`, as the checkpoint timer hands it over), the
    /// lists come back as the very storage the capture filled: moved, never copied on the way.
    @Test func theWriterGivesBackTheStorageTheCaptureFilled() async throws {
        func address<Element>(_ list: [Element]) -> UnsafeRawPointer? {
            list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-storage-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = CheckpointStore(directory: directory, logger: Logger(label: "test"))
        let checkpoint = Self.checkpoint(contacts: 300)
        let filled = [address(checkpoint.engine.contacts), address(checkpoint.engine.endedContacts)]
        store.submit(consume checkpoint)
        for _ in 0..<500 where store.statistics.withLock({ $0.written }) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        // Written is counted before the storage is handed back: wait for it too.
        var storage = store.takeCaptureStorage()
        for _ in 0..<100 where storage.reservedBytes == 0 {
            try await Task.sleep(for: .milliseconds(10))
            storage = store.takeCaptureStorage()
        }
        #expect([address(storage.contacts), address(storage.endedContacts)] == filled)
        #expect(storage.contacts.isEmpty && storage.reservedBytes > 0)
    }

    /// Once written, a checkpoint's longest lists go back to the engine loop for the next capture
    /// (taken once: the next capture after that gets new storage until the next write).
    @Test func theWriterHandsTheCaptureStorageBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-storage-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = CheckpointStore(directory: directory, logger: Logger(label: "test"))
        #expect(store.takeCaptureStorage().reservedBytes == 0)
        store.writeNow(Self.checkpoint(contacts: 400))
        #expect(
            store.takeCaptureStorage().reservedBytes >= 400 * MemoryLayout<(EngineCheckpoint.Key, ContactRecord)>.stride
        )
        #expect(store.takeCaptureStorage().reservedBytes == 0)
        // Taken at 1_795_000_000_400 (`checkpoint(contacts:)`); read a second later.
        let now = EventTime(milliseconds: 1_795_000_001_400)
        #expect(store.load(maximumAge: .minutes(10), now: now)?.engine.contacts.count == 400)
    }
}
