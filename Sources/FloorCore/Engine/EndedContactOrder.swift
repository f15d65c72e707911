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
    }

    private struct SourceQueue {
        let source: SourceID
        var entries: [Entry] = []
        var head = 0
        var count: Int { entries.count - head }
        var first: Entry? { head < entries.count ? entries[head] : nil }

        mutating func popFirst() -> Entry? {
            guard let entry = first else { return nil }
            head += 1
            return entry
        }

        /// Drops the taken entries once they are most of the array, so appends stay amortised O(1).
        mutating func compact() {
            if head > 4096, head * 2 > entries.count {
                entries.removeFirst(head)
                head = 0
            }
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
            queues[index].entries.append(entry)
        } else {
            queues.append(SourceQueue(source: entry.key.source, entries: [entry]))
        }
    }

    /// Takes off every entry that ended before `cutoff`, oldest first within each source.
    mutating func removeAll(endedBefore cutoff: EventTime, _ body: (Entry) -> Void) {
        for index in queues.indices {
            while let first = queues[index].first, first.endedAt < cutoff {
                _ = queues[index].popFirst()
                body(first)
            }
            queues[index].compact()
        }
    }

    /// Takes off the oldest entry of the source with the most entries (at the limit).
    mutating func popOldestOfLargestSource() -> Entry? {
        guard let index = queues.indices.max(by: { queues[$0].count < queues[$1].count }) else { return nil }
        defer { queues[index].compact() }
        return queues[index].popFirst()
    }

    /// Every entry, each source's in the order they ended (what a checkpoint keeps).
    var entries: [Entry] {
        queues.flatMap { $0.entries[$0.head...] }
    }
}
