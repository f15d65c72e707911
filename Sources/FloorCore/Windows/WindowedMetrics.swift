/// Every scope's windows on one shared bucket clock: scope 0 is overall, 1…4 the channels,
/// then one per queue in the order queues were first seen.
///
/// Not thread-safe: owned by the engine (single writer).
final class WindowedMetrics {
    let bucketWidth: Milliseconds
    let windows: [Milliseconds]
    let ringLength: Int
    private(set) var currentBucket: Int64?
    private(set) var scopes: [ScopeWindows] = []
    /// Quarter-hour totals per scope, same numbering as `scopes`.
    private(set) var ledgers: [IntervalLedger] = []

    static let firstQueueScope = 1 + Channel.allCases.count

    init(settings: EngineSettings) {
        bucketWidth = settings.bucketWidth
        windows = settings.windows
        let buckets = settings.windows.map { Int($0 / settings.bucketWidth) }
        ringLength = buckets.max() ?? 1
        for _ in 0..<Self.firstQueueScope {
            scopes.append(Self.makeScope(ringLength, buckets))
            ledgers.append(IntervalLedger())
        }
    }

    private static func makeScope(_ ringLength: Int, _ buckets: [Int]) -> ScopeWindows {
        ScopeWindows(ringLength: ringLength, windowBuckets: buckets)
    }

    func bucketIndex(of time: EventTime) -> Int64 { floorDivide(time.milliseconds, bucketWidth) }

    func bucketStart(_ bucket: Int64) -> EventTime { EventTime(milliseconds: bucket * bucketWidth) }

    /// Adds a scope for queue number `queue` (queues are numbered densely from 0).
    func ensureQueueScope(_ queue: Int) {
        while scopes.count <= Self.firstQueueScope + queue {
            scopes.append(Self.makeScope(ringLength, scopes[0].windowBuckets))
            ledgers.append(IntervalLedger())
        }
    }

    /// Moves every scope's clock to `now`. Time never goes back.
    func advance(to now: EventTime) {
        let target = bucketIndex(of: now)
        guard let current = currentBucket else {
            currentBucket = target
            return
        }
        guard target > current else { return }
        for scope in scopes { scope.advance(from: current, to: target) }
        currentBucket = target
    }

    /// The bucket an event at `time` belongs to, or nil when it is older than the longest window.
    /// Times after the current bucket are the caller's to clamp.
    func bucket(for time: EventTime) -> Int64? {
        guard let current = currentBucket else { return nil }
        let bucket = min(bucketIndex(of: time), current)
        return current - bucket < Int64(ringLength) ? bucket : nil
    }

    /// The quarter hour a bucket falls in.
    @inline(__always)
    func interval(of bucket: Int64) -> Int64 { floorDivide(bucket * bucketWidth, IntervalLedger.width) }

    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, bucket: Int64, channel: Channel, queue: Int?) {
        guard let current = currentBucket else { return }
        let interval = interval(of: bucket)
        scopes[0].add(field, value, bucket: bucket, current: current)
        ledgers[0].add(field, value, interval: interval)
        let channelScope = 1 + Int(channel.rawValue)
        scopes[channelScope].add(field, value, bucket: bucket, current: current)
        ledgers[channelScope].add(field, value, interval: interval)
        if let queue {
            scopes[Self.firstQueueScope + queue].add(field, value, bucket: bucket, current: current)
            ledgers[Self.firstQueueScope + queue].add(field, value, interval: interval)
        }
    }

    /// Adds to an explicit list of scopes (agent time: an agent serves several channels and queues).
    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, bucket: Int64, scope: Int) {
        guard let current = currentBucket else { return }
        scopes[scope].add(field, value, bucket: bucket, current: current)
        ledgers[scope].add(field, value, interval: interval(of: bucket))
    }

    func addWait(_ wait: Milliseconds, bucket: Int64, channel: Channel, queue: Int?) {
        guard let current = currentBucket else { return }
        scopes[0].addWait(wait, bucket: bucket, current: current)
        scopes[1 + Int(channel.rawValue)].addWait(wait, bucket: bucket, current: current)
        if let queue { scopes[Self.firstQueueScope + queue].addWait(wait, bucket: bucket, current: current) }
    }
}
