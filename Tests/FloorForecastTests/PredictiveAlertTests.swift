import FloorCore
import FloorForecast
import Testing

/// The predictive alert end to end against a simulated queue (SimulatedQueue, an independent
/// discrete-event M/M/N+M), and its hysteresis on made-up predictions.
@Suite struct PredictiveAlertTests {
    /// What the daemon does each minute for one queue: learn the minute, forecast, project,
    /// predict, evaluate the alert. The queue itself is simulated.
    struct MonitoredQueue {
        var queue: SimulatedQueue
        let objective = ServiceLevelObjective(thresholdSeconds: 20, target: 0.8)
        var forecaster: ArrivalForecaster
        var serviceTimes = ServiceTimeEstimate(priorHandleTime: 180, priorPatience: 180)
        var alert = PredictiveAlertState(policy: PredictiveAlertPolicy(leadMinutes: 15))
        var history: [MinuteObservation] = []
        var minute: Int64 = 29_000_000

        init(agents: Int, seed: UInt64, parameters: ArrivalForecaster.Parameters = .init()) {
            forecaster = ArrivalForecaster(parameters: parameters)
            queue = SimulatedQueue(agents: agents, handleTime: 180, patience: 120, threshold: 20, seed: seed)
        }

        /// The simulated trailing 15-minute service level (answered within 20 s over offered).
        var simulatedServiceLevel: Double? {
            let window = history.suffix(15)
            let offered = window.map(\.arrivals).reduce(0, +)
            guard offered > 0 else { return nil }
            return Double(window.map(\.answeredWithinThreshold).reduce(0, +)) / Double(offered)
        }

        mutating func runMinute(arrivalsPerMinute: Double) -> (PredictiveAlertTransition?, BreachPrediction?) {
            let observation = queue.runMinute(arrivalsPerMinute: arrivalsPerMinute)
            minute += 1
            history.append(observation)
            forecaster.observe(minute: minute, arrivals: Double(observation.arrivals), profileRate: nil)
            serviceTimes.observe(minute: minute, observation)
            guard forecaster.isWarm else { return (nil, nil) }
            let prediction = BreachPrediction(
                now: QueueConditions(
                    waiting: Double(queue.queueLength), oldestWaitSeconds: queue.oldestWait, agents: queue.agents,
                    handleTime: serviceTimes.handleTime, patience: serviceTimes.patience),
                objective: objective,
                forecast: forecaster.forecast(from: minute, horizon: 30) { _ in nil },
                recentMinutes: Array(history.suffix(14)))
            let transition = alert.evaluate(
                prediction, currentServiceLevel: simulatedServiceLevel, target: objective.target)
            return (transition, prediction)
        }
    }

    /// 16 agents, AHT 180 s (5.3 contacts a minute at most), patience 120 s: 2.5 calls a minute for
    /// an hour (Erlang A: 99.8 % answered within 20 s), then a ramp to 8 a minute over 30 minutes
    /// (50 % overload), then flat.
    static func rampRate(_ minute: Int) -> Double {
        minute < 60 ? 2.5 : minute < 90 ? 2.5 + Double(minute - 60) * 5.5 / 30 : 8
    }

    /// The alert is a statistical claim, so it is judged over 20 simulated days: raised before the
    /// simulated trailing service level falls below target in most of them, never before the
    /// ramp begins. (The misses are days whose arrivals rose faster than the ramp, so that the
    /// service level fell before two evaluations could confirm the prediction.)
    @Test func aRampingOverloadIsPredictedBeforeTheServiceLevelFalls() throws {
        var leads: [Int] = []
        for seed in UInt64(1)...20 {
            var monitored = MonitoredQueue(agents: 16, seed: seed)
            var raisedAt: Int?
            var fellAt: Int?
            for minute in 0..<120 {
                let (transition, _) = monitored.runMinute(arrivalsPerMinute: Self.rampRate(minute))
                if case .raised = transition, raisedAt == nil { raisedAt = minute }
                if fellAt == nil, minute >= 15, let serviceLevel = monitored.simulatedServiceLevel,
                    serviceLevel < monitored.objective.target
                {
                    fellAt = minute
                }
            }
            let fell = try #require(fellAt, "seed \(seed): the ramp must overload the queue")
            #expect(fell >= 60, "seed \(seed): the service level fell before the ramp")
            if let raisedAt {
                #expect(raisedAt >= 60, "seed \(seed): raised at \(raisedAt), before the ramp")
                if raisedAt < fell { leads.append(fell - raisedAt) }
            }
        }
        // With the defaults that keep the energy retailer's quiet days quiet (gate 2.5–3.5
        // standard errors, lead 10 minutes), a slow ramp is predicted ahead on 13 of 20 days
        // (17 with the gate at 2–3 and a 15-minute lead).
        #expect(leads.count >= 12, "predicted ahead on \(leads.count) of 20 days")
        #expect(leads.sorted()[leads.count / 2] >= 2, "median lead \(leads.sorted())")
    }

    /// The same queue without the ramp, 500 evaluations. (At tighter staffing the forecast's noise
    /// does raise now and then: see ArrivalForecaster's documentation.)
    @Test(arguments: UInt64(1)...3) func aFlatComfortablyStaffedStreamNeverRaises(seed: UInt64) {
        var monitored = MonitoredQueue(agents: 16, seed: seed)
        var evaluations = 0
        var minute = 0
        while evaluations < 500 {
            let (transition, prediction) = monitored.runMinute(arrivalsPerMinute: 2.5)
            if prediction != nil { evaluations += 1 }
            #expect(transition == nil, "minute \(minute)")
            minute += 1
        }
        #expect(!monitored.alert.isRaised)
    }

