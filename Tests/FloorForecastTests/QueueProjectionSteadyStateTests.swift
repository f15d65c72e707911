import FloorForecast
import FloorStaffing
import Testing

/// With constant arrivals and the queue at Erlang A's stationary mean, the projection must stay
/// on Erlang A's stationary figures, minute after minute: the transient model adds nothing when
/// there is no transient.
@Suite struct QueueProjectionSteadyStateTests {
    /// (agents, handle time, patience, threshold, arrivals per minute): light to heavy load,
    /// short to long patience, and overload (λ·AHT > N).
    static let cases: [(Int, Double, Double, Double, Double)] = [
        (14, 180, 180, 20, 10.0 / 3), (11, 180, 60, 20, 10.0 / 3), (1, 300, 90, 20, 0.1), (3, 240, 45, 30, 0.9),
        (50, 120, 600, 60, 22.5), (95, 300, 30, 20, 20), (5, 240, 120, 30, 2), (10, 180, 60, 20, 6),
        (30, 420, 240, 15, 3),
    ]

    @Test(arguments: cases) func everyMinuteIsErlangAsStationaryFigures(
        agents: Int, handleTime: Double, patience: Double, threshold: Double, arrivalsPerMinute: Double
    ) {
        let lambda = arrivalsPerMinute / 60
        for measure in ProjectedServiceLevelMeasure.allCases {
            let erlangA = ErlangA.evaluate(
                agents: agents, load: lambda * handleTime, handleTime: handleTime, patience: patience,
                threshold: threshold)
            let stationaryQueue = lambda * erlangA.meanWait!
            let serviceLevel =
                measure == .answeredWithinThreshold
                ? erlangA.serviceLevelOffered : erlangA.serviceLevelAbandonsWithinThresholdMet
            let projection = QueueProjection(
                now: QueueConditions(
                    waiting: stationaryQueue, oldestWaitSeconds: 0, agents: agents, handleTime: handleTime,
                    patience: patience),
                objective: ServiceLevelObjective(thresholdSeconds: threshold, target: 0.8, measure: measure),
                arrivalsPerMinute: Array(repeating: arrivalsPerMinute, count: 30), recentMinutes: [])
            #expect(projection.minutes.count == 30)
            for minute in projection.minutes {
                #expect(abs(minute.serviceLevel - serviceLevel) <= 1e-9)
                #expect(abs(minute.queueLength - stationaryQueue) <= 1e-9 * max(1, stationaryQueue))
                // With no observed minutes the trailing window holds only projected ones.
                #expect(abs(minute.trailingServiceLevel - serviceLevel) <= 1e-9)
            }
        }
    }

    /// The overload cases are genuinely overloaded (the list above covers λ·AHT > N).
    @Test func theCasesIncludeOverload() {
        let overloaded = Self.cases.filter { $0.4 / 60 * $0.1 > Double($0.0) }
        #expect(overloaded.count >= 2)
    }

    /// Observed minutes enter the trailing window as counted and leave it after 14 minutes.
    @Test func observedMinutesWeighTheTrailingWindowByOffered() {
        let (agents, handleTime, patience, threshold, perMinute) = (14, 180.0, 180.0, 20.0, 10.0 / 3)
        let lambda = perMinute / 60
        let erlangA = ErlangA.evaluate(
            agents: agents, load: lambda * handleTime, handleTime: handleTime, patience: patience, threshold: threshold)
        // 14 observed minutes of 6 offered each, half answered within the threshold.
        let observed = Array(
            repeating: MinuteObservation(arrivals: 6, answered: 6, answeredWithinThreshold: 3), count: 20)
        let projection = QueueProjection(
            now: QueueConditions(
                waiting: lambda * erlangA.meanWait!, oldestWaitSeconds: 0, agents: agents, handleTime: handleTime,
                patience: patience),
            objective: ServiceLevelObjective(thresholdSeconds: threshold, target: 0.8),
            arrivalsPerMinute: Array(repeating: perMinute, count: 20), recentMinutes: observed)
        for minute in projection.minutes {
            let observedMinutes = Double(max(0, 15 - minute.minute))
            let projectedMinutes = Double(min(15, minute.minute))
            let met = observedMinutes * 3 + projectedMinutes * perMinute * erlangA.serviceLevelOffered
            let offered = observedMinutes * 6 + projectedMinutes * perMinute
            #expect(abs(minute.trailingServiceLevel - met / offered) <= 1e-9)
            #expect(abs(minute.trailingOffered - offered) <= 1e-9)
        }
    }
}
