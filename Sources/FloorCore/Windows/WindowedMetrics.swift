/// Every scope's windows on one shared bucket clock: scope 0 is overall, 1…4 the channels,
/// then one per queue in the order queues were first seen.
///
/// Not thread-safe: owned by the engine (single writer).
final class WindowedMetrics {
    let bucketWidth: Milliseconds
    let windows: [Milliseconds]
    let ringLength: Int
    @exclusivity(unchecked) private(set) var currentBucket: Int64?
    /// The first millisecond of the current bucket (`Int64.max` before the clock starts, so no
    /// time is taken for the current bucket then).
    @exclusivity(unchecked) private var currentStart = Int64.max
    /// Where the current bucket lives (most events land in it).
    @exclusivity(unchecked) private var currentPosition = BucketPosition(
        bucket: Int64.min, slot: 0, interval: 0, ledgerSlot: 0)
    private(set) var scopes: [ScopeWindows] = []
    /// The same objects, unretained, for the apply path: an event adds to several scopes, and
    /// reading a class reference out of an array retains and releases it each time. `scopes`
    /// owns them for as long as this object lives.
    private var hot: UnsafeMutablePointer<HotScope>
    private var hotCapacity: Int
    private let windowBuckets: [Int]

    private struct HotScope {
        let scope: Unmanaged<ScopeWindows>
        /// The scope's row for the current bucket: an event in the current bucket (almost all of
        /// them) adds to it directly, without reaching the scope's object and checking its slot
        /// (those were cache misses per scope per event). Refreshed whenever the clock moves.
        var currentRow: UnsafeMutablePointer<Int64>?
        /// Arrivals added to `currentRow` directly (the scope's `arrivalsVersion` counts the rest).
        var currentRowArrivals: UInt64 = 0
    }

    static let firstQueueScope = 1 + Channel.allCases.count

    init(settings: EngineSettings) {
        bucketWidth = settings.bucketWidth
        windows = settings.windows
        windowBuckets = settings.windows.map { Int($0 / settings.bucketWidth) }
        ringLength = windowBuckets.max() ?? 1
        hotCapacity = 64
        hot = .allocate(capacity: hotCapacity)
        for _ in 0..<Self.firstQueueScope { appendScope(makeScope()) }
    }

    deinit { hot.deallocate() }

    private func appendScope(_ scope: ScopeWindows) {
        if scopes.count == hotCapacity {
            let grown = UnsafeMutablePointer<HotScope>.allocate(capacity: hotCapacity * 2)
            grown.moveInitialize(from: hot, count: scopes.count)
            hot.deallocate()
            hot = grown
            hotCapacity *= 2
        }
        (hot + scopes.count).initialize(
            to: HotScope(scope: .passUnretained(scope), currentRow: Self.eagerRow(scopes.count, scope)))
        scopes.append(scope)
    }

    /// The overall and channel scopes take every event: their current row is claimed as the
    /// clock moves. A queue's is claimed by its first write in the bucket (`currentRow(_:)`), so
    /// a quiet queue allocates no row for buckets it had nothing in.
    private static func eagerRow(_ index: Int, _ scope: ScopeWindows) -> UnsafeMutablePointer<Int64>? {
        index < firstQueueScope ? scope.currentRow() : nil
    }

    /// A scope's row for the current bucket, claimed on first use.
    @inline(__always)
    private func currentRow(_ index: Int) -> UnsafeMutablePointer<Int64> {
        if let row = hot[index].currentRow { return row }
        let row = hot[index].scope._withUnsafeGuaranteedRef { $0.currentRow() }.unsafelyUnwrapped
        hot[index].currentRow = row
        return row
    }

    private func makeScope() -> ScopeWindows {
        ScopeWindows(ringLength: ringLength, windowBuckets: windowBuckets, bucketWidth: bucketWidth)
    }

    func bucketIndex(of time: EventTime) -> Int64 { floorDivide(time.milliseconds, bucketWidth) }

    func bucketStart(_ bucket: Int64) -> EventTime { EventTime(milliseconds: bucket * bucketWidth) }

    /// Every scope's state, copied (a checkpoint).
    func capture() -> [ScopeWindowsState] { scopes.map { $0.capture() } }

    /// Takes back captured scopes (overall, channels, then each queue) and the clock they were on.
    func restore(_ states: [ScopeWindowsState], currentBucket bucket: Int64?) throws(ScopeWindowsState.Mismatch) {
        guard states.count >= Self.firstQueueScope else { throw ScopeWindowsState.Mismatch() }
        while scopes.count < states.count { appendScope(makeScope()) }
        for (index, state) in states.enumerated() {
            try scopes[index].restore(state)
            hot[index].currentRow = Self.eagerRow(index, scopes[index])
        }
        currentBucket = bucket
        if let bucket {
            currentStart = bucket * bucketWidth
            currentPosition = computePosition(of: bucket)
        }
    }

    /// Changes whenever scope `index` gains an arrival: what a snapshot keys the per-minute
    /// arrivals it reuses on.
    func arrivalsVersion(scope index: Int) -> UInt64 {
        precondition(index < scopes.count)
        return hot[index].currentRowArrivals &+ scopes[index].arrivalsVersion
    }

    /// Adds a scope for queue number `queue` (queues are numbered densely from 0).
    func ensureQueueScope(_ queue: Int) {
        while scopes.count <= Self.firstQueueScope + queue {
            let scope = makeScope()
            if let currentBucket { scope.advance(to: currentBucket) }
            appendScope(scope)
        }
    }

