/// One bucket's wait samples as their histogram bins, kept so that they can be taken out of the
/// running histograms again when the bucket leaves a window.
///
/// A list of bins while it is short (2 bytes a sample); counts per bin once the list would be
/// larger than them (`WaitBins.count` counts of 4 bytes). A bucket of a real floor holds a few
/// samples; one of a flood, hundreds of thousands, which as a list grew memory and every
/// checkpoint by 2 bytes a sample for the longest window's hour, and made taking one back a
/// search through them. Not thread-safe: part of the engine's windows (single writer).
struct WaitSamples: Sendable, Equatable {
    /// The samples' bins while listed; empty once counted.
    private(set) var bins: [UInt16] = []
    /// Samples per bin once counted (`WaitBins.count` entries); empty while listed.
    private(set) var counts: [UInt32] = []
    private(set) var count = 0

    /// Beyond this many samples the list takes more room than the counts.
    static let listLimit = WaitBins.count * 2

    init() {}

    /// Samples from a checkpoint's list of bins (counted when it is long).
    init(bins: [UInt16]) {
        self.bins = bins
        count = bins.count
        if bins.count > Self.listLimit { countBins() }
    }

    /// Samples from a checkpoint's counts per bin; nil when they do not have the layout.
    init?(counts: [UInt32]) {
        guard counts.count == WaitBins.count else { return nil }
        var total = 0
        for value in counts { total += Int(value) }
        self.counts = counts
        count = total
    }

    var isEmpty: Bool { count == 0 }
    var isCounted: Bool { !counts.isEmpty }

    mutating func append(_ bin: Int) {
        count += 1
        if counts.isEmpty {
            bins.append(UInt16(bin))
            if bins.count > Self.listLimit { countBins() }
        } else {
            counts[bin] &+= 1
        }
    }

    /// Takes back one sample of `bin`; false when there is none.
    mutating func remove(_ bin: Int) -> Bool {
        if counts.isEmpty {
            guard let index = bins.lastIndex(of: UInt16(bin)) else { return false }
            bins.remove(at: index)
        } else {
            guard counts[bin] > 0 else { return false }
            counts[bin] -= 1
        }
        count -= 1
        return true
    }

    /// Calls `body` with each bin and its number of samples (a listed bin may come more than once).
    func forEachBin(_ body: (_ bin: Int, _ samples: UInt32) -> Void) {
        if counts.isEmpty {
            for bin in bins { body(Int(bin), 1) }
        } else {
            for (bin, samples) in counts.enumerated() where samples > 0 { body(bin, samples) }
        }
    }

    /// Empties it for a new bucket; a short list keeps its room, counts are let go.
    mutating func removeAll() {
        bins.removeAll(keepingCapacity: bins.capacity <= Self.listLimit * 2)
        counts = []
        count = 0
    }

    /// Every sample's bin, in bin order once counted (for writing an older checkpoint format).
    var expandedBins: [UInt16] {
        guard !counts.isEmpty else { return bins }
        var expanded: [UInt16] = []
        expanded.reserveCapacity(count)
        for (bin, samples) in counts.enumerated() where samples > 0 {
            expanded.append(contentsOf: repeatElement(UInt16(bin), count: Int(samples)))
        }
        return expanded
    }

    private mutating func countBins() {
        var counted = [UInt32](repeating: 0, count: WaitBins.count)
        for bin in bins { counted[Int(bin)] &+= 1 }
        counts = counted
        bins = []
    }
}
