import FloorCore

/// Which contacts a projected service level counts as met. Both measures divide by contacts
/// offered, which is what lets the projection add forecast minutes to observed ones.
/// Value type; thread-safe.
public enum ProjectedServiceLevelMeasure: String, Sendable, Equatable, CaseIterable {
    /// Answered within the threshold over offered: Erlang A's `serviceLevelOffered`
    /// (STAFFING-MATH §4.3's recommended default; FloorCore's `.answeredOverOffered`).
    case answeredWithinThreshold = "answered_within_threshold"
    /// Answered or abandoned within the threshold over offered: Amazon Connect's "SL X", Erlang
    /// A's `serviceLevelAbandonsWithinThresholdMet` (FloorCore's `.connect`).
    case leftWithinThreshold = "left_within_threshold"

    /// The measure matching a queue's configured definition; nil for the definitions that do not
    /// divide by offered contacts (over answered; short abandons excluded), which the projection
    /// does not model.
    public init?(_ definition: ServiceLevelDefinition) {
        switch definition {
        case .answeredOverOffered: self = .answeredWithinThreshold
        case .connect: self = .leftWithinThreshold
        case .answeredOverAnswered, .excludeShortAbandons: return nil
        }
    }

    /// Met contacts of an observed minute under this measure.
    func met(_ observation: MinuteObservation) -> Double {
        switch self {
        case .answeredWithinThreshold: Double(observation.answeredWithinThreshold)
        case .leftWithinThreshold: Double(observation.answeredWithinThreshold + observation.abandonedWithinThreshold)
        }
    }
}

/// The service-level goal a projection is judged against. Times in seconds, target 0…1.
/// Value type; thread-safe.
public struct ServiceLevelObjective: Sendable, Equatable {
    /// T, the acceptable wait (e.g. 20 s).
    public var thresholdSeconds: Double
    /// The share of contacts to meet it (e.g. 0.8).
    public var target: Double
    public var measure: ProjectedServiceLevelMeasure

    public init(
        thresholdSeconds: Double, target: Double, measure: ProjectedServiceLevelMeasure = .answeredWithinThreshold
    ) {
        self.thresholdSeconds = thresholdSeconds
        self.target = target
        self.measure = measure
    }
}
