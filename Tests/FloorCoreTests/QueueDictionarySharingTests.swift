import FloorTestSupport
import Testing

@testable import FloorCore

/// Snapshots start from the last one's queue dictionary: a queue that learns its name (Connect's
/// contact feed names queues by ARN, the agent feed by name) is listed under the name alone.
@Suite("Queue dictionary shared between snapshots")
struct QueueDictionarySharingTests {
    @Test func aQueueRenamedBetweenSnapshotsIsListedOnceUnderItsName() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", "arn-q1", at: 1)
        script.queued("c2", "Billing", at: 2)
        let first = engine.run(script)
        #expect(first.queues.keys.sorted() == ["Billing", "arn-q1"])
        var next = Script()
        next.events.append(
            Event(source: next.source, time: Script.at(3), body: .queueNamed(id: "arn-q1", name: "Sales")))
        next.queued("c3", "arn-q1", at: 4)
        let second = engine.run(next)
        #expect(second.queues.keys.sorted() == ["Billing", "Sales"])
        #expect(second.queues["Sales"]?.inQueue == 2 && second.queues["Billing"]?.inQueue == 1)
        // Unchanged between two snapshots: the same figures, one dictionary.
        let third = engine.run(Script())
        #expect(third.queues == second.queues)
    }
}

/// A scope's figures are boxed and copied on write: a copy changed is a new box, the original
/// keeps its figures; an unchanged queue's box is the one the last snapshot published.
@Suite("Scope figures copied on write")
struct ScopeFiguresCopyOnWriteTests {
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", "billing", at: 1)
        script.queued("c2", "faults", at: 2)
        let first = engine.run(script)
        let billing = first.queues["billing"]!
        var changed = billing
        changed.inQueue = 7
        changed.windows = []
        #expect(billing.inQueue == 1 && !billing.windows.isEmpty)
        #expect(changed.inQueue == 7 && changed.windows.isEmpty && changed != billing)
        #expect(changed.figures.inQueue == 7 && billing.figures == first.queues["billing"]!.figures)
    }

    @Test func anUnchangedQueueKeepsItsBoxAndAChangedOneGetsANewOne() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", "billing", at: 1)
        script.queued("c2", "faults", at: 2)
        let first = engine.run(script)
        var next = Script()
        next.queued("c3", "faults", at: 2)
        let second = engine.run(next)
        #expect(second.queues["faults"]?.inQueue == 2)
        #expect(first.queues["billing"]!.sharesFigures(with: second.queues["billing"]!))
        #expect(!first.queues["faults"]!.sharesFigures(with: second.queues["faults"]!))
    }
}
