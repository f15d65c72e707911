/// One scope's windows and interval ledger as plain arrays: what a checkpoint carries.
///
/// Captured by copying the scope's buffers on the engine loop (a memory copy); encoded sparsely
/// elsewhere (most of a queue's bucket rows and histogram bins are zero).
struct ScopeWindowsState: Sendable, Equatable {
    /// The saved shape differs from the running one (another window or bucket configuration).
    struct Mismatch: Error {}

    var current: Int64
    var counts: [Int64]
    var slotBucket: [Int64]
    var slotMaxWait: [Int64]
    var slotSamples: [WaitSamples]
    var running: [Int64]
    var histogram: [UInt32]
    var samples: [Int64]
    var ledger: (counts: [Int64], intervals: [Int64])

    static func == (lhs: ScopeWindowsState, rhs: ScopeWindowsState) -> Bool {
        lhs.current == rhs.current && lhs.counts == rhs.counts && lhs.slotBucket == rhs.slotBucket
            && lhs.slotMaxWait == rhs.slotMaxWait && lhs.slotSamples == rhs.slotSamples && lhs.running == rhs.running
            && lhs.histogram == rhs.histogram && lhs.samples == rhs.samples && lhs.ledger.counts == rhs.ledger.counts
            && lhs.ledger.intervals == rhs.ledger.intervals
    }

    /// `version`: the checkpoint format; before 7 a bucket's samples are always a list of bins.
    func write(to writer: inout BinaryWriter, version: UInt32) {
        writer.signed(current)
        writer.sparse(counts)
        writer.sparse(slotBucket.map { $0 == Int64.min ? 0 : $0 &+ 1 })
        writer.sparse(slotMaxWait.map { $0 &+ 1 })
        writer.array(slotSamples) { writer, samples in
            guard version >= 7 else { return writer.raw(samples.expandedBins) }
            writer.byte(samples.isCounted ? 1 : 0)
            if samples.isCounted { writer.sparse(samples.counts.map(Int64.init)) } else { writer.raw(samples.bins) }
        }
        writer.sparse(running)
        writer.sparse(histogram.map(Int64.init))
        writer.sparse(samples)
        writer.sparse(ledger.counts)
        writer.sparse(ledger.intervals.map { $0 == Int64.min ? 0 : $0 &+ 1 })
    }

    init(
        current: Int64, counts: [Int64], slotBucket: [Int64], slotMaxWait: [Int64], slotSamples: [WaitSamples],
        running: [Int64], histogram: [UInt32], samples: [Int64], ledger: (counts: [Int64], intervals: [Int64])
    ) {
        self.current = current
        self.counts = counts
        self.slotBucket = slotBucket
        self.slotMaxWait = slotMaxWait
        self.slotSamples = slotSamples
        self.running = running
        self.histogram = histogram
        self.samples = samples
        self.ledger = ledger
    }

    init(from reader: inout BinaryReader, version: UInt32) throws(BinaryReader.Malformed) {
        current = try reader.signed()
        counts = try reader.sparse()
        slotBucket = try reader.sparse().map { $0 == 0 ? Int64.min : $0 &- 1 }
        slotMaxWait = try reader.sparse().map { $0 &- 1 }
        slotSamples = try reader.array { reader throws(BinaryReader.Malformed) in
            guard version >= 7, try reader.byte() == 1 else { return WaitSamples(bins: try reader.raw(UInt16.self)) }
            let counts = try reader.sparse()
            guard counts.allSatisfy({ (0...Int64(UInt32.max)).contains($0) }),
                let samples = WaitSamples(counts: counts.map { UInt32($0) })
            else { throw reader.fail("wait counts of a bucket") }
            return samples
        }
        running = try reader.sparse()
        histogram = try reader.sparse().map { UInt32(truncatingIfNeeded: $0) }
        samples = try reader.sparse()
        let ledgerCounts = try reader.sparse()
        let ledgerIntervals = try reader.sparse().map { $0 == 0 ? Int64.min : $0 &- 1 }
        ledger = (ledgerCounts, ledgerIntervals)
    }
}

extension BinaryWriter {
    /// An array of mostly zeros: its length, then each non-zero value after the gap before it.
    mutating func sparse(_ values: [Int64]) {
        unsigned(UInt64(values.count))
        var nonZero = 0
        for value in values where value != 0 { nonZero += 1 }
        unsigned(UInt64(nonZero))
        var last = -1
        for (index, value) in values.enumerated() where value != 0 {
            unsigned(UInt64(index - last - 1))
            signed(value)
            last = index
        }
    }
}

extension BinaryReader {
    mutating func sparse() throws(Malformed) -> [Int64] {
        let length = try unsigned()
        // A length is checked against what the engine could hold, not the bytes left: zeros take none.
        guard length <= 1 << 28 else { throw Malformed(offset: position, what: "sparse array of \(length)") }
        var values = [Int64](repeating: 0, count: Int(length))
        let nonZero = try count()
        var index = -1
        for _ in 0..<nonZero {
            let gap = try unsigned()
            guard gap < length else { throw Malformed(offset: position, what: "sparse index beyond the array") }
            index += Int(gap) + 1
            guard index < values.count else { throw Malformed(offset: position, what: "sparse index beyond the array") }
            values[index] = try signed()
        }
        return values
    }
}
