/// The time-bucket ring of one scope (overall, a channel or a queue) with a running total per
/// window, so reading a window costs O(fields) instead of O(buckets).
///
/// Not thread-safe: owned by the engine, the single writer. Readers see it only through the
/// immutable `FloorSnapshot` the engine publishes.
final class ScopeWindows {
    let ringLength: Int
    /// Buckets per window, shortest window first.
    let windowBuckets: [Int]
    private let fieldCount = WindowField.count

    /// Ring storage: `slot * fieldCount + field`.
    private var counts: [Int64]
    /// The absolute bucket index a slot holds, or `Int64.min` when empty.
    private var slotBucket: [Int64]
    /// Wait-time bin of every sample recorded in a slot, so the running histograms can subtract it.
    private var slotSamples: [[UInt16]]
    private var slotMaxWait: [Int64]
    private(set) var running: [WindowCounts]
    private(set) var runningHistogram: [[UInt32]]
    private(set) var runningSamples: [Int64]

    init(ringLength: Int, windowBuckets: [Int]) {
        self.ringLength = ringLength
        self.windowBuckets = windowBuckets
        counts = Array(repeating: 0, count: ringLength * WindowField.count)
        slotBucket = Array(repeating: Int64.min, count: ringLength)
        slotSamples = Array(repeating: [], count: ringLength)
        slotMaxWait = Array(repeating: -1, count: ringLength)
        running = Array(repeating: WindowCounts(), count: windowBuckets.count)
        runningHistogram = Array(repeating: Array(repeating: 0, count: WaitBins.count), count: windowBuckets.count)
        runningSamples = Array(repeating: 0, count: windowBuckets.count)
    }

    @inline(__always)
    private func slot(of bucket: Int64) -> Int { Int(bucket % Int64(ringLength)) }

    /// Adds `value` to `field` of `bucket`, which must lie in (current - ringLength, current].
    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, bucket: Int64, current: Int64) {
        let slot = slot(of: bucket)
        if slotBucket[slot] != bucket { claim(slot: slot, bucket: bucket) }
        counts[slot * fieldCount + field.rawValue] &+= value
        let age = current - bucket
        for window in 0..<windowBuckets.count where age < Int64(windowBuckets[window]) {
            running[window].values[field.rawValue] &+= value
        }
    }

    /// Records one wait sample (a contact left the queue after waiting `wait`).
    func addWait(_ wait: Int64, bucket: Int64, current: Int64) {
        let slot = slot(of: bucket)
        if slotBucket[slot] != bucket { claim(slot: slot, bucket: bucket) }
        let bin = WaitBins.index(of: wait)
        slotSamples[slot].append(UInt16(bin))
        if wait > slotMaxWait[slot] { slotMaxWait[slot] = wait }
        let age = current - bucket
        for window in 0..<windowBuckets.count where age < Int64(windowBuckets[window]) {
            runningHistogram[window][bin] &+= 1
            runningSamples[window] += 1
        }
    }

    /// Moves the ring from `previous` to `current`: buckets leaving each window are subtracted from
    /// its running total, and the slots reused for new buckets are cleared.
    func advance(from previous: Int64, to current: Int64) {
        guard current > previous else { return }
        if current - previous >= Int64(ringLength) {
            resetAll()
            return
        }
        for bucket in (previous + 1)...current {
            for window in 0..<windowBuckets.count {
                let leaving = bucket - Int64(windowBuckets[window])
                let slot = slot(of: leaving)
                guard leaving >= 0, slotBucket[slot] == leaving else { continue }
                subtract(slot: slot, window: window)
            }
        }
    }

    private func subtract(slot: Int, window: Int) {
        let base = slot * fieldCount
        for field in 0..<fieldCount where counts[base + field] != 0 {
            running[window].values[field] &-= counts[base + field]
        }
        for bin in slotSamples[slot] { runningHistogram[window][Int(bin)] &-= 1 }
        runningSamples[window] -= Int64(slotSamples[slot].count)
    }

    private func claim(slot: Int, bucket: Int64) {
        let base = slot * fieldCount
        for field in 0..<fieldCount { counts[base + field] = 0 }
        slotSamples[slot].removeAll(keepingCapacity: true)
        slotMaxWait[slot] = -1
        slotBucket[slot] = bucket
    }

    private func resetAll() {
        for index in counts.indices { counts[index] = 0 }
        for slot in 0..<ringLength {
            slotBucket[slot] = Int64.min
            slotSamples[slot].removeAll(keepingCapacity: true)
            slotMaxWait[slot] = -1
        }
        for window in 0..<windowBuckets.count {
            running[window] = WindowCounts()
            runningSamples[window] = 0
            for bin in 0..<WaitBins.count { runningHistogram[window][bin] = 0 }
        }
    }

    /// The longest wait recorded in the window's buckets, or nil.
    func maximumWait(window: Int, current: Int64) -> Int64? {
        var best: Int64 = -1
        for age in 0..<Int64(windowBuckets[window]) {
            let bucket = current - age
            guard bucket >= 0 else { break }
            let slot = slot(of: bucket)
            if slotBucket[slot] == bucket, slotMaxWait[slot] > best { best = slotMaxWait[slot] }
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
            if slotBucket[slot] == bucket { values[offset] = counts[slot * fieldCount + field.rawValue] }
        }
        return values
    }

    /// The lifetime-free view of one bucket, for tests and the stress check.
    func bucketCounts(_ bucket: Int64) -> WindowCounts? {
        let slot = slot(of: bucket)
        guard slotBucket[slot] == bucket else { return nil }
        let base = slot * fieldCount
        return WindowCounts(values: Array(counts[base..<(base + fieldCount)]))
    }
}
