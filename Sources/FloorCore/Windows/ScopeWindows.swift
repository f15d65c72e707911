/// The time-bucket ring of one scope (overall, a channel or a queue) with a running total per
/// window, so reading a window costs O(fields) instead of O(buckets).
///
/// Storage is raw memory owned by this object: the writer touches it several times per event, and
/// arrays would add a uniqueness check (and, in debug builds, an exclusivity check) per access.
///
/// Not thread-safe: owned by the engine, the single writer. Readers see it only through the
/// immutable `FloorSnapshot` the engine publishes.
final class ScopeWindows {
    let ringLength: Int
    /// Buckets per window, shortest window first.
    let windowBuckets: [Int]
    private let windowCount: Int
    private let windowLengths: UnsafeMutablePointer<Int64>
    private let fieldCount = WindowField.count

    /// Ring storage: `slot * fieldCount + field`.
    private let counts: UnsafeMutablePointer<Int64>
    /// The absolute bucket index a slot holds, or `Int64.min` when empty.
    private let slotBucket: UnsafeMutablePointer<Int64>
    private let slotMaxWait: UnsafeMutablePointer<Int64>
    /// Wait-time bin of every sample recorded in a slot, so the running histograms can subtract it.
    @exclusivity(unchecked) private var slotSamples: [[UInt16]]
    /// Running totals: `window * fieldCount + field`.
    private let running: UnsafeMutablePointer<Int64>
    /// Running wait histograms: `window * WaitBins.count + bin`.
    private let histogram: UnsafeMutablePointer<UInt32>
    private let samples: UnsafeMutablePointer<Int64>

    init(ringLength: Int, windowBuckets: [Int]) {
        self.ringLength = ringLength
        self.windowBuckets = windowBuckets
        windowCount = windowBuckets.count
        windowLengths = .allocate(capacity: windowCount)
        for (index, length) in windowBuckets.enumerated() { windowLengths[index] = Int64(length) }
        counts = .allocate(capacity: ringLength * WindowField.count)
        counts.initialize(repeating: 0, count: ringLength * WindowField.count)
        slotBucket = .allocate(capacity: ringLength)
        slotBucket.initialize(repeating: Int64.min, count: ringLength)
        slotMaxWait = .allocate(capacity: ringLength)
        slotMaxWait.initialize(repeating: -1, count: ringLength)
        slotSamples = Array(repeating: [], count: ringLength)
        running = .allocate(capacity: windowCount * WindowField.count)
        running.initialize(repeating: 0, count: windowCount * WindowField.count)
        histogram = .allocate(capacity: windowCount * WaitBins.count)
        histogram.initialize(repeating: 0, count: windowCount * WaitBins.count)
        samples = .allocate(capacity: windowCount)
        samples.initialize(repeating: 0, count: windowCount)
    }

    deinit {
        windowLengths.deallocate()
        counts.deallocate()
        slotBucket.deallocate()
        slotMaxWait.deallocate()
        running.deallocate()
        histogram.deallocate()
        samples.deallocate()
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
        for window in 0..<windowCount where age < windowLengths[window] {
            running[window * fieldCount + field.rawValue] &+= value
        }
    }

    /// Adds the four agent-time figures of one stretch at once (the slot and the windows are
    /// found once, not per field): the occupancy accounting runs on most agent events.
    @inline(__always)
    func addAgentTime(_ values: AgentTimeValues, bucket: Int64, current: Int64) {
        let slot = slot(of: bucket)
        if slotBucket[slot] != bucket { claim(slot: slot, bucket: bucket) }
        let base = slot * fieldCount
        values.add(to: counts + base)
        let age = current - bucket
        for window in 0..<windowCount where age < windowLengths[window] {
            values.add(to: running + window * fieldCount)
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
        for window in 0..<windowCount where age < windowLengths[window] {
            histogram[window * WaitBins.count + bin] &+= 1
            samples[window] += 1
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
            for window in 0..<windowCount {
                let leaving = bucket - windowLengths[window]
                guard leaving >= 0 else { continue }
                let slot = slot(of: leaving)
                guard slotBucket[slot] == leaving else { continue }
                subtract(slot: slot, window: window)
            }
        }
    }

    private func subtract(slot: Int, window: Int) {
        let base = slot * fieldCount
        let total = window * fieldCount
        for field in 0..<fieldCount where counts[base + field] != 0 {
            running[total + field] &-= counts[base + field]
        }
        let bins = window * WaitBins.count
        for bin in slotSamples[slot] { histogram[bins + Int(bin)] &-= 1 }
        samples[window] -= Int64(slotSamples[slot].count)
    }

    private func claim(slot: Int, bucket: Int64) {
        (counts + slot * fieldCount).update(repeating: 0, count: fieldCount)
        slotSamples[slot].removeAll(keepingCapacity: true)
        slotMaxWait[slot] = -1
        slotBucket[slot] = bucket
    }

    private func resetAll() {
        counts.update(repeating: 0, count: ringLength * fieldCount)
        slotBucket.update(repeating: Int64.min, count: ringLength)
        slotMaxWait.update(repeating: -1, count: ringLength)
        for slot in 0..<ringLength { slotSamples[slot].removeAll(keepingCapacity: true) }
        running.update(repeating: 0, count: windowCount * fieldCount)
        histogram.update(repeating: 0, count: windowCount * WaitBins.count)
        samples.update(repeating: 0, count: windowCount)
    }

    /// The window's running totals (a copy).
    func runningCounts(window: Int) -> WindowCounts {
        WindowCounts(values: Array(UnsafeBufferPointer(start: running + window * fieldCount, count: fieldCount)))
    }

    /// The window's wait histogram (a copy) and its number of samples.
    func waitHistogram(window: Int) -> (bins: [UInt32], samples: Int64) {
        (Array(UnsafeBufferPointer(start: histogram + window * WaitBins.count, count: WaitBins.count)), samples[window])
    }

    /// The longest wait recorded in the window's buckets, or nil.
    func maximumWait(window: Int, current: Int64) -> Int64? {
        var best: Int64 = -1
        for age in 0..<windowLengths[window] {
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
