import FloorCore

/// The simulator's agenda: a binary min-heap of timed happenings, ties broken by insertion
/// order so a run is deterministic.
struct EventHeap: Sendable {
    enum Kind: Sendable {
        case arrival(Channel)
        case patienceEnds(contact: Int)
        case handled(agent: Int, contact: Int)
        case afterContactWorkEnds(agent: Int, contact: Int)
        case breakStart(agent: Int, reason: String, duration: Double)
        case breakEnds(agent: Int)
    }

    struct Entry: Sendable {
        var time: Double
        var order: UInt64
        var kind: Kind

        func precedes(_ other: Entry) -> Bool { (time, order) < (other.time, other.order) }
    }

    private var entries: [Entry] = []
    private var counter: UInt64 = 0

    mutating func push(_ time: Double, _ kind: Kind) {
        counter += 1
        entries.append(Entry(time: time, order: counter, kind: kind))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    func peek() -> Entry? { entries.first }

    mutating func pop() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
            guard smallest != parent else { return top }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
