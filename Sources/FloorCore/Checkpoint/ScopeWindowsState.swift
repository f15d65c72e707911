/// One scope's windows and interval ledger as a checkpoint carries them.
///
/// Sparse in memory as in the file (`SparseCounts`): most of a queue's bucket rows, ledger rows
/// and histogram bins are zero, and the capture on the engine loop costs what the scope holds.
/// Slots are stored as the file has them: a bucket or interval as its value + 1 (0: an empty
/// slot), a maximum wait as its value + 1 (0: none).
struct ScopeWindowsState: Sendable, Equatable {
    /// The saved shape differs from the running one (another window or bucket configuration).
    struct Mismatch: Error {}

    var current: Int64
    /// Ring slot × field.
    var counts: SparseCounts
    /// Per ring slot: its bucket + 1, 0 when empty.
    var slotBuckets: SparseCounts
    /// Per ring slot: its longest wait + 1, 0 when none.
    var slotMaxWaits: SparseCounts
    /// The wait samples of the slots that have any (or are counted), by slot.
    var slotSamples: [Int: WaitSamples]
    var running: [Int64]
    /// Completed buckets' wait histograms: window × bin.
    var histogram: SparseCounts
    var samples: [Int64]
    /// The day ledger: its rows (slot × field), and per slot its interval + 1, 0 when empty.
    var ledger: (counts: SparseCounts, intervals: SparseCounts)

    var ringLength: Int { slotBuckets.count }

    static func == (lhs: ScopeWindowsState, rhs: ScopeWindowsState) -> Bool {
        lhs.current == rhs.current && lhs.counts == rhs.counts && lhs.slotBuckets == rhs.slotBuckets
            && lhs.slotMaxWaits == rhs.slotMaxWaits && lhs.slotSamples == rhs.slotSamples
            && lhs.running == rhs.running && lhs.histogram == rhs.histogram && lhs.samples == rhs.samples
            && lhs.ledger.counts == rhs.ledger.counts && lhs.ledger.intervals == rhs.ledger.intervals
    }

    /// `version`: the checkpoint format; before 7 a bucket's samples are always a list of bins.
    func write(to writer: inout BinaryWriter, version: UInt32) {
        writer.signed(current)
        writer.sparse(counts)
        writer.sparse(slotBuckets)
        writer.sparse(slotMaxWaits)
        writer.array(0..<ringLength) { writer, slot in
            let samples = slotSamples[slot] ?? WaitSamples()
            guard version >= 7 else { return writer.raw(samples.expandedBins) }
            writer.byte(samples.isCounted ? 1 : 0)
            if samples.isCounted { writer.sparse(samples.counts.map(Int64.init)) } else { writer.raw(samples.bins) }
        }
        writer.sparse(running)
        writer.sparse(histogram)
        writer.sparse(samples)
        writer.sparse(ledger.counts)
        writer.sparse(ledger.intervals)
    }

    init(
        current: Int64, counts: SparseCounts, slotBuckets: SparseCounts, slotMaxWaits: SparseCounts,
        slotSamples: [Int: WaitSamples], running: [Int64], histogram: SparseCounts, samples: [Int64],
        ledger: (counts: SparseCounts, intervals: SparseCounts)
    ) {
        self.current = current
        self.counts = counts
        self.slotBuckets = slotBuckets
        self.slotMaxWaits = slotMaxWaits
        self.slotSamples = slotSamples
        self.running = running
        self.histogram = histogram
        self.samples = samples
        self.ledger = ledger
    }

    init(from reader: inout BinaryReader, version: UInt32) throws(BinaryReader.Malformed) {
        current = try reader.signed()
        counts = try reader.sparseCounts()
        slotBuckets = try reader.sparseCounts()
        slotMaxWaits = try reader.sparseCounts()
        let slots = try reader.count()
        guard slots == slotBuckets.count else { throw reader.fail("wait samples of \(slots) slots") }
        var samplesBySlot: [Int: WaitSamples] = [:]
        for slot in 0..<slots {
            let samples: WaitSamples
            if version >= 7, try reader.byte() == 1 {
                let counts = try reader.sparse()
                guard counts.allSatisfy({ (0...Int64(UInt32.max)).contains($0) }),
                    let counted = WaitSamples(counts: counts.map { UInt32($0) })
                else { throw reader.fail("wait counts of a bucket") }
                samples = counted
            } else {
                let bins = try reader.raw(UInt16.self)
                // A bin beyond the histogram would index out of it on restore.
                guard bins.allSatisfy({ Int($0) < WaitBins.count }) else { throw reader.fail("wait bins of a bucket") }
                samples = WaitSamples(bins: bins)
            }
            if !samples.isEmpty || samples.isCounted { samplesBySlot[slot] = samples }
        }
        slotSamples = samplesBySlot
        running = try reader.sparse()
        histogram = try reader.sparseCounts()
        samples = try reader.sparse()
        ledger = (try reader.sparseCounts(), try reader.sparseCounts())
    }
}

extension BinaryWriter {
    /// An array of mostly zeros: its length, then each non-zero value after the gap before it.
    mutating func sparse(_ values: [Int64]) { sparse(SparseCounts(values)) }
}

extension BinaryReader {
    mutating func sparse() throws(Malformed) -> [Int64] { try sparseCounts().dense }
}
