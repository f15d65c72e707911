import FloorTestSupport
import Testing

@testable import FloorCore

/// A bucket's wait samples, listed or counted, against a naive multiset of bins; and a bucket of
/// a flood through a checkpoint in both formats.
@Suite("A bucket's wait samples")
struct WaitSamplesTests {
    @Test(arguments: 1...20)
    func listedOrCountedTheyAgreeWithAMultiset(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var samples = WaitSamples()
        var naive: [Int: UInt32] = [:]
        var total = 0
        // Up to three times the list's limit: the switch to counts happens in most runs.
        for _ in 0..<Int(random.next() % UInt64(WaitSamples.listLimit * 3)) {
            let bin = Int(random.next() % 40) * 7
            if random.next() % 5 == 0 {
                let removed = samples.remove(bin)
                #expect(removed == ((naive[bin] ?? 0) > 0))
                if removed {
                    naive[bin]! -= 1
                    total -= 1
                }
            } else {
                samples.append(bin)
                naive[bin, default: 0] += 1
                total += 1
            }
        }
        var seen: [Int: UInt32] = [:]
        samples.forEachBin { bin, count in seen[bin, default: 0] += count }
        #expect(seen.filter { $0.value > 0 } == naive.filter { $0.value > 0 })
        #expect(samples.count == total)
        let fromList = WaitSamples(bins: samples.expandedBins)
        var again: [Int: UInt32] = [:]
        fromList.forEachBin { bin, count in again[bin, default: 0] += count }
        #expect(again == seen)
        samples.removeAll()
        #expect(samples.isEmpty && !samples.isCounted)
    }

    /// A flood's bucket: counted in memory, written as counts (format 7) or as a list (format 6),
    /// and read back to the same wait percentiles.
    @Test func aFloodsBucketSurvivesACheckpointInEitherFormat() throws {
        let engine = FloorEngine.eventClock()
        var script = Script()
        for caller in 0..<(WaitSamples.listLimit + 500) {
            // All within one second: one bucket, waits of 0 to 0.8 s.
            let at = Double(caller) / 100_000
            script.queued("c\(caller)", at: at)
            script.connected("c\(caller)", agent: "a\(caller % 50)", at: at + Double(caller % 9) / 10)
        }
        engine.apply(script.events, wallNow: Script.at(20))
        let before = engine.makeSnapshot(wallNow: Script.at(20))
        let checkpoint = engine.checkpoint()
        #expect(checkpoint.scopes.contains { $0.slotSamples.values.contains(where: \.isCounted) })
        for version in [EngineCheckpoint.formatVersion, 6] {
            let restored = FloorEngine.eventClock()
            try restored.restore(try EngineCheckpoint(decoding: checkpoint.encoded(as: version), version: version))
            let after = restored.makeSnapshot(wallNow: Script.at(20))
            let windows = before.channels.voice.windows
            for (original, read) in zip(windows, after.channels.voice.windows) {
                #expect(original.waitP50 == read.waitP50 && original.waitP90 == read.waitP90)
                #expect(original.waitP99 == read.waitP99 && original.counts == read.counts)
            }
        }
    }
}
