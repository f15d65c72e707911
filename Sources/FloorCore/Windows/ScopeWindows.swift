/// The time-bucket ring of one scope (overall, a channel or a queue) with a running total per
/// window, so reading a window costs O(fields) instead of O(buckets).
///
/// An event writes only its own bucket. The running totals hold the *completed* buckets of each
/// window: a bucket is folded in when the clock moves past it, and subtracted when it leaves the
/// window. A window's figure is its running total plus the current bucket. So the apply path
/// touches one row per scope instead of one per window; only an event late enough to land in an
/// already completed bucket also adds to the running totals.
///
/// Storage is raw memory owned by this object: the writer touches it several times per event, and
/// arrays would add a uniqueness check (and, in debug builds, an exclusivity check) per access.
/// A bucket's row, its wait samples and the histograms' groups are allocated when first written
/// and freed when they leave the ring: a queue's memory follows its last hour's traffic (a quiet
/// queue holds a few hundred bytes, a busy one up to its whole ring).
///
/// Not thread-safe: owned by the engine, the single writer. Readers see it only through the
/// immutable `FloorSnapshot` the engine publishes.
final class ScopeWindows {
    let ringLength: Int
    let bucketWidth: Milliseconds
    /// Quarter-hour totals: each bucket is folded in when the clock leaves it.
    let ledger = IntervalLedger()
    /// Buckets per window, shortest window first.
    let windowBuckets: [Int]
    private let windowCount: Int
    private let windowLengths: UnsafeMutablePointer<Int64>
    private let fieldCount = WindowField.count

    /// Ring storage: each slot's row of `fieldCount` counts and the absolute bucket it holds,
    /// allocated when the slot is claimed (no row reads as zeros).
    private let table: SlotTable
    /// Wait-time bin of every sample recorded in a slot (so the running histograms can subtract
    /// it) and its longest wait, allocated with the first sample.
    private let waits: RingSlotWaits
    /// Running totals of the completed buckets: `window * fieldCount + field`.
    /// Nil while every total is zero (a queue with nothing in its windows holds none).
    @exclusivity(unchecked) private var running: UnsafeMutablePointer<Int64>?
    /// Running wait histograms of the buckets in each window, the current one included (a
    /// checkpoint holds the completed buckets' only).
    @exclusivity(unchecked) private var histograms: WaitHistograms
    private let samples: UnsafeMutablePointer<Int64>
    /// The bucket the clock is in (the one not folded into the running totals).
    private var current: Int64 = Int64.min

    /// Changes whenever a wait sample is added or taken back, or the clock moves a bucket: a
    /// snapshot reuses the wait percentiles it computed while this stays the same.
    private(set) var waitVersion: UInt64 = 0
    /// Changes whenever an arrival (`offered`) is added or the ring is restored: a snapshot
    /// reuses the per-minute arrivals it built while this and the clock's bucket stay the same.
    private(set) var arrivalsVersion: UInt64 = 0

    init(ringLength: Int, windowBuckets: [Int], bucketWidth: Milliseconds) {
        self.ringLength = ringLength
        self.bucketWidth = bucketWidth
        self.windowBuckets = windowBuckets
        windowCount = windowBuckets.count
        windowLengths = .allocate(capacity: windowCount)
        for (index, length) in windowBuckets.enumerated() { windowLengths[index] = Int64(length) }
        table = SlotTable(slots: ringLength, fields: WindowField.count)
        waits = RingSlotWaits(ringLength: ringLength)
        histograms = WaitHistograms(windowCount: windowBuckets.count)
        samples = .allocate(capacity: windowCount)
        samples.initialize(repeating: 0, count: windowCount)
    }

    deinit {
        windowLengths.deallocate()
        table.deallocate()
        waits.deallocate()
        running?.deallocate()
        histograms.deallocate()
        samples.deallocate()
    }

    /// What the scope holds beyond its fixed part: bucket rows, pages of wait samples, groups of
    /// histogram bins, running totals (for tests).
    var held: (rows: Int, waitPages: Int, histogramGroups: Int, runningTotals: Bool) {
        (table.heldRows, waits.heldPages, histograms.heldGroups, running != nil)
    }

    @inline(__always)
    private func slot(of bucket: Int64) -> Int { Self.slot(of: bucket, ringLength: ringLength) }