    static func prediction(
        breachIn minutes: Int?, confidence: Double = 0.9, contacts: Double = 50
    )
        -> BreachPrediction
    {
        BreachPrediction(
            minutesUntilBreach: minutes, confidence: minutes == nil ? 0 : confidence,
            projectedServiceLevel: minutes == nil ? nil : 0.7, expectedContactsInWindow: contacts,
            scenarios: .init(lowerArrivals: minutes, meanArrivals: minutes, upperArrivals: minutes))
    }

    @Test func anAlternatingPredictionNeitherRaisesNorClears() {
        var alert = PredictiveAlertState(policy: PredictiveAlertPolicy(leadMinutes: 15))
        for evaluation in 0..<100 {
            let transition = alert.evaluate(
                Self.prediction(breachIn: evaluation.isMultiple(of: 2) ? 8 : nil), currentServiceLevel: 0.9,
                target: 0.8)
            #expect(transition == nil)
        }
        // Two in a row raise.
        #expect(alert.evaluate(Self.prediction(breachIn: 8), currentServiceLevel: 0.9, target: 0.8) == nil)
        #expect(alert.evaluate(Self.prediction(breachIn: 8), currentServiceLevel: 0.9, target: 0.8) != nil)
        #expect(alert.isRaised)
        // Alternating again, or two quiet evaluations at a time: never cleared.
        for evaluation in 0..<99 {
            let transition = alert.evaluate(
                Self.prediction(breachIn: evaluation % 3 == 2 ? 12 : nil), currentServiceLevel: 0.9, target: 0.8)
            #expect(transition == nil)
        }
        // A breach at 18 minutes is within the clear margin (15 + 5): still not clear.
        for _ in 0..<5 {
            #expect(alert.evaluate(Self.prediction(breachIn: 18), currentServiceLevel: 0.9, target: 0.8) == nil)
        }
        // Three without a breach within 20 minutes clear it.
        #expect(alert.evaluate(Self.prediction(breachIn: 25), currentServiceLevel: 0.9, target: 0.8) == nil)
        #expect(alert.evaluate(Self.prediction(breachIn: nil), currentServiceLevel: 0.9, target: 0.8) == nil)
        #expect(alert.evaluate(Self.prediction(breachIn: 21), currentServiceLevel: 0.9, target: 0.8) == .cleared)
        #expect(!alert.isRaised)
    }

    @Test func whatDoesNotRaise() {
        func raises(_ prediction: BreachPrediction, current: Double?) -> Bool {
            var alert = PredictiveAlertState(policy: PredictiveAlertPolicy(leadMinutes: 15))
            for _ in 0..<10 {
                if alert.evaluate(prediction, currentServiceLevel: current, target: 0.8) != nil { return true }
            }
            return false
        }
        #expect(raises(Self.prediction(breachIn: 15), current: 0.85))
        #expect(raises(Self.prediction(breachIn: 5), current: nil))
        // Beyond the lead.
        #expect(!raises(Self.prediction(breachIn: 16), current: 0.85))
        // Already below target: the ordinary service-level alert's job.
        #expect(!raises(Self.prediction(breachIn: 3), current: 0.79))
        // Only the upper arrivals breach.
        #expect(!raises(Self.prediction(breachIn: 3, confidence: 0.1), current: 0.9))
        // Too few contacts to mean anything.
        #expect(!raises(Self.prediction(breachIn: 3, contacts: 9), current: 0.9))
    }

    @Test func confidenceComesFromWhichArrivalsBreach() {
        func projection(_ serviceLevels: [Double]) -> QueueProjection {
            QueueProjection(
                minutes: serviceLevels.enumerated().map { index, level in
                    ProjectedMinute(
                        minute: index + 1, arrivals: 5, queueLength: 0, stationaryQueueLength: 0, oldestWaitSeconds: 0,
                        serviceLevel: level, trailingServiceLevel: level, trailingOffered: 40 + Double(index))
                })
        }
        let good = projection([0.9, 0.9, 0.9, 0.9])
        let late = projection([0.9, 0.9, 0.9, 0.7])
        let early = projection([0.9, 0.7, 0.7, 0.7])
        let none = BreachPrediction(lowerArrivals: good, meanArrivals: good, upperArrivals: good, target: 0.8)
        #expect(none.minutesUntilBreach == nil && none.confidence == 0)
        let upperOnly = BreachPrediction(lowerArrivals: good, meanArrivals: good, upperArrivals: early, target: 0.8)
        #expect(upperOnly.minutesUntilBreach == 2 && upperOnly.confidence == 0.1)
        let meanToo = BreachPrediction(lowerArrivals: good, meanArrivals: late, upperArrivals: early, target: 0.8)
        #expect(meanToo.minutesUntilBreach == 4 && meanToo.confidence == 0.5)
        #expect(meanToo.projectedServiceLevel == 0.7 && meanToo.expectedContactsInWindow == 43)
        let lowerOnly = BreachPrediction(lowerArrivals: late, meanArrivals: good, upperArrivals: good, target: 0.8)
        #expect(lowerOnly.minutesUntilBreach == 4 && lowerOnly.confidence == 0.1)
        let all = BreachPrediction(lowerArrivals: late, meanArrivals: late, upperArrivals: early, target: 0.8)
        #expect(all.minutesUntilBreach == 4 && all.confidence == 0.9)
        #expect(all.scenarios == .init(lowerArrivals: 4, meanArrivals: 4, upperArrivals: 2))
    }
}