    /// Moves every scope's clock to `now`. Time never goes back.
    @inline(__always)
    func advance(to now: EventTime) {
        // Most events fall in the current bucket: no division (an idiv per event, twice, was
        // visible in the apply path's profile).
        if now.milliseconds >= currentStart, now.milliseconds < currentStart &+ bucketWidth { return }
        moveClock(to: now)
    }

    private func moveClock(to now: EventTime) {
        let target = bucketIndex(of: now)
        if let current = currentBucket, target <= current { return }
        for (index, scope) in scopes.enumerated() {
            scope.advance(to: target)
            hot[index].currentRow = Self.eagerRow(index, scope)
        }
        currentBucket = target
        currentStart = target * bucketWidth
        currentPosition = computePosition(of: target)
    }

    /// The bucket an event at `time` belongs to, or nil when it is older than the longest window.
    /// Times after the current bucket are the caller's to clamp.
    @inline(__always)
    func bucket(for time: EventTime) -> Int64? {
        guard let current = currentBucket else { return nil }
        // Times in or after the current bucket are in it (clamped): no division.
        if time.milliseconds >= currentStart { return current }
        let bucket = min(bucketIndex(of: time), current)
        return current - bucket < Int64(ringLength) ? bucket : nil
    }

    /// The bucket of a time older than the windows but still in the day's intervals (26 hours):
    /// writes to it reach the interval ledger only. Nil when older than that.
    func ledgerBucket(for time: EventTime) -> Int64? {
        guard let current = currentBucket else { return nil }
        let bucket = bucketIndex(of: time)
        let ledgerBuckets = Int64(IntervalLedger.slots - 1) * (IntervalLedger.width / bucketWidth)
        return current - bucket < ledgerBuckets ? bucket : nil
    }

    /// A scope's totals for a quarter hour, or nil when nothing was recorded in it.
    func intervalCounts(scope: Int, interval: Int64) -> WindowCounts? { scopes[scope].intervalCounts(interval) }

    private func computePosition(of bucket: Int64) -> BucketPosition {
        let interval = IntervalLedger.interval(of: bucket, bucketWidth: bucketWidth)
        return BucketPosition(
            bucket: bucket, slot: ScopeWindows.slot(of: bucket, ringLength: ringLength), interval: interval,
            ledgerSlot: IntervalLedger.slot(of: interval))
    }

    /// Where `bucket` lives; nil before the clock has started.
    @inline(__always)
    func position(of bucket: Int64) -> BucketPosition? {
        guard currentBucket != nil else { return nil }
        return bucket == currentPosition.bucket ? currentPosition : computePosition(of: bucket)
    }

    @inline(__always)
    private func add(_ field: WindowField, _ value: Int64, at position: BucketPosition, scope: Int) {
        precondition(scope < scopes.count)
        hot[scope].scope._withUnsafeGuaranteedRef { $0.add(field, value, at: position) }
    }

    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, bucket: Int64, channel: Channel, queue: Int?) {
        if bucket == currentPosition.bucket {
            // The current bucket: only its row changes (no running total holds it yet).
            hot[0].currentRow.unsafelyUnwrapped[field.rawValue] &+= value
            hot[1 + Int(channel.rawValue)].currentRow.unsafelyUnwrapped[field.rawValue] &+= value
            if let queue {
                precondition(Self.firstQueueScope + queue < scopes.count)
                currentRow(Self.firstQueueScope + queue)[field.rawValue] &+= value
            }
            // Only arrivals key the snapshot's reused per-minute figures (the field is a constant
            // at almost every call site, so the test folds away).
            if field == .offered {
                hot[0].currentRowArrivals &+= 1
                hot[1 + Int(channel.rawValue)].currentRowArrivals &+= 1
                if let queue { hot[Self.firstQueueScope + queue].currentRowArrivals &+= 1 }
            }
            return
        }
        guard let position = position(of: bucket) else { return }
        add(field, value, at: position, scope: 0)
        add(field, value, at: position, scope: 1 + Int(channel.rawValue))
        if let queue { add(field, value, at: position, scope: Self.firstQueueScope + queue) }
    }

    /// Adds to an explicit list of scopes (agent time: an agent serves several channels and queues).
    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, bucket: Int64, scope: Int) {
        guard let position = position(of: bucket) else { return }
        add(field, value, at: position, scope: scope)
    }

    /// Agent time of one stretch to one scope (an agent serves several channels and queues).
    @inline(__always)
    func addAgentTime(_ values: AgentTimeValues, at position: BucketPosition, scope: Int) {
        precondition(scope < scopes.count)
        if position.bucket == currentPosition.bucket {
            values.add(to: currentRow(scope))
            return
        }
        hot[scope].scope._withUnsafeGuaranteedRef { $0.addAgentTime(values, at: position) }
    }

    /// A wait sample in the scopes chosen (a queue leg in its queue, the customer's whole wait on
    /// the floor); `count` -1 takes back a sample added before.
    func addWait(_ wait: Milliseconds, bucket: Int64, scopes: [Int], count: Int = 1) {
        guard let position = position(of: bucket) else { return }
        for scope in scopes {
            precondition(scope < self.scopes.count)
            hot[scope].scope._withUnsafeGuaranteedRef {
                if count > 0 { $0.addWait(wait, at: position) } else { $0.removeWait(wait, at: position) }
            }
        }
    }

    func addWait(_ wait: Milliseconds, bucket: Int64, channel: Channel, queue: Int?) {
        guard let position = position(of: bucket) else { return }
        func addWait(scope: Int) {
            precondition(scope < scopes.count)
            hot[scope].scope._withUnsafeGuaranteedRef { $0.addWait(wait, at: position) }
        }
        addWait(scope: 0)
        addWait(scope: 1 + Int(channel.rawValue))
        if let queue { addWait(scope: Self.firstQueueScope + queue) }
    }
}
