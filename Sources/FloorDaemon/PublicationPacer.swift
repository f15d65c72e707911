/// When the engine loop publishes a snapshot after new events: as soon as the reads in hand are
/// applied, but at most once per `minimumGap` (250 µs) and never so often that building snapshots takes
/// more than `1 / (1 + costFactor)` of the loop (a snapshot that took 300 µs to build waits
/// 1.2 ms before the next): fresh within a millisecond on a small floor, and the decode + apply
/// rate kept on a large one. The periodic tick publishes too (alerts and recommendations run
/// there); both count as the last publication.
///
/// Value type; owned by the engine loop.
struct PublicationPacer {
    var minimumGap: UInt64 = 250_000
    var costFactor: UInt64 = 4
    /// A publication is already scheduled: later reads ride on it.
    private(set) var scheduled = false
    private var lastPublishedAt: UInt64 = 0
    private var lastCost: UInt64 = 0

    /// Called after a read's events were applied at `now` (monotonic nanoseconds): the delay to
    /// publish after (0: right after this loop iteration's reads), or nil when one is scheduled.
    mutating func changed(at now: UInt64) -> UInt64? {
        guard !scheduled else { return nil }
        scheduled = true
        let earliest = lastPublishedAt + max(minimumGap, costFactor * lastCost)
        return now >= earliest ? 0 : earliest - now
    }

    /// A snapshot was built from `start` to `end` and published.
    mutating func published(from start: UInt64, to end: UInt64) {
        scheduled = false
        lastPublishedAt = end
        lastCost = end &- start
    }
}
