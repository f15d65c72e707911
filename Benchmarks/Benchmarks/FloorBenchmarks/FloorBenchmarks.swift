import Benchmark
import FloorCore
import FloorProtocol
import FloorQueryAPI
import FloorStaffing
import FloorTestSupport

// `cd Benchmarks && swift package benchmark` runs these; `rates` (Sources/rates) gives the plain
// events/s figures quoted in docs/performance.md.

private func makeLines(contacts: Int) -> [[UInt8]] {
    var options = SyntheticStream.Options()
    options.contacts = contacts
    options.meanInterarrival = 0.05
    return SyntheticStream(options).map { Array(NativeEncoder.encode($0).utf8) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal], scalingFactor: .kilo,
        maxDuration: .seconds(5))

    let lines = makeLines(contacts: 2_000)
    let decoder = NativeDecoder()
    let events = lines.compactMap { try? decoder.decode($0) }
    /// An engine that has applied every event: the floor the read-side benchmarks work on.
    func loadedEngine() -> FloorEngine {
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        engine.apply(events, wallNow: Script.origin)
        return engine
    }

    Benchmark("decode native line") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(try? decoder.decode(lines[index % lines.count]))
        }
    }

    Benchmark("decode + apply (fresh engine per 8k events)") { benchmark in
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            if let event = try? decoder.decode(lines[index % lines.count]) {
                engine.apply(CollectionOfOne(event), wallNow: Script.origin)
            }
        }
    }

    Benchmark("apply batch of 512") { benchmark in
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let start = (index * 512) % max(1, events.count - 512)
            engine.apply(events[start..<(start + 512)], wallNow: Script.origin)
        }
    }

    Benchmark("snapshot load by a reader") { benchmark in
        let publisher = SnapshotPublisher(initial: loadedEngine().makeSnapshot(wallNow: Script.origin))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(publisher.current.overall.windows[0][.offered])
        }
    }

    Benchmark("render snapshot JSON (4 queues, 250 agents)") { benchmark in
        let snapshot = loadedEngine().makeSnapshot(wallNow: Script.origin)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(SnapshotDocument(snapshot).json)
        }
    }

    // The recommender runs on the engine's loop every 30 s (RecommenderSettings.interval).
    Benchmark("recommender evaluation (4 queues, 250 agents)") { benchmark in
        let snapshot = loadedEngine().makeSnapshot(wallNow: Script.origin)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var recommender = CapacityRecommender()
            blackHole(recommender.evaluate(snapshot, now: snapshot.generatedAt))
        }
    }

    // A voice surge: every agent busy and 5,000 callers waiting, where the next caller's outlook
    // is evaluated for many staffing levels (each costs O(callers waiting)).
    Benchmark("recommender evaluation (5,000 callers waiting, 60 agents busy)") { benchmark in
        var script = Script()
        let voiceOnly = RoutingProfile(slots: PerChannel { $0 == .voice ? 1 : 0 })
        for index in 0..<60 {
            script.agent("a\(index)", .login(name: nil, team: nil), at: 0)
            script.agent("a\(index)", .profile(voiceOnly), at: 0)
            script.agent("a\(index)", .status(.available), at: 0)
            script.queued("busy-\(index)", at: 1)
            script.connected("busy-\(index)", agent: "a\(index)", at: 2)
        }
        for index in 0..<5_000 { script.queued("waiting-\(index)", at: 3 + Double(index) * 0.1) }
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        precondition(snapshot.channels[.voice].inQueue == 5_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var recommender = CapacityRecommender()
            blackHole(recommender.evaluate(snapshot, now: snapshot.generatedAt))
        }
    }

    Benchmark("build snapshot (4 queues, 250 agents)") { benchmark in
        let engine = loadedEngine()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(engine.makeSnapshot(wallNow: Script.origin))
        }
    }
}
