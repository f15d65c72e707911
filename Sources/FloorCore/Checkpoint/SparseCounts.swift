/// A long array of mostly zeros as a checkpoint holds it: its length and its non-zero entries.
///
/// A scope's ring, day ledger and wait histograms are ~100 KB as dense arrays and almost all
/// zeros for a quiet queue; captured densely once a second, 10,000 queues put a gigabyte on the
/// heap per checkpoint. Captured sparsely, a checkpoint costs what the scopes hold. The bytes
/// written are the same as for the dense array (`BinaryWriter.sparse`).
///
/// Value type; thread-safe.
struct SparseCounts: Sendable, Equatable {
    /// The length of the array this stands for.
    let count: Int
    /// The non-zero entries, by increasing index.
    private(set) var indices: [Int] = []
    private(set) var values: [Int64] = []

    init(count: Int) { self.count = count }

    init(_ dense: [Int64]) {
        count = dense.count
        for (index, value) in dense.enumerated() { append(value, at: index) }
    }

    /// Sets entry `index`, which must lie after every entry set so far; a zero is not kept.
    mutating func append(_ value: Int64, at index: Int) {
        precondition(index < count && index > (indices.last ?? -1), "sparse entries in increasing order")
        guard value != 0 else { return }
        indices.append(index)
        values.append(value)
    }

    var nonZeroCount: Int { indices.count }

    /// Calls `body` with each non-zero entry, by increasing index.
    func forEach(_ body: (_ index: Int, _ value: Int64) throws -> Void) rethrows {
        for position in indices.indices { try body(indices[position], values[position]) }
    }

    var dense: [Int64] {
        var values = [Int64](repeating: 0, count: count)
        forEach { index, value in values[index] = value }
        return values
    }
}

extension BinaryWriter {
    /// The same bytes as `sparse(_: [Int64])` of the dense array.
    mutating func sparse(_ counts: SparseCounts) {
        unsigned(UInt64(counts.count))
        unsigned(UInt64(counts.nonZeroCount))
        var last = -1
        counts.forEach { index, value in
            unsigned(UInt64(index - last - 1))
            signed(value)
            last = index
        }
    }
}

extension BinaryReader {
    /// What `sparse()` reads, without building the dense array.
    mutating func sparseCounts() throws(Malformed) -> SparseCounts {
        let length = try unsigned()
        // A length is checked against what the engine could hold, not the bytes left: zeros take none.
        guard length <= 1 << 28 else { throw Malformed(offset: position, what: "sparse array of \(length)") }
        var counts = SparseCounts(count: Int(length))
        let nonZero = try count()
        var index = -1
        for _ in 0..<nonZero {
            let gap = try unsigned()
            guard gap < length else { throw Malformed(offset: position, what: "sparse index beyond the array") }
            index += Int(gap) + 1
            guard index < counts.count else { throw Malformed(offset: position, what: "sparse index beyond the array") }
            let value = try signed()
            counts.append(value, at: index)
        }
        return counts
    }
}
