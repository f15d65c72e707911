import FloorStaffing
import RealModule

/// One projected minute's queue dynamics: arrivals constant at λ for the minute, N agents,
/// handle time, patience. QueueProjection documents the model; this type holds its constants and
/// its closed-form solutions. Value type; thread-safe.
struct QueueDynamics {
    /// λ, arrivals per second.
    let arrivalRate: Double
    let agents: Int
    let handleTime: Double
    /// ν = N / AHT, completions per second with every agent busy.
    let serviceCapacity: Double
    let patience: Double
    /// θ = 1 / patience.
    let abandonRate: Double
    let threshold: Double
    let measure: ProjectedServiceLevelMeasure
    /// Lq* = λ·E[W] (Little's law, E[W] over all arrivals); for N = 0 the fixed point λ/θ.
    let stationaryQueue: Double
    /// ν − λ·(1 − P_ab): the agents' capacity the stationary traffic leaves idle.
    let spareCapacity: Double
    /// κ: the rate at which a queue below its stationary level relaxes up to it.
    let relaxationRate: Double
    /// (λ − ν)/θ: where the overloaded fluid queue would settle; only used when λ > ν.
    let fluidQueue: Double
    /// The stationary service level under `measure`.
    let stationaryServiceLevel: Double

    init(arrivalsPerMinute: Double, conditions: QueueConditions, objective: ServiceLevelObjective) {
        arrivalRate = max(0, arrivalsPerMinute) / 60
        agents = max(0, conditions.agents)
        handleTime = conditions.handleTime
        serviceCapacity = Double(agents) / handleTime
        patience = conditions.patience
        abandonRate = 1 / patience
        threshold = max(0, objective.thresholdSeconds)
        measure = objective.measure
        fluidQueue = (arrivalRate - serviceCapacity) / abandonRate
        if agents == 0 {
            stationaryQueue = arrivalRate / abandonRate
            spareCapacity = 0
            relaxationRate = abandonRate
            stationaryServiceLevel = Self.serviceLevelWithoutAgents(
                measure: measure, abandonRate: abandonRate, threshold: threshold)
        } else {
            let performance = ErlangA.evaluate(
                agents: agents, load: arrivalRate * handleTime, handleTime: handleTime, patience: patience,
                threshold: threshold)
            stationaryQueue = arrivalRate * (performance.meanWait ?? 0)
            spareCapacity = max(0, serviceCapacity - arrivalRate * (1 - performance.probabilityAbandon))
            let gap = serviceCapacity.squareRoot() - arrivalRate.squareRoot()
            relaxationRate = abandonRate + (arrivalRate < serviceCapacity ? gap * gap : 0)
            stationaryServiceLevel = Self.serviceLevel(performance, measure)
        }
    }

    /// The expected queue `seconds` later, integrated in sub-steps of at most `subStep` seconds,
    /// each solved exactly for the branch it starts in.
    func advance(_ queue: Double, seconds: Double, subStep: Double) -> Double {
        var queue = queue
        var remaining = seconds
        while remaining > 1e-12 {
            let step = min(remaining, subStep)
            queue = advance(queue, step: step)
            remaining -= step
        }
        return queue
    }

    private func advance(_ queue: Double, step: Double) -> Double {
        let abandonDecay = Double.exp(-abandonRate * step)
        guard agents > 0 else {
            // dQ/dt = λ − θQ: arrivals in, abandons out, nobody served.
            return stationaryQueue + (queue - stationaryQueue) * abandonDecay
        }
        let excess = queue - stationaryQueue
        if excess > 0 {
            // dE/dt = −(spare + θE) until the excess is gone: E(t) = E·e^{−θt} − s·(1 − e^{−θt})/θ.
            let drained = spareCapacity * Double.expMinusOne(-abandonRate * step) / abandonRate
            return stationaryQueue + max(0, excess * abandonDecay + drained)
        }
        if excess < 0 {
            var next = stationaryQueue + excess * Double.exp(-relaxationRate * step)
            if arrivalRate > serviceCapacity {
                // Overloaded, the queue also fills at the fluid rate λ − ν − θQ; never past Lq*
                // (Lq* ≥ (λ − ν)/θ: Erlang A's abandons θLq* = λ − ν·occupancy ≥ λ − ν).
                let fluid = fluidQueue + (queue - fluidQueue) * abandonDecay
                next = min(stationaryQueue, max(next, fluid))
            }
            return next
        }
        return queue
    }

    /// The service level of a contact arriving when `queue` contacts wait.
    ///
    /// The excess E = Q − Lq* ahead of it is served first, which takes d = E·AHT/N; meanwhile it
    /// may hang up (it stays with probability e^{−θd}), then it meets the stationary queue with
    /// the time left, T − d. Answered within T: e^{−θd}·SL(T − d), 0 once d > T. Answered or
    /// abandoned within T: (1 − e^{−θ·min(d, T)}) + e^{−θd}·P(W ≤ T − d). A queue below its
    /// stationary level (d < 0) gives the contact the threshold T + |d|. Exact at E = 0.
    func serviceLevel(queue: Double) -> Double {
        guard agents > 0 else { return stationaryServiceLevel }
        let delay = (queue - stationaryQueue) * handleTime / Double(agents)
        if abs(delay) < 1e-6 { return stationaryServiceLevel }
        if delay < 0 { return stationaryServiceLevel(threshold: threshold - delay) }
        let stays = Double.exp(-abandonRate * delay)
        let remaining = threshold - delay
        let answered = remaining >= 0 ? stays * stationaryServiceLevel(threshold: remaining) : 0
        switch measure {
        case .answeredWithinThreshold:
            return answered
        case .leftWithinThreshold:
            return -Double.expMinusOne(-abandonRate * min(delay, threshold)) + answered
        }
    }

    /// Erlang A's stationary service level under `measure` at another threshold.
    private func stationaryServiceLevel(threshold: Double) -> Double {
        let performance = ErlangA.evaluate(
            agents: agents, load: arrivalRate * handleTime, handleTime: handleTime, patience: patience,
            threshold: threshold)
        return Self.serviceLevel(performance, measure)
    }

    private static func serviceLevel(
        _ performance: QueuePerformance, _ measure: ProjectedServiceLevelMeasure
    )
        -> Double
    {
        switch measure {
        case .answeredWithinThreshold: performance.serviceLevelOffered
        case .leftWithinThreshold: performance.serviceLevelAbandonsWithinThresholdMet
        }
    }

    /// Nobody is answered; under the left-within measure a contact that hangs up within T still
    /// counts as met.
    private static func serviceLevelWithoutAgents(
        measure: ProjectedServiceLevelMeasure, abandonRate: Double, threshold: Double
    ) -> Double {
        switch measure {
        case .answeredWithinThreshold: 0
        case .leftWithinThreshold: -Double.expMinusOne(-abandonRate * threshold)
        }
    }
}
