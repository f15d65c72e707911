import FloorForecast
import FloorStaffing
import Foundation
import Testing

/// Transients: a backlog drains, an empty queue fills, a queue without agents only loses callers
/// by abandonment. The reference is a naive Euler integration, with a tiny step, of the rates the
/// model documents (QueueProjection's doc comment), with Erlang A's stationary figures as inputs.
@Suite struct QueueProjectionTransientTests {
    /// Euler integration of the documented fluid rates, step `dt` seconds; the queue at the end
    /// of each minute.
    static func eulerQueue(
        start: Double, arrivalsPerMinute: [Double], agents: Int, handleTime: Double, patience: Double,
        dt: Double = 0.005
    ) -> [Double] {
        let theta = 1 / patience
        var queue = start
        var ends: [Double] = []
        for perMinute in arrivalsPerMinute {
            let lambda = perMinute / 60
            let nu = Double(agents) / handleTime
            var stationary = lambda / theta
            var spare = 0.0
            if agents > 0 {
                let erlangA = ErlangA.evaluate(
                    agents: agents, load: lambda * handleTime, handleTime: handleTime, patience: patience, threshold: 20
                )
                stationary = lambda * erlangA.meanWait!
                spare = nu - lambda * (1 - erlangA.probabilityAbandon)
            }
            let gap = nu.squareRoot() - lambda.squareRoot()
            let relaxation = theta + (lambda < nu ? gap * gap : 0)
            for _ in 0..<Int((60 / dt).rounded()) {
                if agents == 0 {
                    queue += dt * (lambda - theta * queue)
                } else if queue > stationary {
                    queue = max(stationary, queue - dt * (spare + theta * (queue - stationary)))
                } else if queue < stationary {
                    var rate = relaxation * (stationary - queue)
                    if lambda > nu { rate = max(rate, lambda - nu - theta * queue) }
                    queue = min(stationary, queue + dt * rate)
                }
            }
            ends.append(queue)
        }
        return ends
    }

    static func project(
        waiting: Double, oldestWait: Double = 0, agents: Int, handleTime: Double, patience: Double,
        arrivalsPerMinute: [Double], threshold: Double = 20
    ) -> QueueProjection {
        QueueProjection(
            now: QueueConditions(
                waiting: waiting, oldestWaitSeconds: oldestWait, agents: agents, handleTime: handleTime,
                patience: patience),
            objective: ServiceLevelObjective(thresholdSeconds: threshold, target: 0.8),
            arrivalsPerMinute: arrivalsPerMinute, recentMinutes: [])
    }

