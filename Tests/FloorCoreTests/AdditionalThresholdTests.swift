import FloorCore
import FloorTestSupport
import Testing

/// Service level at several thresholds per queue (Connect's custom SL thresholds, Asterisk's
/// SL and SL2), against the definitions computed here from the waits themselves.
@Suite("service level at several thresholds")
struct AdditionalThresholdTests {
    /// Random waits and outcomes in one queue whose main threshold is 20 s and whose additional
    /// ones are 10, 30 and 60 s; every window must give, at each threshold T, the Connect
    /// definition (answered or abandoned within T over every contact that left the queue) and
    /// Asterisk's (answered within T over answered).
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func eachThresholdFollowsTheDefinition(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var script = Script()
        var outcomes: [(wait: Double, reason: EndReason)] = []
        for index in 0..<200 {
            let start = Double(index) * 3
            let wait = Double(random.next() % 90_000) / 1000
            let reason: EndReason = [.completed, .completed, .abandoned, .timedOut][Int(random.next() % 4)]
            let id = "c\(index)"
            script.queued(id, "billing", at: start)
            if reason == .completed {
                script.connected(id, agent: "a\(index % 7)", at: start + wait)
                script.ended(id, at: start + wait + 30)
            } else {
                script.ended(id, reason, at: start + wait)
            }
            outcomes.append((wait, reason))
        }
        let definitions: [ServiceLevelDefinition] = [.connect, .answeredOverAnswered]
        for definition in definitions {
            let engine = FloorEngine.eventClock {
                $0.windows = [.hours(2)]
                var queue = QueueSettings(
                    channel: .voice, serviceLevelThreshold: .seconds(20), serviceLevelDefinition: definition)
                queue.additionalServiceLevelThresholds = [.seconds(60), .seconds(10), .seconds(30)]
                $0.queues["billing"] = queue
            }
            let snapshot = engine.run(script)
            guard let queue = snapshot.queues["billing"] else {
                Issue.record("no queue")
                return
            }
            #expect(queue.goal?.additionalThresholds == [.seconds(10), .seconds(30), .seconds(60)])
            let window = queue.windows[0]
            for (index, threshold) in [10.0, 30, 60].enumerated() {
                let answeredWithin = outcomes.filter { $0.reason == .completed && $0.wait <= threshold }.count
                let abandonedWithin = outcomes.filter { $0.reason == .abandoned && $0.wait <= threshold }.count
                let answered = outcomes.filter { $0.reason == .completed }.count
                let expected =
                    definition == .connect
                    ? Double(answeredWithin + abandonedWithin) / Double(outcomes.count)
                    : Double(answeredWithin) / Double(answered)
                let level = window.serviceLevel(additional: index) ?? -1
                #expect(abs(level - expected) < 1e-12, "\(definition) at \(threshold) s, seed \(seed)")
            }
            // The main threshold is unchanged by the others.
            let main = outcomes.filter { $0.reason == .completed && $0.wait <= 20 }.count
            if definition == .answeredOverAnswered {
                let answered = outcomes.filter { $0.reason == .completed }.count
                #expect(abs((window.serviceLevel ?? -1) - Double(main) / Double(answered)) < 1e-12)
            }
        }
    }

    @Test func aQueueWithoutItsOwnListUsesItsChannels() {
        let engine = FloorEngine.eventClock {
            $0.channelGoals[.voice] = ServiceLevelGoal(
                threshold: .seconds(20), target: 0.8, additionalThresholds: [.seconds(45), .seconds(20), .seconds(5)])
        }
        var script = Script()
        script.queued("c1", "billing", at: 0)
        script.connected("c1", at: 30)
        let snapshot = engine.run(script)
        // The main threshold is not repeated among the additional ones.
        #expect(snapshot.queues["billing"]?.goal?.additionalThresholds == [.seconds(5), .seconds(45)])
        #expect(snapshot.queues["billing"]?.fiveMinutes.serviceLevel(additional: 0) == 0)
        #expect(snapshot.queues["billing"]?.fiveMinutes.serviceLevel(additional: 1) == 1)
        #expect(snapshot.channels[.voice].fiveMinutes.serviceLevel(additional: 1) == 1)
    }
}
