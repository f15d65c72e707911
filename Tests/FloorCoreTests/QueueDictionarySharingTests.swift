import FloorCore
import FloorTestSupport
import Testing

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
