import FloorCore
import FloorTestSupport
import Testing

/// Every windowed metric equals a brute-force recomputation from the full event list, on random
/// streams with duplicates and late deliveries.
@Suite("Windows against a naive reference model")
struct WindowPropertyTests {
    static let occupancyFields: Set<WindowField> = [.onContactMs, .idleMs, .slotBusyMs, .slotCapacityMs]

    @Test(arguments: [
        (UInt64(1), 0.0, 0.0, 1.0),
        (2, 0.05, 0.0, 1.0),
        (3, 0.0, 0.1, 1.0),
        (4, 0.05, 0.1, 0.3),
        (5, 0.1, 0.2, 4.0),
        (6, 0.02, 0.05, 12.0),
    ])
    func windowsMatchTheReference(seed: UInt64, duplicates: Double, late: Double, interarrival: Double) {
        var options = SyntheticStream.Options()
        options.seed = seed
        options.contacts = 3000
        options.duplicateProbability = duplicates
        options.lateProbability = late
        options.meanInterarrival = interarrival
        let events = Array(SyntheticStream(options))
        let engine = FloorEngine.eventClock {
            $0.queues["outage"] = QueueSettings(
                channel: .voice, serviceLevelThreshold: .seconds(30), serviceLevelTarget: 0.9,
                serviceLevelDefinition: .answeredOverAnswered)
        }
        var reference = ReferenceModel(settings: engine.settings)
        // Apply in batches of varied size, as listeners hand them over.
        var index = 0
        var batch = 1
        var checkpoints = 0
        var compared = 0
        while index < events.count {
            let end = min(events.count, index + batch)
            engine.apply(events[index..<end], wallNow: Script.origin)
            for event in events[index..<end] { reference.apply(event) }
            if index / 1500 != end / 1500 {
                let snapshot = engine.makeSnapshot(wallNow: Script.origin)
                compared += compare(snapshot, reference)
                if snapshot.overall.fiveMinutes[.offered] > 0 { checkpoints += 1 }
            }
            index = end
            batch = batch % 97 + 13
        }
        compared += compare(engine.makeSnapshot(wallNow: Script.origin), reference)
        #expect(checkpoints >= 3, "the comparison saw busy windows")
        #expect(compared > 5000)
        #expect(engine.makeSnapshot(wallNow: Script.origin).lifetime[.offered] == Int64(options.contacts))
    }

    /// Other window shapes: a shorter window's arrivals are the end of the longest one's minutes
    /// only when their starts are whole minutes apart (buckets of 45 s: 15 and 45 minutes are;
    /// 150 s windows are not whole minutes at all), and every figure still matches the reference.
    @Test(arguments: [
        (Milliseconds.seconds(45), [Milliseconds.minutes(15), .minutes(45), .minutes(90)]),
        (Milliseconds.seconds(5), [Milliseconds.seconds(150), .minutes(10), .seconds(1_230)]),
    ])
    func windowsOfOtherShapesMatchTheReference(bucket: Milliseconds, lengths: [Milliseconds]) {
        var options = SyntheticStream.Options()
        options.seed = 21
        options.contacts = 2000
        options.meanInterarrival = 2.0
        let events = Array(SyntheticStream(options))
        let engine = FloorEngine(settings: EngineSettings(clock: .event, bucketWidth: bucket, windows: lengths))
        #expect(engine.settings.windows == lengths)
        var reference = ReferenceModel(settings: engine.settings)
        var compared = 0
        for (number, event) in events.enumerated() {
            engine.apply([event], wallNow: Script.origin)
            reference.apply(event)
            if number % 400 == 399 { compared += compare(engine.makeSnapshot(wallNow: Script.origin), reference) }
        }
        compared += compare(engine.makeSnapshot(wallNow: Script.origin), reference)
        #expect(compared > 1000)
    }

