/// A binary min-heap of timed items (the simulator's agenda, the synthetic streams' pending
/// events). Ties are broken by insertion order, so pushing the same items in the same order
/// always pops them in the same order: seeded runs are reproducible byte for byte.
///
/// Value type; thread-safe as values are (each owner has its own).
public struct TimedHeap<Item: Sendable>: Sendable {
    public struct Entry: Sendable {
        public var time: Double
        public var item: Item
        fileprivate var order: UInt64

        fileprivate func precedes(_ other: Entry) -> Bool { (time, order) < (other.time, other.order) }
    }

    private var entries: [Entry] = []
    private var pushed: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// The earliest entry, without removing it.
    public func peek() -> Entry? { entries.first }

    public mutating func push(_ time: Double, _ item: Item) {
        pushed += 1
        entries.append(Entry(time: time, item: item, order: pushed))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    public mutating func pop() -> Entry? {
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