    @Test func aBacklogDrainsMonotonicallyToTheStationaryQueue() {
        let (agents, handleTime, patience, perMinute) = (10, 180.0, 120.0, 2.5)
        let lambda = perMinute / 60
        let erlangA = ErlangA.evaluate(
            agents: agents, load: lambda * handleTime, handleTime: handleTime, patience: patience, threshold: 20)
        let stationary = lambda * erlangA.meanWait!
        let arrivals = Array(repeating: perMinute, count: 30)
        let projection = Self.project(
            waiting: stationary + 40, agents: agents, handleTime: handleTime, patience: patience,
            arrivalsPerMinute: arrivals)
        let reference = Self.eulerQueue(
            start: stationary + 40, arrivalsPerMinute: arrivals, agents: agents, handleTime: handleTime,
            patience: patience)
        var previous = (queue: stationary + 40, serviceLevel: 0.0)
        for (minute, expected) in zip(projection.minutes, reference) {
            #expect(abs(minute.queueLength - expected) <= 1e-3 * max(1, expected))
            #expect(minute.queueLength >= stationary - 1e-12)
            #expect(minute.queueLength <= previous.queue + 1e-12)
            if previous.queue > stationary + 1e-9 { #expect(minute.queueLength < previous.queue) }
            #expect(minute.serviceLevel >= previous.serviceLevel - 1e-12)
            #expect(minute.serviceLevel <= erlangA.serviceLevelOffered + 1e-12)
            previous = (minute.queueLength, minute.serviceLevel)
        }
        // The first minute's arrivals wait behind 40 extra contacts (≥ 20 s): none within 20 s.
        #expect(projection.minutes[0].serviceLevel < 0.05)
        #expect(abs(projection.minutes.last!.queueLength - stationary) <= 1e-9)
        #expect(abs(projection.minutes.last!.serviceLevel - erlangA.serviceLevelOffered) <= 1e-9)
    }

    @Test func withoutAgentsTheQueueGrowsByArrivalsAndDecaysByAbandonment() {
        for start in [0.0, 5, 20] {
            let arrivals = [3.0, 3, 3, 6, 6, 0, 0, 1, 2, 3] + Array(repeating: 3.0, count: 20)
            let projection = Self.project(
                waiting: start, oldestWait: start > 0 ? 30 : 0, agents: 0, handleTime: 300, patience: 120,
                arrivalsPerMinute: arrivals)
            let reference = Self.eulerQueue(
                start: start, arrivalsPerMinute: arrivals, agents: 0, handleTime: 300, patience: 120)
            for (minute, expected) in zip(projection.minutes, reference) {
                #expect(abs(minute.queueLength - expected) <= 1e-3 * max(1, expected))
                #expect(minute.serviceLevel == 0)
            }
            // Constant λ = 3/min, θ = 1/120 s: the queue settles at λ/θ = 6.
            #expect(abs(projection.minutes.last!.queueLength - 6) < 0.01)
        }
    }

    @Test func withoutArrivalsOrAgentsTheOldestWaitAgesByTheMinute() {
        let projection = Self.project(
            waiting: 4, oldestWait: 30, agents: 0, handleTime: 300, patience: 600,
            arrivalsPerMinute: Array(repeating: 0, count: 5))
        #expect(projection.minutes.map(\.oldestWaitSeconds) == [90, 150, 210, 270, 330])
    }

    @Test func anEmptyOverloadedQueueFillsAtTheFluidRateUpToItsStationaryLevel() {
        let (agents, handleTime, patience, perMinute) = (10, 180.0, 60.0, 5.0)
        let lambda = perMinute / 60
        let erlangA = ErlangA.evaluate(
            agents: agents, load: lambda * handleTime, handleTime: handleTime, patience: patience, threshold: 20)
        let stationary = lambda * erlangA.meanWait!
        let arrivals = Array(repeating: perMinute, count: 30)
        let projection = Self.project(
            waiting: 0, agents: agents, handleTime: handleTime, patience: patience, arrivalsPerMinute: arrivals)
        let reference = Self.eulerQueue(
            start: 0, arrivalsPerMinute: arrivals, agents: agents, handleTime: handleTime, patience: patience)
        var previous = 0.0
        for (minute, expected) in zip(projection.minutes, reference) {
            #expect(abs(minute.queueLength - expected) <= 2e-3 * max(1, expected))
            #expect(minute.queueLength >= previous)
            #expect(minute.queueLength <= stationary + 1e-12)
            previous = minute.queueLength
        }
        // At least as fast as the fluid overload queue: Q(60 s) = (λ − ν)/θ·(1 − e^{−60θ}).
        let fluid = (lambda - Double(agents) / handleTime) * patience * (1 - exp(-60 / patience))
        #expect(projection.minutes[0].queueLength >= fluid - 1e-9)
        #expect(abs(projection.minutes.last!.queueLength - stationary) < 0.01 * stationary)
    }

    @Test func aVaryingArrivalRateFollowsTheReference() {
        // A surge: 2 per minute rising to 8 and back, 12 agents, AHT 180 s (capacity 4 per minute).
        func surge(_ minute: Int) -> Double {
            if minute < 5 { return 2 }
            if minute < 20 { return 2 + Double(minute - 5) * 0.4 }
            return max(2.0, 8 - Double(minute - 20) * 0.5)
        }
        let arrivals = (0..<40).map(surge)
        for start in [0.0, 15] {
            let projection = Self.project(
                waiting: start, agents: 12, handleTime: 180, patience: 90, arrivalsPerMinute: arrivals)
            let reference = Self.eulerQueue(
                start: start, arrivalsPerMinute: arrivals, agents: 12, handleTime: 180, patience: 90)
            for (minute, expected) in zip(projection.minutes, reference) {
                #expect(abs(minute.queueLength - expected) <= 5e-3 * max(1, expected))
            }
        }
    }
}
