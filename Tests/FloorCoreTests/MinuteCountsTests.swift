import FloorTestSupport
import Testing

@testable import FloorCore

/// Arrivals per minute are held narrow and shared: a shorter window is the end of the longest
/// window's minutes, and a quiet scope's snapshots keep the minutes the last one published.
@Suite("Minute counts")
struct MinuteCountsTests {
    @Test func aSuffixIsTheLastMinutesOfTheSameStorage() {
        let hour = MinuteCounts((1...60).map(Int64.init))
        let quarter = hour.suffix(minutes: 15)
        #expect(Array(quarter) == Array(46...60).map(Int64.init))
        #expect(quarter.count == 15 && quarter.sharesStorage(with: hour))
        #expect(hour.suffix(minutes: 0).isEmpty && hour.suffix(minutes: 90) == hour)
    }

    @Test func equalityIsByValueWhateverTheStorage() {
        let hour = MinuteCounts((1...60).map(Int64.init))
        let copy = MinuteCounts((1...60).map(Int64.init))
        #expect(hour == copy && !hour.sharesStorage(with: copy))
        #expect(hour.suffix(minutes: 5) == [56, 57, 58, 59, 60])
        #expect(hour.suffix(minutes: 6).suffix(minutes: 5) == hour.suffix(minutes: 5))
        #expect(hour.suffix(minutes: 5) != [57, 58, 59, 60, 61] && hour.suffix(minutes: 5) != [57, 58, 59, 60])
        #expect(hour != MinuteCounts((2...61).map(Int64.init)))
    }

    @Test func aCountBeyondFourBillionIsHeldAtTheMost() {
        let counts: MinuteCounts = [0, 5, Int64(UInt32.max) + 10, -3]
        #expect(Array(counts) == [0, 5, Int64(UInt32.max), 0])
    }

    /// A queue that gains nothing keeps the minutes of the snapshot before; an arrival builds
    /// them again, with the arrival counted in the current minute.
    @Test func aQuietQueueSharesItsMinutesBetweenSnapshots() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.queued("c1", "billing", at: 1)
        script.queued("c2", "faults", at: 2)
        let first = engine.run(script)
        var next = Script()
        next.queued("c3", "faults", at: 3)
        let second = engine.run(next)
        let before = try #require(first.queues["billing"]?.windows.last?.arrivalsPerMinute)
        let after = try #require(second.queues["billing"]?.windows.last?.arrivalsPerMinute)
        #expect(after.sharesStorage(with: before) && after.reduce(0, +) == 1)
        let faultsBefore = try #require(first.queues["faults"]?.windows.last?.arrivalsPerMinute)
        let faultsAfter = try #require(second.queues["faults"]?.windows.last?.arrivalsPerMinute)
        #expect(!faultsAfter.sharesStorage(with: faultsBefore))
        #expect(faultsBefore.reduce(0, +) == 1 && faultsAfter.reduce(0, +) == 2 && faultsAfter.last == 2)
    }
}
