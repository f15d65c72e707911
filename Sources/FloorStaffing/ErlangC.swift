import RealModule

/// Erlang C (M/M/N, callers never hang up), STAFFING-MATH §3. Pure; thread-safe.
public enum ErlangC {
    /// The queue with `agents` agents offered `load` Erlangs (λ·AHT) of contacts lasting
    /// `handleTime` seconds on average; service level at `threshold` seconds.
    /// N ≤ A (within the stability margin) is reported as unstable, never as garbage.
    public static func evaluate(agents: Int, load: Double, handleTime: Double, threshold: Double) -> QueuePerformance {
        evaluate(
            servers: Double(agents), load: load, handleTime: handleTime, threshold: threshold,
            blocking: ErlangB.blocking(servers: agents, load: load))
    }

    /// The closed forms with the blocking probability given: shared with the chat model, whose
    /// servers are chat slots and whose blocking comes from its own chain.
    static func evaluate(
        servers: Double, load: Double, handleTime: Double, threshold: Double, blocking: Double
    ) -> QueuePerformance {
        guard isStable(servers: servers, load: load) else { return .unstable }
        let probabilityWait = min(1, servers * blocking / (servers - load * (1 - blocking)))
        let serviceLevel = 1 - probabilityWait * Double.exp(-(servers - load) * threshold / handleTime)
        let averageSpeedOfAnswer = probabilityWait * handleTime / (servers - load)
        // Without patience the virtual wait is the wait, and every service-level measure agrees.
        return QueuePerformance(
            isStable: true, probabilityWait: probabilityWait, probabilityAbandon: 0, serviceLevelOffered: serviceLevel,
            serviceLevelAnswered: serviceLevel, serviceLevelExcludingShortAbandons: serviceLevel,
            serviceLevelAbandonsWithinThresholdMet: serviceLevel, serviceLevelVirtual: serviceLevel,
            averageSpeedOfAnswer: averageSpeedOfAnswer, meanWait: averageSpeedOfAnswer,
            meanVirtualWait: averageSpeedOfAnswer, occupancy: load / servers)
    }
}