    /// The ring slot of a bucket, also for a time before 1970 (a negative bucket): `%` keeps the
    /// sign, and a negative slot would index before the ring (a fuzzed Connect record found it).
    @inline(__always)
    static func slot(of bucket: Int64, ringLength: Int) -> Int {
        let length = Int64(ringLength)
        return Int(((bucket % length) + length) % length)
    }

    /// The histograms of the completed buckets only, as checkpoints hold them (the running ones
    /// include the current bucket's samples).
    private func completedHistograms() -> SparseCounts {
        var completed = SparseCounts(count: windowCount * WaitBins.count)
        guard histograms.isAllocated else { return completed }
        var inCurrent: [Int: UInt32] = [:]
        if let slot = currentSlot {
            waits.samples(slot).forEachBin { bin, samples in inCurrent[bin, default: 0] &+= samples }
        }
        for window in 0..<windowCount {
            histograms.forEachBin(window: window) { bin, samples in
                completed.append(Int64(samples &- (inCurrent[bin] ?? 0)), at: window * WaitBins.count + bin)
            }
        }
        return completed
    }

    private func completedSamples() -> [Int64] {
        let current = Int64(currentSlot.map { waits.samples($0).count } ?? 0)
        return (0..<windowCount).map { samples[$0] - current }
    }

    /// Everything this scope holds, copied sparsely (a checkpoint, taken on the engine loop): the
    /// cost follows what the scope holds, not the size of its ring.
    func capture() -> ScopeWindowsState {
        let (counts, buckets) = table.capture()
        var maxWaits = SparseCounts(count: ringLength)
        var samplesBySlot: [Int: WaitSamples] = [:]
        let anyWaits = waits.isAllocated
        for slot in 0..<ringLength where anyWaits {
            maxWaits.append(waits.maximum(slot) &+ 1, at: slot)
            // A counted bucket whose samples were all taken back is kept: it is written as counts.
            let kept = waits.samples(slot)
            if !kept.isEmpty || kept.isCounted { samplesBySlot[slot] = kept }
        }
        return ScopeWindowsState(
            current: current, counts: counts, slotBuckets: buckets, slotMaxWaits: maxWaits,
            slotSamples: samplesBySlot,
            running: running.map { Array(UnsafeBufferPointer(start: $0, count: windowCount * fieldCount)) }
                ?? Array(repeating: 0, count: windowCount * fieldCount),
            histogram: completedHistograms(), samples: completedSamples(), ledger: ledger.capture())
    }

    /// Takes back a captured state of a scope with the same shape (ring, windows, fields).
    func restore(_ state: ScopeWindowsState) throws(ScopeWindowsState.Mismatch) {
        guard state.counts.count == ringLength * fieldCount, state.ringLength == ringLength,
            state.slotMaxWaits.count == ringLength, state.slotSamples.keys.allSatisfy({ $0 < ringLength }),
            state.running.count == windowCount * fieldCount, state.histogram.count == windowCount * WaitBins.count,
            state.samples.count == windowCount
        else { throw ScopeWindowsState.Mismatch() }
        waitVersion &+= 1
        arrivalsVersion &+= 1
        try ledger.restore(state.ledger)
        current = state.current
        table.restore((state.counts, state.slotBuckets))
        var maximum = [Int64](repeating: -1, count: ringLength)
        state.slotMaxWaits.forEach { slot, stored in maximum[slot] = stored &- 1 }
        waits.restore(samples: state.slotSamples) { maximum[$0] }
        releaseRunning()
        if state.running.contains(where: { $0 != 0 }) {
            let running = runningStorage()
            state.running.withUnsafeBufferPointer { running.update(from: $0.baseAddress!, count: $0.count) }
        }
        histograms.removeAll()
        state.histogram.forEach { index, value in
            let (window, bin) = index.quotientAndRemainder(dividingBy: WaitBins.count)
            histograms.bump(window: window, bin: bin, by: UInt32(truncatingIfNeeded: value))
        }
        state.samples.withUnsafeBufferPointer { samples.update(from: $0.baseAddress!, count: $0.count) }
        // The running histograms include the current bucket's samples; the checkpoint's do not.
        if let slot = currentSlot {
            for window in 0..<windowCount {
                waits.samples(slot).forEachBin { bin, samples in bump(window: window, bin: bin, by: samples) }
                samples[window] += Int64(waits.samples(slot).count)
            }
        }
    }

