import Testing

@testable import FloorCore

/// A scope's memory follows its last hour: a quiet queue holds the buckets it had something in,
/// and a queue that falls quiet lets go of its busy hour (rows, samples, histograms, running
/// totals) once it has left the ring, its figures kept in the day's quarter hours. Expected figures are counted from the script.
@Suite("A scope's memory follows what it holds")
struct ScopeWindowsMemoryTests {
    /// Five, fifteen and sixty minutes of ten-second buckets, as the engine's defaults.
    static func scope() -> ScopeWindows {
        ScopeWindows(ringLength: 360, windowBuckets: [30, 90, 360], bucketWidth: .seconds(10))
    }

    static func position(_ bucket: Int64) -> BucketPosition {
        let interval = IntervalLedger.interval(of: bucket, bucketWidth: .seconds(10))
        return BucketPosition(
            bucket: bucket, slot: ScopeWindows.slot(of: bucket, ringLength: 360), interval: interval,
            ledgerSlot: IntervalLedger.slot(of: interval))
    }

    /// 2026-11-25 09:00 UTC in buckets of ten seconds: a quarter hour's start.
    static let start: Int64 = 179_559_720

    @Test func aQuietQueueHoldsOnlyTheBucketsItHadSomethingIn() {
        let scope = Self.scope()
        scope.advance(to: Self.start)
        #expect(scope.held == (0, 0, 0, false))
        scope.add(.offered, 1, at: Self.position(Self.start))
        #expect(scope.held == (1, 0, 0, false))
        scope.advance(to: Self.start + 5)
        scope.add(.answered, 1, at: Self.position(Self.start + 5))
        scope.addWait(12_000, at: Self.position(Self.start + 5))
        // Two rows; one page of wait samples; the sample's group in each of the three windows;
        // the first bucket's arrival in the running totals.
        #expect(scope.held == (2, 1, 3, true))
        #expect(scope.runningCounts(window: 0)[.offered] == 1)
        #expect(
            scope.waitQuantiles(window: 2, [0.5], maximum: 12_000) == [
                WaitBins.representative(of: WaitBins.index(of: 12_000))
            ])
    }

    /// A busy hour (every bucket written, a wait in each), then an hour of silence one bucket at
    /// a time: every row, page and group is let go as its bucket leaves the ring; the day's
    /// quarter hours still hold every arrival.
    @Test(arguments: [1, 7, 360, 1000], [true, false])
    func aQueueThatFallsQuietLetsGoOfItsBusyHour(step: Int, withWaits: Bool) {
        let scope = Self.scope()
        scope.advance(to: Self.start)
        for offset in Int64(0)..<360 {
            scope.advance(to: Self.start + offset)
            scope.add(.offered, 2, at: Self.position(Self.start + offset))
            if withWaits { scope.addWait(offset * 1_000, at: Self.position(Self.start + offset)) }
        }
        #expect(scope.held.rows == 360)
        #expect(scope.held.waitPages == (withWaits ? 12 : 0))
        #expect(scope.runningCounts(window: 2)[.offered] == 720)
        var bucket = Self.start + 359
        while bucket < Self.start + 359 + 360 {
            bucket += Int64(step)
            scope.advance(to: bucket)
        }
        #expect(scope.held == (0, 0, 0, false))
        #expect(scope.runningCounts(window: 2)[.offered] == 0)
        #expect(scope.waitQuantiles(window: 2, [0.5], maximum: 0) == [nil])
        // The busy hour is four quarter hours of 90 buckets, two arrivals each.
        let quarters = (0..<4).map {
            scope.intervalCounts(IntervalLedger.interval(of: Self.start, bucketWidth: .seconds(10)) + Int64($0))?[
                .offered]
        }
        #expect(quarters == [180, 180, 180, 180])
        // Written again, it starts from nothing.
        scope.add(.offered, 1, at: Self.position(bucket))
        #expect(scope.held == (1, 0, 0, false))
        #expect(scope.runningCounts(window: 0)[.offered] == 1)
    }
}
