/// Remembered ended contacts in the order they ended, one queue per source that named them.
///
/// In order, so forgetting those older than the memory never scans them all; per source, so at
/// the limit on remembered contacts the source holding the most forgets its own oldest: a
/// flooding feed cannot push a quiet feed's recent ends out of memory (a repeat of one of them
/// would then count as a new contact). An entry can be stale (its contact ended again later, and
/// the later entry speaks for it), so a queue's length is the source's share to within those.
struct EndedContactOrder {
    struct Entry {
        let key: EntityKey
        let endedAt: EventTime

        /// What an empty slot of a ring holds.
        static let vacant = Entry(
            key: EntityKey(source: SourceID(0), namespace: 0, id: ""), endedAt: EventTime(milliseconds: 0))
    }

    /// One source's entries, oldest first, in a ring: appended at the end, taken from the
    /// front, its storage a power of two that grows by doubling when full and halves when three
    /// quarters empty. At the limit on remembered contacts, every end takes the oldest off and
    /// puts one on, so the storage stays within twice the limit (the next power of two): an
    /// array taken from the front and compacted from time to time grew to four times it (80 MB
    /// at 500,000 contacts), with a copy of megabytes at each compaction.
    private struct SourceQueue {
        let source: SourceID
        private var ring: [Entry] = []
        private var head = 0
        private(set) var count = 0

        init(source: SourceID) { self.source = source }

        var first: Entry? { count > 0 ? ring[head] : nil }

        mutating func append(_ entry: Entry) {
            if count == ring.count { resize(to: max(16, ring.count * 2)) }
            ring[(head + count) & (ring.count - 1)] = entry
            count += 1
        }

        mutating func popFirst() -> Entry? {
            guard count > 0 else { return nil }
            let entry = ring[head]
            // A vacant slot holds no id: a long id taken off is freed now, not when overwritten.
            ring[head] = Entry.vacant
            head = (head + 1) & (ring.count - 1)
            count -= 1
            if ring.count > 1024, count * 4 < ring.count { resize(to: ring.count / 2) }
            return entry
        }

        /// The entries, oldest first.
        func forEach(_ body: (Entry) throws -> Void) rethrows {
            for offset in 0..<count { try body(ring[(head + offset) & (ring.count - 1)]) }
        }

        private mutating func resize(to capacity: Int) {
            var resized: [Entry] = []
            resized.reserveCapacity(capacity)
            forEach { resized.append($0) }
            resized.append(contentsOf: repeatElement(Entry.vacant, count: capacity - count))
            ring = resized
            head = 0
        }
    }

    /// Few (one per configured source), so found by a short scan rather than a hash.
    private var queues: [SourceQueue] = []

    init() {}

    /// Takes back a checkpoint's list: each source's entries in the order they ended.
    init(_ entries: some Sequence<Entry>) {
        for entry in entries { append(entry) }
    }

    mutating func append(_ entry: Entry) {
        if let index = queues.firstIndex(where: { $0.source == entry.key.source }) {
            queues[index].append(entry)
        } else {
            var queue = SourceQueue(source: entry.key.source)
            queue.append(entry)
            queues.append(queue)
        }
    }

    /// Takes off every entry that ended before `cutoff`, oldest first within each source.
    mutating func removeAll(endedBefore cutoff: EventTime, _ body: (Entry) -> Void) {
        for index in queues.indices {
            while let first = queues[index].first, first.endedAt < cutoff {
                _ = queues[index].popFirst()
                body(first)
            }
        }
    }

    /// Takes off the oldest entry of the source with the most entries (at the limit).
    mutating func popOldestOfLargestSource() -> Entry? {
        guard let index = queues.indices.max(by: { queues[$0].count < queues[$1].count }) else { return nil }
        return queues[index].popFirst()
    }

    /// Entries held (stale ones included).
    var count: Int { queues.reduce(0) { $0 + $1.count } }

    /// Every entry, each source's in the order they ended (what a checkpoint keeps).
    func forEach(_ body: (Entry) throws -> Void) rethrows {
        for queue in queues { try queue.forEach(body) }
    }

}