    /// The row of a bucket, claiming its slot; the bucket must lie in (current - ringLength, current].
    @inline(__always)
    private func row(_ position: BucketPosition) -> UnsafeMutablePointer<Int64> {
        if let row = table.row(position.slot, holding: position.bucket) { return row }
        return claim(slot: position.slot, bucket: position.bucket)
    }

    /// The bucket a slot holds, `Int64.min` when empty.
    @inline(__always)
    private func bucket(inSlot slot: Int) -> Int64 { table.key(slot) }

    /// The running totals, allocated (zeroed) when a completed bucket first brings a count.
    @inline(__always)
    private func runningStorage() -> UnsafeMutablePointer<Int64> {
        if let running { return running }
        let storage = UnsafeMutablePointer<Int64>.allocate(capacity: windowCount * fieldCount)
        storage.initialize(repeating: 0, count: windowCount * fieldCount)
        running = storage
        return storage
    }

    private func releaseRunning() {
        running?.deallocate()
        running = nil
    }

    /// Adds `delta` samples to a window's bin.
    @inline(__always)
    private func bump(window: Int, bin: Int, by delta: UInt32) { histograms.bump(window: window, bin: bin, by: delta) }

    /// Whether a bucket is older than the ring: a late write there reaches the day's intervals
    /// only (`WindowedMetrics.ledgerBucket`).
    @inline(__always)
    private func isBeyondRing(_ bucket: Int64) -> Bool { current != Int64.min && bucket <= current - Int64(ringLength) }

