/// A scope's running wait histograms, one per window (`WaitBins`), with each window's samples
/// per group of `WaitBins.groupWidth` bins: a percentile scans the groups, then one group's bins,
/// not all 1,792 bins (snapshots are built per read).
///
/// Bins are kept per group, each group allocated when it gets a sample and freed when it is empty
/// again: a queue's waits fall in a few groups, and three dense histograms were 21.5 KB a queue
/// from its first answered contact on. Nothing is allocated before the first sample.
///
/// A value holding pointers: the owner deallocates it (`deallocate`). Not thread-safe: part of a
/// scope's windows, owned by the engine (single writer).
struct WaitHistograms {
    let windowCount: Int
    /// `window * WaitBins.groups + group`: the group's bins, nil while the group is empty.
    private var groupBins: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>?
    /// `window * WaitBins.groups + group`: the samples in the group's bins.
    private var groupTotals: UnsafeMutablePointer<UInt32>?

    init(windowCount: Int) { self.windowCount = windowCount }

    private var groupCount: Int { windowCount * WaitBins.groups }

    /// Groups of bins allocated (what it holds, for tests).
    var heldGroups: Int {
        guard let groupBins else { return 0 }
        return (0..<groupCount).count { groupBins[$0] != nil }
    }

    /// Whether any sample was ever added (the tables exist).
    var isAllocated: Bool { groupTotals != nil }

    func deallocate() {
        guard let groupBins, let groupTotals else { return }
        for group in 0..<groupCount { groupBins[group]?.deallocate() }
        groupBins.deallocate()
        groupTotals.deallocate()
    }

    /// Adds `delta` samples (wrapping: `0 &- n` takes `n` back) to a window's bin.
    @inline(__always)
    mutating func bump(window: Int, bin: Int, by delta: UInt32) {
        if groupTotals == nil { allocate() }
        let group = window * WaitBins.groups + bin / WaitBins.groupWidth
        let totals = groupTotals.unsafelyUnwrapped
        let tables = groupBins.unsafelyUnwrapped
        let bins: UnsafeMutablePointer<UInt32>
        if let existing = tables[group] {
            bins = existing
        } else {
            bins = .allocate(capacity: WaitBins.groupWidth)
            bins.initialize(repeating: 0, count: WaitBins.groupWidth)
            tables[group] = bins
        }
        bins[bin % WaitBins.groupWidth] &+= delta
        totals[group] &+= delta
        if totals[group] == 0 {
            // Counts never go below zero: an empty group's bins are all zero.
            bins.deallocate()
            tables[group] = nil
        }
    }

    private mutating func allocate() {
        let tables = UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>.allocate(capacity: groupCount)
        tables.initialize(repeating: nil, count: groupCount)
        let totals = UnsafeMutablePointer<UInt32>.allocate(capacity: groupCount)
        totals.initialize(repeating: 0, count: groupCount)
        groupBins = tables
        groupTotals = totals
    }

    /// Empties every window (the tables stay).
    func removeAll() {
        guard let groupBins, let groupTotals else { return }
        for group in 0..<groupCount {
            groupBins[group]?.deallocate()
            groupBins[group] = nil
        }
        groupTotals.update(repeating: 0, count: groupCount)
    }

    /// The samples in a window's bin.
    func count(window: Int, bin: Int) -> UInt32 {
        guard let groupBins else { return 0 }
        return groupBins[window * WaitBins.groups + bin / WaitBins.groupWidth]?[bin % WaitBins.groupWidth] ?? 0
    }

    /// Calls `body` with each of a window's non-empty bins, in bin order.
    func forEachBin(window: Int, _ body: (_ bin: Int, _ samples: UInt32) -> Void) {
        guard let groupBins else { return }
        for group in 0..<WaitBins.groups {
            guard let bins = groupBins[window * WaitBins.groups + group] else { continue }
            for offset in 0..<WaitBins.groupWidth where bins[offset] != 0 {
                body(group * WaitBins.groupWidth + offset, bins[offset])
            }
        }
    }

    /// The window's percentiles at `quantiles` (ascending, 0…1) of its `total` samples by the
    /// nearest-rank rule, each at most `maximum`; nil without samples. One pass over the groups,
    /// then only the bins of the groups a rank falls in.
    func quantiles(window: Int, _ quantiles: [Double], total: Int64, maximum: Int64) -> [Int64?] {
        guard total > 0, let groupBins, let groupTotals else { return quantiles.map { _ in nil } }
        let groups = groupTotals + window * WaitBins.groups
        let tables = groupBins + window * WaitBins.groups
        var results: [Int64?] = []
        var cumulative: Int64 = 0
        var group = 0
        for q in quantiles {
            let rank = max(1, Int64((q * Double(total)).rounded(.up)))
            // Whole groups below the rank.
            while group < WaitBins.groups, cumulative + Int64(groups[group]) < rank {
                cumulative += Int64(groups[group])
                group += 1
            }
            guard group < WaitBins.groups, let bins = tables[group] else {
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
