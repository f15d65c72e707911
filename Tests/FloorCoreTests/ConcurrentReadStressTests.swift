import FloorCore
import FloorTestSupport
import Foundation
import Synchronization
import Testing

/// The single writer applies over a million events while reader threads load the published
/// snapshot continuously, as the query server and dashboard do. Run under ThreadSanitizer in CI
/// (`scripts/test.sh`): any data race fails the run. Readers check that every read is one
/// consistent state and that nothing counted ever goes backwards.
@Suite("Stress: lock-free snapshot readers")
struct ConcurrentReadStressTests {
    static let readerCount = 4

    @Test func readersNeverSeeTornOrDecreasingState() throws {
        var options = SyntheticStream.Options()
        options.contacts = 260_000
        options.meanInterarrival = 0.05
        options.seed = 99
        let generation = ContinuousClock.now
        let events = Array(SyntheticStream(options))
        try #require(events.count >= 1_000_000)
        print("stress: generated \(events.count) events in \(ContinuousClock.now - generation)")
        let applying = ContinuousClock.now

        let engine = FloorEngine.eventClock()
        let publisher = SnapshotPublisher(initial: .empty(settings: engine.settings, at: Script.origin))
        let finished = Atomic<Bool>(false)
        let violations = Atomic<Int>(0)
        let reads = Atomic<Int>(0)

        var readers: [Thread] = []
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<Self.readerCount {
            let thread = Thread {
                started.signal()
                var checker = ReadChecker()
                var count = 0
                while !finished.load(ordering: .acquiring) {
                    if !checker.check(publisher.current) { violations.add(1, ordering: .relaxed) }
                    count += 1
                    // Two vCPUs here: a short pause between reads keeps four readers from starving
                    // the writer (and TSan's atomics interception) while still reading thousands
                    // of times a second each.
                    if count % 4 == 0 { usleep(200) }
                }
                if !checker.check(publisher.current) { violations.add(1, ordering: .relaxed) }
                reads.add(count, ordering: .relaxed)
                done.signal()
            }
            readers.append(thread)
            thread.start()
        }
        for _ in 0..<Self.readerCount { started.wait() }

        // The writer: batches as listeners hand them over, a snapshot published after each.
        var index = 0
        while index < events.count {
            let end = min(events.count, index + 2000)
            var batch = Array(events[index..<end])
            engine.apply(draining: &batch, wallNow: Script.origin)
            publisher.publish(engine.makeSnapshot(wallNow: Script.origin))
            index = end
        }
        finished.store(true, ordering: .releasing)
        print("stress: applied in \(ContinuousClock.now - applying)")
        for _ in 0..<Self.readerCount { done.wait() }

        #expect(violations.load(ordering: .relaxed) == 0)
        print("stress: \(reads.load(ordering: .relaxed)) reads by \(Self.readerCount) readers")
        #expect(reads.load(ordering: .relaxed) > Self.readerCount)
        #expect(publisher.current.lifetime[.offered] == Int64(options.contacts))
        #expect(publisher.current.sequence >= UInt64(events.count / 2000))
    }
}

/// What one reader checks on every snapshot it loads.
struct ReadChecker {
    private var previous: FloorSnapshot?
    private let bucketWidth = EngineSettings().bucketWidth

    /// Returns false on any inconsistency.
    mutating func check(_ snapshot: FloorSnapshot) -> Bool {
        defer { previous = snapshot }
        // One state: the overall scope is exactly the sum of the channel scopes.
        for position in snapshot.overall.windows.indices {
            for field in [WindowField.offered, .answered, .abandoned, .timedOut, .handled, .handleMs] {
                let channels = Channel.allCases.reduce(Int64(0)) { $0 + snapshot.channels[$1].windows[position][field] }
                if channels != snapshot.overall.windows[position][field] { return false }
            }
        }
        let lifetime = snapshot.lifetime
        if lifetime[.answered] + lifetime[.abandoned] + lifetime[.timedOut] > lifetime[.offered] { return false }
        guard let previous else { return true }
        if snapshot.sequence < previous.sequence { return false }
        // Lifetime counters never decrease.
        for field in WindowField.allCases where snapshot.lifetime[field] < previous.lifetime[field] { return false }
        // Within one bucket's life the windows do not slide, so no window figure may decrease.
        let sameBucket =
            floorDivide(snapshot.generatedAt.milliseconds, bucketWidth)
            == floorDivide(previous.generatedAt.milliseconds, bucketWidth)
        if sameBucket {
            for position in snapshot.overall.windows.indices {
                let now = snapshot.overall.windows[position].counts
                let before = previous.overall.windows[position].counts
                for field in WindowField.allCases where now[field] < before[field] { return false }
            }
        }
        return true
    }
}
