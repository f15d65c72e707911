/// Which service level a target is measured on. Platforms and calculators disagree
/// (STAFFING-MATH §4.3); the default is answered within T over everything offered.
public enum ServiceLevelMeasure: String, Sendable, CaseIterable {
    /// Answered within T over all offered (abandons count against it). The default.
    case offered
    /// Answered within T over answered (flatters when many hang up).
    case answered
    /// Answered within T over offered minus those who hung up within T.
    case excludingShortAbandons = "excluding_short_abandons"
    /// P(wait ≤ T): a caller who hangs up within T counts as met.
    case abandonsWithinThresholdMet = "abandons_within_threshold_met"
    /// The wait an infinitely patient caller would have had.
    case virtual
}

/// Steady-state figures of one queue with a given staffing. Times in seconds.
/// Value type; thread-safe.
public struct QueuePerformance: Sendable, Equatable {
    /// False when the offered load meets or exceeds capacity and nobody abandons (Erlang C with
    /// N ≤ A): the queue grows without bound. Then `probabilityWait` is 1, every service level
    /// 0, and the waits nil (infinite).
    public var isStable: Bool
    /// P(an arrival has to wait).
    public var probabilityWait: Double
    /// P(an arrival hangs up before being answered); 0 without patience.
    public var probabilityAbandon: Double
    /// Answered within T over offered.
    public var serviceLevelOffered: Double
    /// Answered within T over answered.
    public var serviceLevelAnswered: Double
    /// Answered within T over offered minus abandoned within T.
    public var serviceLevelExcludingShortAbandons: Double
    /// P(wait ≤ T), abandons within T counted as met.
    public var serviceLevelAbandonsWithinThresholdMet: Double
    /// P(virtual wait ≤ T).
    public var serviceLevelVirtual: Double
    /// Mean wait of answered contacts (the ACD's ASA); nil when infinite.
    public var averageSpeedOfAnswer: Double?
    /// Mean wait of every arrival, abandons included; nil when infinite.
    public var meanWait: Double?
    /// Mean wait an infinitely patient caller would have had; nil when infinite.
    public var meanVirtualWait: Double?
    /// Realised occupancy: carried load over agents (λ(1−P_ab)·AHT/N; A/N for Erlang C).
    public var occupancy: Double

    /// The service level under the chosen measure.
    public func serviceLevel(_ measure: ServiceLevelMeasure) -> Double {
        switch measure {
        case .offered: serviceLevelOffered
        case .answered: serviceLevelAnswered
        case .excludingShortAbandons: serviceLevelExcludingShortAbandons
        case .abandonsWithinThresholdMet: serviceLevelAbandonsWithinThresholdMet
        case .virtual: serviceLevelVirtual
        }
    }

    /// The immediately answered share: 1 − P(wait).
    public var immediateAnswer: Double { 1 - probabilityWait }

    static let unstable = QueuePerformance(
        isStable: false, probabilityWait: 1, probabilityAbandon: 0, serviceLevelOffered: 0, serviceLevelAnswered: 0,
        serviceLevelExcludingShortAbandons: 0, serviceLevelAbandonsWithinThresholdMet: 0, serviceLevelVirtual: 0,
        averageSpeedOfAnswer: nil, meanWait: nil, meanVirtualWait: nil, occupancy: 1)
}
