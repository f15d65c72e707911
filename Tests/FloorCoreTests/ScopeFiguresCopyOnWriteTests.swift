import FloorTestSupport
import Testing

@testable import FloorCore

/// A scope's figures are boxed and copied on write: a copy changed is a new box, the original
/// keeps its figures; an unchanged queue's box is the one the last snapshot published.
@Suite("Scope figures copied on write")
struct ScopeFiguresCopyOnWriteTests {
    /// An engine with a caller waiting in each of two queues, and its first snapshot.
    static func twoQueues() -> (engine: FloorEngine, first: FloorSnapshot) {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", "billing", at: 1)
        script.queued("c2", "faults", at: 2)
        return (engine, engine.run(script))
    }

    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let first = Self.twoQueues().first
        let billing = first.queues["billing"]!
        var changed = billing
        changed.inQueue = 7
        changed.windows = []
        #expect(billing.inQueue == 1 && !billing.windows.isEmpty)
        #expect(changed.inQueue == 7 && changed.windows.isEmpty && changed != billing)
        #expect(changed.figures.inQueue == 7 && billing.figures == first.queues["billing"]!.figures)
    }

    @Test func anUnchangedQueueKeepsItsBoxAndAChangedOneGetsANewOne() {
        let (engine, first) = Self.twoQueues()
        var next = Script()
        next.queued("c3", "faults", at: 2)
        let second = engine.run(next)
        #expect(second.queues["faults"]?.inQueue == 2)
        #expect(first.queues["billing"]!.sharesFigures(with: second.queues["billing"]!))
        #expect(!first.queues["faults"]!.sharesFigures(with: second.queues["faults"]!))
    }
}
