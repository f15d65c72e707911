import FloorTestSupport
import Testing

@testable import FloorCore

/// A checkpoint taken mid-stream and restored into a fresh engine gives an engine that cannot be
/// told apart from the one that never stopped: the same events applied to both from there give
/// the same snapshots (every scope, window, wait percentile, interval, list and source counter).
/// The reference is the uninterrupted engine itself, not the checkpoint code.
@Suite("Engine checkpoints")
struct EngineCheckpointTests {
    static func stream(seed: UInt64) -> [Event] {
        var options = SyntheticStream.Options()
        options.seed = seed
        options.contacts = 3_000
        options.agents = 120
        options.meanInterarrival = 0.7
        options.duplicateProbability = 0.05
        options.lateProbability = 0.05
        return Array(SyntheticStream(options))
    }

    /// `agents`: how each agent is compared (the whole of it unless told).
    static func expectSame(
        _ left: FloorSnapshot, _ right: FloorSnapshot, _ comment: Comment,
        agents: (AgentSnapshot) -> AgentSnapshot = { $0 }
    ) {
        #expect(left.sequence == right.sequence, comment)
        #expect(left.generatedAt == right.generatedAt, comment)
        #expect(left.overall == right.overall, comment)
        for channel in Channel.allCases { #expect(left.channels[channel] == right.channels[channel], comment) }
        #expect(left.queues == right.queues, comment)
        #expect(left.sources == right.sources, comment)
        #expect(left.lifetime == right.lifetime, comment)
        #expect(left.openContacts == right.openContacts, comment)
        #expect(left.knownAgents == right.knownAgents, comment)
        #expect(left.agents.map(agents) == right.agents.map(agents), comment)
        #expect(left.waiting.sorted { $0.id < $1.id } == right.waiting.sorted { $0.id < $1.id }, comment)
        #expect(left.abandoned == right.abandoned, comment)
        #expect(left.intervals.map(\.start) == right.intervals.map(\.start), comment)
        for (a, b) in zip(left.intervals, right.intervals) {
            #expect(a.overall == b.overall && a.queues == b.queues, comment)
        }
    }

    /// A bucket's wait bin beyond the histogram (a crafted file: the CRC only catches accidents)
    /// is refused when read, not indexed out of bounds when restored.
    @Test func aWaitBinBeyondTheHistogramIsRefused() throws {
        var script = Script()
        script.queued("c", at: 0)
        script.connected("c", at: 2)
        let engine = FloorEngine.eventClock()
        engine.apply(script.events, wallNow: Script.origin)
        var checkpoint = engine.checkpoint()
        checkpoint.scopes[0].slotSamples[0] = WaitSamples(bins: [UInt16(WaitBins.count)])
        #expect(throws: (any Error).self) { try EngineCheckpoint(decoding: checkpoint.encoded()) }
    }

    /// A checkpoint taken while the current bucket holds several waits in one histogram bin (the
    /// checkpoint keeps the completed buckets' histograms: the current bucket's samples must be
    /// taken out whole, not one per bin), restored: the same percentiles, now and after more waits.
    @Test func waitsOfTheCurrentBucketSharingABinSurviveACheckpoint() throws {
        var script = Script()
        // Earlier buckets: 40 callers answered after 9 s.
        for index in 0..<40 {
            script.queued("early-\(index)", at: Double(index))
            script.connected("early-\(index)", at: Double(index) + 9)
        }
        // The current bucket (from 60 s): 30 callers answered after 2 s each, so the median is
        // 9 s only if the checkpoint's histogram holds the earlier 40 exactly.
        for index in 0..<30 {
            script.queued("late-\(index)", at: 58 + Double(index) / 10)
            script.connected("late-\(index)", at: 60 + Double(index) / 10)
        }
        let original = FloorEngine.eventClock()
        original.apply(script.events, wallNow: Script.origin)
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: original.checkpoint().encoded()))
        let resumed = restored.makeSnapshot(wallNow: Script.origin)
        Self.expectSame(
            original.makeSnapshot(wallNow: Script.origin), resumed, "restored with the current bucket's waits")
        #expect(resumed.overall.fiveMinutes.waitP50.map { abs($0 - 9_000) <= 9_000 / 64 } == true)
        var more = Script()
        more.queued("next", at: 70)
        more.connected("next", at: 71)
        for engine in [original, restored] { engine.apply(more.events, wallNow: Script.origin) }
        Self.expectSame(
            original.makeSnapshot(wallNow: Script.origin), restored.makeSnapshot(wallNow: Script.origin),
            "after one more wait")
    }

    /// A checkpoint of the previous format (rows without the additional-threshold counters) is
    /// read with those counters at zero: an upgrade keeps the floor.
    @Test func aFormat3CheckpointIsReadAndWidened() throws {
        let events = Self.stream(seed: 5)
        let original = FloorEngine.eventClock()
        _ = original.registerSource(name: "feed", format: .native)
        original.apply(events[..<2_000], wallNow: Script.origin)
        _ = original.makeSnapshot(wallNow: Script.origin)
        var old = original.checkpoint()
        let narrow = { (values: [Int64]) -> [Int64] in
            stride(from: 0, to: values.count, by: WindowField.count).flatMap {
                values[$0..<$0 + WindowField.countInFormat3]
            }
        }
        old.lifetime = narrow(old.lifetime)
        for index in old.scopes.indices {
            old.scopes[index].counts = SparseCounts(narrow(old.scopes[index].counts.dense))
            old.scopes[index].running = narrow(old.scopes[index].running)
            old.scopes[index].ledger.counts = SparseCounts(narrow(old.scopes[index].ledger.counts.dense))
        }
        let bytes = old.encoded(as: 3)
        // Read as the current format, its rows do not fit the engine.
        #expect(throws: (any Error).self) {
            try FloorEngine.eventClock().restore(try EngineCheckpoint(decoding: bytes))
        }
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: bytes, version: 3))
        Self.expectSame(
            original.makeSnapshot(wallNow: Script.origin), restored.makeSnapshot(wallNow: Script.origin),
            "a format 3 checkpoint", agents: Self.withoutMinutes)
    }

    /// A checkpoint of format 4 (before the agents' minutes and slot time) keeps everything else.
    @Test func aFormat4CheckpointKeepsAllButTheAgentsMinutes() throws {
        let events = Self.stream(seed: 6)
        let original = FloorEngine.eventClock()
        _ = original.registerSource(name: "feed", format: .native)
        original.apply(events[..<2_000], wallNow: Script.origin)
        let before = original.makeSnapshot(wallNow: Script.origin)
        #expect(before.agents.contains { $0.windows.contains { $0.figures != .zero } }, "the stream has agent work")
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: original.checkpoint().encoded(as: 4), version: 4))
        Self.expectSame(
            original.makeSnapshot(wallNow: Script.origin), restored.makeSnapshot(wallNow: Script.origin),
            "a format 4 checkpoint", agents: Self.withoutMinutes)
    }

    /// An agent as an engine restored from a format 3 or 4 checkpoint has it: its windows and
    /// last contact unknown, no slot time in its day.
    static func withoutMinutes(_ agent: AgentSnapshot) -> AgentSnapshot {
        var agent = agent
        agent.windows = agent.windows.map { AgentWindow(length: $0.length, figures: .zero) }
        agent.lastContactEnded = nil
        agent.today?.slotBusyMs = 0
        agent.today?.slotCapacityMs = 0
        return agent
    }

    @Test(arguments: [(UInt64(1), 0.3), (2, 0.55), (3, 0.8)])
    func aRestoredEngineContinuesAsTheOneThatNeverStopped(seed: UInt64, cut: Double) throws {
        let events = Self.stream(seed: seed)
        let split = Int(Double(events.count) * cut)
        let original = FloorEngine.eventClock()
        let source = original.registerSource(name: "feed", format: .native)
        #expect(source == SourceID(0), "the stream is attributed to the first source")
        original.apply(events[..<split], wallNow: Script.origin)
        _ = original.makeSnapshot(wallNow: Script.origin)

        let bytes = original.checkpoint().encoded()
        let decoded = try EngineCheckpoint(decoding: bytes)
        #expect(decoded.encoded() == bytes, "decoding and encoding again gives the same bytes")
        let restored = FloorEngine.eventClock()
        try restored.restore(decoded)
        #expect(restored.registerSource(name: "feed", format: .native) == source, "re-registering finds it")
        Self.expectSame(
            original.makeSnapshot(wallNow: Script.origin), restored.makeSnapshot(wallNow: Script.origin),
            "right after the restore")

        var position = split
        while position < events.count {
            let next = min(events.count, position + 500)
            original.apply(events[position..<next], wallNow: Script.origin)
            restored.apply(events[position..<next], wallNow: Script.origin)
            Self.expectSame(
                original.makeSnapshot(wallNow: Script.origin), restored.makeSnapshot(wallNow: Script.origin),
                "after event \(next)")
            position = next
        }
        #expect(original.makeSnapshot(wallNow: Script.origin).lifetime[.offered] > 0)
    }

    /// A damaged payload throws (never crashes, never allocates what a damaged length says).
    @Test func aTruncatedOrDamagedPayloadNeverCrashes() throws {
        let engine = FloorEngine.eventClock()
        engine.registerSource(name: "feed", format: .native)
        engine.apply(Self.stream(seed: 9).prefix(4_000), wallNow: Script.origin)
        let bytes = engine.checkpoint().encoded()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: BinaryReader.Malformed.self) { try EngineCheckpoint(decoding: Array(bytes[..<length])) }
        }
        var random = SplitMix64(seed: 5)
        for _ in 0..<200 {
            var damaged = bytes
            let index = Int(random.next() % UInt64(bytes.count))
            damaged[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            // Either refused or read as some other state; the frame's checksum refuses it first.
            _ = try? EngineCheckpoint(decoding: damaged)
        }
    }

    @Test func aCheckpointIsRestoredOnlyIntoAFreshEngine() throws {
        let engine = FloorEngine.eventClock()
        engine.registerSource(name: "feed", format: .native)
        let checkpoint = engine.checkpoint()
        #expect(throws: FloorEngine.RestoreError.self) { try engine.restore(checkpoint) }
    }
}