    /// A snapshot after every few events, most of them in the bucket of the one before, some late
    /// into completed buckets: the figures a snapshot reuses while a scope is unchanged (arrivals
    /// per minute, wait percentiles) must never be the previous snapshot's when the scope changed.
    @Test(arguments: [UInt64(11), 12])
    func figuresReusedBetweenSnapshotsFollowEveryChange(seed: UInt64) {
        var options = SyntheticStream.Options()
        options.seed = seed
        options.contacts = 400
        options.lateProbability = 0.1
        options.meanInterarrival = 0.2
        let events = Array(SyntheticStream(options))
        let engine = FloorEngine.eventClock()
        var reference = ReferenceModel(settings: engine.settings)
        var index = 0
        var compared = 0
        while index < events.count {
            let end = min(events.count, index + 7)
            engine.apply(events[index..<end], wallNow: Script.origin)
            for event in events[index..<end] { reference.apply(event) }
            compared += compare(engine.makeSnapshot(wallNow: Script.origin), reference, whole: false)
            index = end
        }
        #expect(compared > 10_000)
    }

    /// Compares every scope and window of `snapshot` with the reference; returns how many figures.
    /// `whole`: every queue must be there yet, and the completed quarter hours are compared too
    /// (they may be a minute behind late events by design, so not after every few events).
    func compare(_ snapshot: FloorSnapshot, _ reference: ReferenceModel, whole: Bool = true) -> Int {
        var scopes: [(String, ScopeSnapshot, (Channel, String) -> Bool)] = [
            ("overall", snapshot.overall, { _, _ in true })
        ]
        for channel in Channel.allCases {
            scopes.append((channel.name, snapshot.channels[channel], { candidate, _ in candidate == channel }))
        }
        for (name, _) in SyntheticStream.queues {
            guard let scope = snapshot.queues[name] else {
                if whole { Issue.record("queue \(name) missing") }
                continue
            }
            scopes.append((name, scope, { _, queue in queue == name }))
        }
        var compared = 0
        // Completed quarter hours (the day view) against the same brute force.
        for interval in snapshot.intervals where whole {
            var parts: [(String, WindowCounts?, (Channel, String) -> Bool)] = [
                ("overall", interval.overall, { _, _ in true })
            ]
            for channel in Channel.allCases {
                parts.append((channel.name, interval.channels[channel], { candidate, _ in candidate == channel }))
            }
            for (name, _) in SyntheticStream.queues {
                parts.append((name, interval.queues[name], { _, queue in queue == name }))
            }
            for (name, counts, matches) in parts {
                let expected = reference.intervalCounts(start: interval.start, matching: matches)
                for field in WindowField.allCases where !Self.occupancyFields.contains(field) {
                    #expect((counts?[field] ?? 0) == expected[field], "interval \(interval.start) \(name) \(field)")
                    compared += 1
                }
            }
        }
        for (name, scope, matches) in scopes {
            for window in scope.windows {
                let expected = reference.counts(length: window.length, matching: matches)
                for field in WindowField.allCases where !Self.occupancyFields.contains(field) {
                    #expect(window[field] == expected[field], "\(name) \(window.label) \(field)")
                    compared += 1
                }
                let waits = reference.waits(length: window.length, matching: matches)
                #expect(window.waitMax == waits.last, "\(name) \(window.label) max wait")
                for (quantile, reported) in [(0.5, window.waitP50), (0.9, window.waitP90), (0.99, window.waitP99)] {
                    guard let exact = Self.nearestRank(waits, quantile) else {
                        #expect(reported == nil)
                        continue
                    }
                    guard let reported else {
                        Issue.record("\(name) \(window.label) p\(quantile) missing")
                        continue
                    }
                    // Log-linear bins: within 1/128 of the value, plus rounding.
                    #expect(abs(reported - exact) <= max(1, exact / 64), "\(name) \(window.label) p\(quantile)")
                }
                #expect(
                    Array(window.arrivalsPerMinute)
                        == reference.arrivalsPerMinute(length: window.length, matching: matches),
                    "\(name) \(window.label) arrivals")
            }
        }
        return compared
    }

    static func nearestRank(_ sorted: [Int64], _ quantile: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((quantile * Double(sorted.count)).rounded(.up)))
        return sorted[rank - 1]
    }
}