    /// Adds `value` to `field` of a bucket in (current - ringLength, current], or of an older
    /// bucket's quarter hour in the ledger.
    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, at position: BucketPosition) {
        if field == .offered { arrivalsVersion &+= 1 }
        if isBeyondRing(position.bucket) {
            ledger.add(field, value, at: position)
            return
        }
        row(position)[field.rawValue] &+= value
        if position.bucket < current {
            addLate(position.bucket) { $0[field.rawValue] &+= value }
            ledger.add(field, value, at: position)
        }
    }

    /// Adds the four agent-time figures of one stretch at once (the slot is found once, not per
    /// field): the occupancy accounting runs on most agent events.
    @inline(__always)
    func addAgentTime(_ values: AgentTimeValues, at position: BucketPosition) {
        if isBeyondRing(position.bucket) {
            ledger.addAgentTime(values, at: position)
            return
        }
        values.add(to: row(position))
        if position.bucket < current {
            addLate(position.bucket) { values.add(to: $0) }
            ledger.addAgentTime(values, at: position)
        }
    }

    /// A write to a completed bucket also goes to the running totals of the windows it is in.
    private func addLate(_ bucket: Int64, _ write: (UnsafeMutablePointer<Int64>) -> Void) {
        let age = current - bucket
        for window in 0..<windowCount where age < windowLengths[window] {
            write(runningStorage() + window * fieldCount)
        }
    }

    /// Records one wait sample (a contact left the queue after waiting `wait`).
    func addWait(_ wait: Int64, at position: BucketPosition) {
        // The ledger keeps counts and sums, not wait samples.
        guard !isBeyondRing(position.bucket) else { return }
        let (slot, bucket) = (position.slot, position.bucket)
        if self.bucket(inSlot: slot) != bucket { _ = claim(slot: slot, bucket: bucket) }
        let bin = WaitBins.index(of: wait)
        waitVersion &+= 1
        waits.record(bin: bin, wait: wait, at: slot)
        // The running histograms hold the current bucket too: a percentile reads them alone.
        let age = current - bucket
        for window in 0..<windowCount where age < windowLengths[window] {
            bump(window: window, bin: bin, by: 1)
            samples[window] += 1
        }
    }

    /// Takes back one sample of `wait` added to this bucket (a queue exit that turned out to be
    /// the first leg of a longer wait). The bucket's maximum stays: the longer wait replaces it.
    func removeWait(_ wait: Int64, at position: BucketPosition) {
        let (slot, bucket) = (position.slot, position.bucket)
        guard self.bucket(inSlot: slot) == bucket else { return }
        let bin = WaitBins.index(of: wait)
        guard waits.remove(bin: bin, at: slot) else { return }
        waitVersion &+= 1
        let age = current - bucket
        for window in 0..<windowCount where age < windowLengths[window] {
            bump(window: window, bin: bin, by: UInt32.max)
            samples[window] -= 1
        }
    }

    /// Moves the clock to `now` (the first call only sets it): the buckets it passes are folded into the
    /// running totals of the windows they are still in, and completed buckets leaving a window
    /// are subtracted from it. Slots are cleared when a new bucket claims them.
    func advance(to now: Int64) {
        guard current != Int64.min else {
            current = now
            return
        }
        guard now > current else { return }
        waitVersion &+= 1
        arrivalsVersion &+= 1
        let before = current
        current = now
        // The bucket the clock leaves is the only one not yet in the ledger (the buckets it
        // skips saw no events: events are clamped to the current bucket).
        if let row = table.row(slot(of: before), holding: before) {
            ledger.add(row: row, interval: interval(of: before))
        }
        if now - before >= Int64(ringLength) {
            // Every bucket held is out of every window and the ring now.
            releaseRunning()
            histograms.removeAll()
            samples.update(repeating: 0, count: windowCount)
            table.releaseAll()
            waits.releaseAll()
            return
        }
        for window in 0..<windowCount {
            let length = windowLengths[window]
            // Completed before this move and out of the window now: (before - length, now - length].
            var bucket = max(before - length + 1, 0)
            while bucket <= min(now - length, before - 1) {
                fold(bucket, window: window, sign: -1)
                bucket += 1
            }
            // The bucket the clock leaves, when this move also takes it out of the window: its
            // counts never reached the running totals, but its wait samples did when recorded.
            if now - before >= length { dropWaits(before, window: window) }
            // Completed by this move and still in the window: [before, now) with now - b < length.
            bucket = max(before, now - length + 1)
            while bucket < now {
                fold(bucket, window: window, sign: 1)
                bucket += 1
            }
        }
        // Every window empty: the running totals are let go.
        if let running, !(0..<windowCount * fieldCount).contains(where: { running[$0] != 0 }) { releaseRunning() }
        // No sample left in any window: the histograms' groups are let go.
        if histograms.isAllocated, (0..<windowCount).allSatisfy({ samples[$0] == 0 }) { histograms.removeAll() }
        // Buckets out of the ring now, already out of every window and in the ledger: their
        // rows and samples are let go (their slots' next buckets would reuse them, but a queue
        // that fell quiet would keep its busy hour's rows).
        for bucket in (before - Int64(ringLength) + 1)...(now - Int64(ringLength)) {
            let slot = slot(of: bucket)
            guard self.bucket(inSlot: slot) == bucket else { continue }
            table.release(slot)
            waits.release(slot)
        }
    }

    private func fold(_ bucket: Int64, window: Int, sign: Int64) {
        guard bucket >= 0 else { return }
        let slot = slot(of: bucket)
        guard let row = table.row(slot, holding: bucket) else { return }
        let total = window * fieldCount
        for field in 0..<fieldCount where row[field] != 0 {
            runningStorage()[total + field] &+= sign &* row[field]
        }
        // Wait samples entered the running histograms when recorded: they only leave here.
        if sign < 0 { dropWaits(bucket, window: window) }
    }

    /// Takes a bucket's wait samples out of a window's running histogram.
    private func dropWaits(_ bucket: Int64, window: Int) {
        guard bucket >= 0 else { return }
        let slot = slot(of: bucket)
        guard self.bucket(inSlot: slot) == bucket else { return }
        let bucketSamples = waits.samples(slot)
        guard !bucketSamples.isEmpty else { return }
        bucketSamples.forEachBin { bin, samples in bump(window: window, bin: bin, by: 0 &- samples) }
        samples[window] -= Int64(bucketSamples.count)
    }

    /// The slot's row for `bucket`, emptied of the bucket it held before.
    private func claim(slot: Int, bucket: Int64) -> UnsafeMutablePointer<Int64> {
        waits.clear(slot)
        return table.claim(slot, key: bucket)
    }

    @inline(__always)
    private func interval(of bucket: Int64) -> Int64 { IntervalLedger.interval(of: bucket, bucketWidth: bucketWidth) }

    /// The totals of a quarter hour: what the ledger holds plus the current bucket when it falls
    /// in it; nil when nothing was recorded in it.
    func intervalCounts(_ interval: Int64) -> WindowCounts? {
        let folded = ledger.counts(interval: interval)
        guard let slot = currentSlot, self.interval(of: current) == interval else { return folded }
        var values = folded?.values ?? Array(repeating: 0, count: fieldCount)
        let row = table.row(slot).unsafelyUnwrapped
        for field in 0..<fieldCount { values[field] &+= row[field] }
        return WindowCounts(values: values)
    }

    /// The current bucket's row, its slot claimed (nil before the clock starts). Valid until the
    /// clock moves: the engine writes most events straight into it.
    func currentRow() -> UnsafeMutablePointer<Int64>? {
        guard current != Int64.min else { return nil }
        let slot = slot(of: current)
        return table.row(slot, holding: current) ?? claim(slot: slot, bucket: current)
    }

    /// The slot of the current bucket when it holds data, else nil.
    private var currentSlot: Int? {
        guard current != Int64.min else { return nil }
        let slot = slot(of: current)
        return bucket(inSlot: slot) == current ? slot : nil
    }

    /// The window's totals: its completed buckets plus the current one (a copy).
    func runningCounts(window: Int) -> WindowCounts {
        var values =
            running.map { Array(UnsafeBufferPointer(start: $0 + window * fieldCount, count: fieldCount)) }
            ?? Array(repeating: 0, count: fieldCount)
        if let slot = currentSlot, let row = table.row(slot) {
            for field in 0..<fieldCount { values[field] &+= row[field] }
        }
        return WindowCounts(values: values)
    }

    /// The window's wait percentiles at `quantiles` (ascending, 0…1) by the nearest-rank rule,
    /// current bucket included; each at most `maximum`; nil without samples. One pass over the
    /// groups, then only the bins of the groups a rank falls in.
    func waitQuantiles(window: Int, _ quantiles: [Double], maximum: Int64) -> [Int64?] {
        histograms.quantiles(window: window, quantiles, total: samples[window], maximum: maximum)
    }

    /// The longest wait recorded in the window's buckets, or nil.
    func maximumWait(window: Int, current: Int64) -> Int64? {
        guard waits.isAllocated else { return nil }
        var best: Int64 = -1
        for age in 0..<windowLengths[window] {
            let bucket = current - age
            guard bucket >= 0 else { break }
            let slot = slot(of: bucket)
            if self.bucket(inSlot: slot) == bucket, waits.maximum(slot) > best { best = waits.maximum(slot) }
        }
        return best >= 0 ? best : nil
    }

    /// `field` of each bucket in the window, oldest first (zero where nothing happened).
    func series(_ field: WindowField, window: Int, current: Int64) -> [Int64] {
        let length = windowBuckets[window]
        var values = Array(repeating: Int64(0), count: length)
        for offset in 0..<length {
            let bucket = current - Int64(length - 1 - offset)
            guard bucket >= 0 else { continue }
            let slot = slot(of: bucket)
            if let row = table.row(slot, holding: bucket) { values[offset] = row[field.rawValue] }
        }
        return values
    }
}

/// Milliseconds of agent time over one stretch, for `addAgentTime`.
struct AgentTimeValues {
    var onContact: Int64
    var idle: Int64
    var slotBusy: Int64
    var slotCapacity: Int64

    @inline(__always)
    func add(to row: UnsafeMutablePointer<Int64>) {
        row[WindowField.onContactMs.rawValue] &+= onContact
        row[WindowField.idleMs.rawValue] &+= idle
        row[WindowField.slotBusyMs.rawValue] &+= slotBusy
        row[WindowField.slotCapacityMs.rawValue] &+= slotCapacity
    }
}

/// Where a bucket lives: its ring slot and its quarter hour's ledger slot, computed once per event
/// (each is a division, and an event adds to a dozen scopes), and once per clock move for the
/// current bucket.
struct BucketPosition {
    var bucket: Int64
    var slot: Int
    var interval: Int64
    var ledgerSlot: Int
}

/// One window's wait percentiles and maximum, in milliseconds (nil without samples).
struct WaitFigures {
    var p50: Milliseconds?
    var p90: Milliseconds?
    var p99: Milliseconds?
    var maximum: Milliseconds?
}
