/// When the engine loop publishes a snapshot after new events: as soon as the reads in hand are
/// applied, but at most once per `minimumGap` (250 µs) and never so often that building snapshots takes
/// more than `1 / (1 + costFactor)` of the loop's CPU (a snapshot that took 300 µs to build waits
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

    /// A snapshot was published at `end` (monotonic nanoseconds); building it took `cost` of the
    /// engine thread's CPU. CPU, not wall time: on a core shared with other processes a build
    /// preempted for 5 ms would otherwise hold the next publication back 20 ms.
    mutating func published(at end: UInt64, cost: UInt64) {
        scheduled = false
        lastPublishedAt = end
        lastCost = cost
    }
}
