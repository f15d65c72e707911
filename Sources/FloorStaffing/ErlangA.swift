/// Erlang A (M/M/N+M: callers hang up after an exponential patience), STAFFING-MATH §4, by the
/// exact sums. Always stable: overload is absorbed by abandonment, which is why it still answers
/// after an outage when Erlang C cannot. Pure; thread-safe.
public enum ErlangA {
    /// - Parameters:
    ///   - agents: productive agents, at least 1.
    ///   - load: offered Erlangs, λ·AHT.
    ///   - handleTime: mean handle time (seconds).
    ///   - patience: mean patience of a waiting caller (seconds, > 0).
    ///   - threshold: the service-level threshold T (seconds).
    public static func evaluate(
        agents: Int, load: Double, handleTime: Double, patience: Double, threshold: Double
    ) -> QueuePerformance {
        precondition(agents >= 1, "Erlang A needs at least one agent")
        return evaluate(
            servers: Double(agents), load: load, handleTime: handleTime, patience: patience, threshold: threshold,
            blocking: ErlangB.blocking(servers: agents, load: load), busyServers: nil)
    }

    /// Shared with the chat model: `servers` at rate 1/handleTime each once all are busy,
    /// `blocking` = π_c/Σ_{s≤c}π_s from the model's own chain, and (for the chat model) the
    /// mean number of busy servers below c, which Erlang's own chain gives by Little's law.
    static func evaluate(
        servers: Double, load: Double, handleTime: Double, patience: Double, threshold: Double, blocking: Double,
        busyServers: ((_ probabilityWait: Double, _ probabilityAbandon: Double) -> Double)?
    ) -> QueuePerformance {
        guard load > 0 else { return idle(threshold: threshold) }
        let queue = ImpatientQueue(
            blocking: blocking, arrivalRate: load / handleTime, fullServiceRate: servers / handleTime,
            abandonRate: 1 / patience)
        let sums = queue.evaluate(threshold: threshold)
        let immediate = 1 - sums.probabilityWait
        let answered = 1 - sums.probabilityAbandon
        let serviceLevelOffered = immediate + sums.answeredWithinThreshold
        let waitWithinThreshold = immediate + sums.waitWithinThreshold
        let abandonedWithinThreshold = max(0, waitWithinThreshold - serviceLevelOffered)
        let busy = busyServers?(sums.probabilityWait, sums.probabilityAbandon) ?? load * answered
        return QueuePerformance(
            isStable: true, probabilityWait: sums.probabilityWait, probabilityAbandon: sums.probabilityAbandon,
            serviceLevelOffered: serviceLevelOffered,
            serviceLevelAnswered: answered > 0 ? serviceLevelOffered / answered : 0,
            serviceLevelExcludingShortAbandons: serviceLevelOffered / (1 - abandonedWithinThreshold),
            serviceLevelAbandonsWithinThresholdMet: waitWithinThreshold,
            serviceLevelVirtual: immediate + sums.virtualWithinThreshold,
            averageSpeedOfAnswer: answered > 0 ? sums.waitOfAnswered / answered : nil,
            meanWait: sums.waitOfAll, meanVirtualWait: sums.virtualWait, occupancy: min(1, busy / servers))
    }

    static func idle(threshold: Double) -> QueuePerformance {
        QueuePerformance(
            isStable: true, probabilityWait: 0, probabilityAbandon: 0, serviceLevelOffered: 1, serviceLevelAnswered: 1,
            serviceLevelExcludingShortAbandons: 1, serviceLevelAbandonsWithinThresholdMet: 1, serviceLevelVirtual: 1,
            averageSpeedOfAnswer: 0, meanWait: 0, meanVirtualWait: 0, occupancy: 0)
    }
}
