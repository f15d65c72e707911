import FloorCore
import Testing

/// A set of window figures against a plain array of one value per field: random writes (zeros
/// included, which must leave no trace), reads, sums and the dense form.
@Suite("Window counts against a dense array")
struct WindowCountsTests {
    @Test func everyFieldHasABit() { #expect(WindowField.count <= 64) }

    @Test(arguments: [UInt64(1), 2, 3])
    func behavesAsOneValuePerField(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var counts = WindowCounts()
        var dense = [Int64](repeating: 0, count: WindowField.count)
        for _ in 0..<5_000 {
            let field = WindowField.allCases[Int(random.next() % UInt64(WindowField.count))]
            // A third of the writes are zero: a field set back to zero is gone.
            let value = random.next() % 3 == 0 ? 0 : Int64(bitPattern: random.next() % 2_000) - 1_000
            counts[field] = value
            dense[field.rawValue] = value
            #expect(counts[field] == value)
        }
        #expect(counts.values == dense)
        #expect(counts == WindowCounts(values: dense))
        #expect(WindowCounts() == WindowCounts(values: [Int64](repeating: 0, count: WindowField.count)))
        let other = WindowCounts(values: (0..<WindowField.count).map { Int64($0 % 5 == 0 ? $0 : 0) })
        #expect(counts.adding(other).values == zip(dense, other.values).map { $0 &+ $1 })
        #expect(counts.adding(WindowCounts()) == counts && WindowCounts().adding(counts) == counts)
    }
}
