import Testing

@testable import FloorCore

/// The remembered ended contacts' order against a naive model: one plain list per source,
/// oldest first, taken from the front (a slice: O(1) from the front). Random appends from three sources, expiries and pops at
/// the limit; the rings grow and shrink through many sizes on the way.
@Suite("Ended contact order")
struct EndedContactOrderTests {
    struct Model {
        var lists: [UInt16: ArraySlice<EndedContactOrder.Entry>] = [:]
        var order: [UInt16] = []

        mutating func append(_ entry: EndedContactOrder.Entry) {
            let source = entry.key.source.index
            if lists[source] == nil { order.append(source) }
            lists[source, default: []].append(entry)
        }

        mutating func removeAll(endedBefore cutoff: EventTime) -> [EndedContactOrder.Entry] {
            var removed: [EndedContactOrder.Entry] = []
            for source in order {
                while let first = lists[source]?.first, first.endedAt < cutoff {
                    removed.append(lists[source]!.removeFirst())
                }
            }
            return removed
        }

        mutating func popOldestOfLargestSource() -> EndedContactOrder.Entry? {
            // The first source (in order of appearance) among those holding the most.
            guard let source = order.max(by: { (lists[$0]?.count ?? 0) < (lists[$1]?.count ?? 0) }),
                lists[source]?.isEmpty == false
            else { return nil }
            return lists[source]!.removeFirst()
        }

        var all: [EndedContactOrder.Entry] { order.flatMap { lists[$0] ?? [] } }
    }

    static func ids(_ entries: [EndedContactOrder.Entry]) -> [String] {
        entries.map { "\($0.key.source.index)/\($0.key.id)" }
    }

    @Test(arguments: [1, 2, 3])
    func matchesTheModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var order = EndedContactOrder()
        var model = Model()
        var clock: Int64 = 0
        var serial = 0
        for step in 0..<60_000 {
            let roll = random.next() % 100
            // Phases: mostly appends, then mostly pops, so the rings grow past 1,024 and shrink back.
            let growing = (step / 15_000) % 2 == 0
            if roll < (growing ? 85 : 10) {
                clock += Int64(random.next() % 3)
                serial += 1
                // Some ids long enough to live on the heap (a vacated slot must let them go).
                let id = serial % 3 == 0 ? "contact-with-a-long-identifier-\(serial)" : "c\(serial)"
                let source = SourceID(UInt16(random.next() % (serial % 5 == 0 ? 3 : 2)))
                let entry = EndedContactOrder.Entry(
                    key: EntityKey(source: source, id: id), endedAt: EventTime(milliseconds: clock))
                order.append(entry)
                model.append(entry)
            } else if roll < 97 {
                #expect(
                    Self.ids(order.popOldestOfLargestSource().map { [$0] } ?? [])
                        == Self.ids(model.popOldestOfLargestSource().map { [$0] } ?? []))
            } else {
                let cutoff = EventTime(milliseconds: clock - Int64(random.next() % 400))
                var removed: [EndedContactOrder.Entry] = []
                order.removeAll(endedBefore: cutoff) { removed.append($0) }
                #expect(Self.ids(removed) == Self.ids(model.removeAll(endedBefore: cutoff)))
            }
            if step % 5_000 == 0 {
                var all: [EndedContactOrder.Entry] = []
                order.forEach { all.append($0) }
                #expect(Self.ids(all) == Self.ids(model.all) && order.count == model.all.count)
            }
        }
        var all: [EndedContactOrder.Entry] = []
        order.forEach { all.append($0) }
        #expect(Self.ids(all) == Self.ids(model.all))
    }
}
