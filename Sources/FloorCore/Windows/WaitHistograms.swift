/// A scope's running wait histograms, one per window (`WaitBins`), kept per group of
/// `WaitBins.groupWidth` bins with the group's total: a percentile scans the groups' totals, then
/// one group's bins, not all 1,792 bins (snapshots are built per read).
///
/// A group is allocated when it first gets a sample, and every group is freed when the windows
/// hold no sample any more (`removeAll`), not each group as it empties: a busy queue's groups
/// empty and fill again all the time, and allocating them again missed the cache on the apply
/// path. A queue's waits fall in a few groups, and three dense histograms were 21.5 KB a queue
/// from its first answered contact on. Nothing is allocated before the first sample.
///
/// A value holding pointers: the owner deallocates it (`deallocate`). Not thread-safe: part of a
/// scope's windows, owned by the engine (single writer).
struct WaitHistograms {
    /// One group of one window: its bins (nil before its first sample) and their total, side by
    /// side so that a sample touches the group's entry and its bin, as the dense histograms
    /// touched a bin and a group total.
    private struct Group {
        var bins: UnsafeMutablePointer<UInt32>?
        var total: UInt32 = 0
    }

    let windowCount: Int
    /// `window * WaitBins.groups + group`.
    private var groups: UnsafeMutablePointer<Group>?

    init(windowCount: Int) { self.windowCount = windowCount }

    private var groupCount: Int { windowCount * WaitBins.groups }

    /// Whether any sample was ever added (the table exists).
    var isAllocated: Bool { groups != nil }

    /// Groups of bins allocated (what it holds, for tests).
    var heldGroups: Int {
        guard let groups else { return 0 }
        return (0..<groupCount).count { groups[$0].bins != nil }
    }

    func deallocate() {
        guard let groups else { return }
        for group in 0..<groupCount { groups[group].bins?.deallocate() }
        groups.deallocate()
    }

    /// Adds `delta` samples (wrapping: `0 &- n` takes `n` back) to a window's bin.
    @inline(__always)
    mutating func bump(window: Int, bin: Int, by delta: UInt32) {
        if groups == nil { allocate() }
        let group = groups.unsafelyUnwrapped + (window * WaitBins.groups + bin / WaitBins.groupWidth)
        let bins: UnsafeMutablePointer<UInt32>
        if let existing = group.pointee.bins {
            bins = existing
        } else {
            bins = .allocate(capacity: WaitBins.groupWidth)
            bins.initialize(repeating: 0, count: WaitBins.groupWidth)
            group.pointee.bins = bins
        }
        bins[bin % WaitBins.groupWidth] &+= delta
        group.pointee.total &+= delta
    }

    private mutating func allocate() {
        let table = UnsafeMutablePointer<Group>.allocate(capacity: groupCount)
        table.initialize(repeating: Group(), count: groupCount)
        groups = table
    }

    /// Empties every window and frees every group (the table of groups stays).
    func removeAll() {
        guard let groups else { return }
        for group in 0..<groupCount {
            groups[group].bins?.deallocate()
            groups[group] = Group()
        }
    }

    /// Calls `body` with each of a window's non-empty bins, in bin order.
    func forEachBin(window: Int, _ body: (_ bin: Int, _ samples: UInt32) -> Void) {
        guard let groups else { return }
        for group in 0..<WaitBins.groups {
            guard let bins = groups[window * WaitBins.groups + group].bins else { continue }
            for offset in 0..<WaitBins.groupWidth where bins[offset] != 0 {
                body(group * WaitBins.groupWidth + offset, bins[offset])
            }
        }
    }

    /// The window's percentiles at `quantiles` (ascending, 0…1) of its `total` samples by the
    /// nearest-rank rule, each at most `maximum`; nil without samples. One pass over the groups'
    /// totals, then only the bins of the groups a rank falls in.
    func quantiles(window: Int, _ quantiles: [Double], total: Int64, maximum: Int64) -> [Int64?] {
        guard total > 0, let groups else { return quantiles.map { _ in nil } }
        let tables = groups + window * WaitBins.groups
        var results: [Int64?] = []
        var cumulative: Int64 = 0
        var group = 0
        for q in quantiles {
            let rank = max(1, Int64((q * Double(total)).rounded(.up)))
            // Whole groups below the rank.
            while group < WaitBins.groups, cumulative + Int64(tables[group].total) < rank {
                cumulative += Int64(tables[group].total)
                group += 1
            }
            guard group < WaitBins.groups, let bins = tables[group].bins else {
                results.append(maximum)
                continue
            }
            // The rank's bin inside its group.
            var inGroup = cumulative
            var found = maximum
            for offset in 0..<WaitBins.groupWidth {
                inGroup += Int64(bins[offset])
                if inGroup >= rank {
                    found = min(WaitBins.representative(of: group * WaitBins.groupWidth + offset), maximum)
                    break
                }
            }
            results.append(found)
        }
        return results
    }
}
