import FloorTestSupport
import Testing

@testable import FloorCore

/// A capture fills the last checkpoint's lists (open contacts, ended contacts and their order)
/// instead of new ones: what it captures must be exactly what a fresh capture gives.
@Suite("Checkpoint capture storage reused")
struct CheckpointStorageReuseTests {
    /// An engine with `open` contacts waiting and `ended` contacts remembered as ended.
    static func engine(open: Int, ended: Int) -> FloorEngine {
        let engine = FloorEngine.eventClock()
        var script = Script()
        for index in 0..<(open + ended) { script.queued("c\(index)", "q\(index % 5)", at: Double(index)) }
        for index in 0..<ended { script.ended("c\(index)", .abandoned, at: Double(open + ended + index)) }
        engine.apply(script.events, wallNow: Script.origin)
        return engine
    }

    @Test func aCaptureIntoReusedStorageEncodesAsAFreshOne() {
        var storage = EngineCheckpoint.Storage()
        for (open, ended) in [(300, 2_000), (10, 40), (800, 3_000), (0, 0), (50, 500)] {
            let engine = Self.engine(open: open, ended: ended)
            var reused = engine.checkpoint(reusing: consume storage)
            #expect(reused.encoded() == engine.checkpoint().encoded(), "\(open) open, \(ended) ended")
            #expect(reused.contacts.count == open && reused.endedContacts.count == ended)
            storage = reused.takeStorage()
            #expect(reused.contacts.isEmpty && reused.endedContacts.isEmpty && reused.endedOrder.isEmpty)
        }
    }

    /// Handed back uniquely (as the checkpoint writer does), the lists are filled in place: no
    /// new storage, so no new pages each second.
    @Test func theListsAreTheLastCapturesStorage() {
        func address<Element>(_ list: [Element]) -> UnsafeRawPointer? {
            list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        let engine = Self.engine(open: 200, ended: 1_000)
        var first = engine.checkpoint()
        let addresses = [address(first.contacts), address(first.endedContacts), address(first.endedOrder)]
        let storage = first.takeStorage()
        #expect(storage.reservedBytes > 0)
        let second = engine.checkpoint(reusing: consume storage)
        #expect([address(second.contacts), address(second.endedContacts), address(second.endedOrder)] == addresses)
    }

    /// Storage a caller forgot to empty still gives a right checkpoint.
    @Test func storageNotEmptiedIsEmptiedFirst() {
        let engine = Self.engine(open: 20, ended: 60)
        var stale = EngineCheckpoint.Storage()
        stale.endedOrder = Self.engine(open: 5, ended: 7).checkpoint().endedOrder
        #expect(engine.checkpoint(reusing: stale).encoded() == engine.checkpoint().encoded())
    }
}
