/// When a predicted breach becomes an alert, and when it stops being one.
/// Value type; thread-safe.
public struct PredictiveAlertPolicy: Sendable, Equatable {
    /// Raise for breaches predicted within this many minutes (10: enough to move agents; at 15,
    /// the simulated energy retailer's quiet days raised on breaches that came 20–25 minutes
    /// later or not at all).
    public var leadMinutes: Int
    /// The least confidence that counts as a prediction (0.5: the mean arrivals breach).
    public var minimumConfidence: Double
    /// Consecutive evaluations predicting a breach before raising (2: one noisy minute is not
    /// enough).
    public var confirmations: Int
    /// Clearing needs no breach within `leadMinutes + clearMarginMinutes` (5), so an alert
    /// raised at 10 minutes does not clear because the breach moved to 11.
    public var clearMarginMinutes: Int
    /// Consecutive evaluations without a breach before clearing (3).
    public var clearConfirmations: Int
    /// Below this many contacts expected in the trailing window a predicted breach is noise (10:
    /// one late answer of 10 is 10 points of service level).
    public var minimumContactsInWindow: Double

    public init(
        leadMinutes: Int = 10, minimumConfidence: Double = 0.5, confirmations: Int = 2, clearMarginMinutes: Int = 5,
        clearConfirmations: Int = 3, minimumContactsInWindow: Double = 10
    ) {
        self.leadMinutes = leadMinutes
        self.minimumConfidence = minimumConfidence
        self.confirmations = confirmations
        self.clearMarginMinutes = clearMarginMinutes
        self.clearConfirmations = clearConfirmations
        self.minimumContactsInWindow = minimumContactsInWindow
    }
}

/// A change of the predictive alert. Value type; thread-safe.
public enum PredictiveAlertTransition: Sendable, Equatable {
    /// A breach is predicted, with the prediction that confirmed it.
    case raised(BreachPrediction)
    case cleared
}

/// The predictive service-level alert of one scope: "the service level will fall below target in
/// about N minutes". It warns ahead of the ordinary service-level alert, so it stays quiet once
/// the service level is already below target (that alert's job), and it has hysteresis so a
/// prediction that flickers between two evaluations neither raises nor clears it:
/// - raise after `confirmations` consecutive evaluations each predicting a breach within
///   `leadMinutes` with at least `minimumConfidence`, over at least `minimumContactsInWindow`
///   expected contacts, while the current trailing service level is at or above target;
/// - clear after `clearConfirmations` consecutive evaluations predicting no such breach within
///   `leadMinutes + clearMarginMinutes`.
/// A raised alert stays raised through the breach it predicted (the trailing projection keeps
/// showing it) and clears once the outlook recovers, so supervisors see one warning from
/// prediction to recovery. Evaluate once per completed minute. Value type; thread-safe.
public struct PredictiveAlertState: Sendable, Equatable {
    public let policy: PredictiveAlertPolicy
    public private(set) var isRaised = false
    /// Consecutive evaluations that would raise (while clear) or clear (while raised).
    public private(set) var streak = 0

    public init(policy: PredictiveAlertPolicy = PredictiveAlertPolicy()) {
        self.policy = policy
    }

    /// Takes one evaluation's prediction.
    /// - Parameters:
    ///   - prediction: this minute's `BreachPrediction`.
    ///   - currentServiceLevel: the trailing 15-minute service level observed now (nil without
    ///     contacts), under the same measure as the prediction.
    ///   - target: the service-level target, 0…1.
    /// - Returns: the transition, if this evaluation caused one.
    public mutating func evaluate(
        _ prediction: BreachPrediction, currentServiceLevel: Double?, target: Double
    )
        -> PredictiveAlertTransition?
    {
        if isRaised {
            let stillPredicted = predicts(prediction, within: policy.leadMinutes + policy.clearMarginMinutes)
            streak = stillPredicted ? 0 : streak + 1
            guard streak >= policy.clearConfirmations else { return nil }
            isRaised = false
            streak = 0
            return .cleared
        }
        let alreadyBelow = currentServiceLevel.map { $0 < target } ?? false
        let raising =
            !alreadyBelow && predicts(prediction, within: policy.leadMinutes)
            && prediction.expectedContactsInWindow >= policy.minimumContactsInWindow
        streak = raising ? streak + 1 : 0
        guard streak >= policy.confirmations else { return nil }
        isRaised = true
        streak = 0
        return .raised(prediction)
    }

    private func predicts(_ prediction: BreachPrediction, within minutes: Int) -> Bool {
        guard let breach = prediction.minutesUntilBreach else { return false }
        return breach <= minutes && prediction.confidence >= policy.minimumConfidence
    }
}
