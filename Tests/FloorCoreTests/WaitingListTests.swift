import FloorCore
import FloorTestSupport
import Testing

/// The waiting list against a naive model: every caller in queue, longest wait first (ties by
/// id), each numbered 1, 2, … within its own queue in that order; answered callers leave it.
@Suite("The waiting list against a naive model")
struct WaitingListTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func everyCallerInOrderWithItsPlaceInItsQueue(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let engine = FloorEngine.eventClock()
        var script = Script()
        var enqueued: [String: (queue: String, at: Double)] = [:]
        let count = Int.random(in: 1...400, using: &random)
        for index in 0..<count {
            let id = "c-\(Int.random(in: 0...9999, using: &random))-\(index)"
            let queue = "q-\(Int.random(in: 0...6, using: &random))"
            // Whole seconds, so that many callers share a wait (ties go by id).
            let at = Double(Int.random(in: 0...60, using: &random))
            enqueued[id] = (queue, at)
        }
        for (id, entry) in enqueued.sorted(by: { ($0.value.at, $0.key) < ($1.value.at, $1.key) }) {
            script.queued(id, entry.queue, Self.channel(of: entry.queue), at: entry.at)
        }
        // Some are answered before the snapshot: they are no longer waiting.
        for id in enqueued.keys.sorted() where Bool.random(using: &random) && enqueued[id]!.at < 59 {
            script.connected(id, at: 60)
            enqueued[id] = nil
        }
        script.queued("late", "q-0", .voice, at: 61)
        enqueued["late"] = ("q-0", 61)
        let snapshot = engine.run(script)
        let now = 61.0
        let expectedOrder = enqueued.map { (id: $0.key, queue: $0.value.queue, wait: now - $0.value.at) }
            .sorted { $0.wait != $1.wait ? $0.wait > $1.wait : $0.id < $1.id }
        var placed: [String: Int] = [:]
        let expected = expectedOrder.map { entry -> [String] in
            placed[entry.queue, default: 0] += 1
            return [
                entry.id, entry.queue, "\(Self.channel(of: entry.queue))", "\(Int64(entry.wait * 1000))",
                "\(placed[entry.queue]!)",
            ]
        }
        let actual = snapshot.waiting.map { [$0.id, $0.queue, "\($0.channel)", "\($0.wait)", "\($0.position)"] }
        #expect(actual == expected)
        #expect(snapshot.waiting.count == enqueued.count)
    }

    /// Each queue serves one channel: q-0 voice, q-1 chat, q-2 email, q-3 task, q-4 voice, …
    static func channel(of queue: String) -> Channel {
        Channel.allCases[Int(queue.dropFirst(2))! % Channel.allCases.count]
    }

    /// A list made from whole entries reads back as they were (tools and tests build snapshots so).
    @Test func aListFromEntriesReadsBackAsGiven() {
        let entries = [
            WaitingContactSnapshot(id: "a", queue: "billing", channel: .voice, position: 1, wait: 9_000),
            WaitingContactSnapshot(id: "b", queue: "", channel: .task, position: 1, wait: 8_000),
            WaitingContactSnapshot(id: "c", queue: "billing", channel: .voice, position: 2, wait: 7_000),
            WaitingContactSnapshot(id: "d", queue: "faults", channel: .chat, position: 1, wait: 0),
        ]
        let list = WaitingList(entries)
        #expect(Array(list) == entries)
        #expect(list == WaitingList(entries) && list != WaitingList(Array(entries.prefix(3))))
    }
}
