import RealModule

/// The live handle time and patience of one scope: what the projection feeds Erlang A with.
///
/// Both are ratios of exponentially decayed sums over completed minutes (half-life
/// `halfLifeMinutes`, 15 by default: recent enough to see the afternoon's longer calls, long
/// enough that a minute with one 40-minute call does not double the AHT):
/// - handle time = Σ handle seconds / Σ handled;
/// - patience = Σ wait seconds of everyone who left the queue / Σ abandons. This is the
///   maximum-likelihood estimate of an exponential patience with censoring (STAFFING-MATH §1,
///   Mandelbaum and Zeltyn): an answered caller contributes its wait as a lower bound of its
///   patience, an abandoning one its patience itself, and the likelihood Π θe^{−θw} (abandons)
///   × Π e^{−θw} (answered) peaks at θ = abandons / total wait.
/// Each ratio has a prior worth `priorWeight` pseudo-observations (the configured AHT, a default
/// patience), so a quiet minute, or a day without a single abandon, gives the prior, not 0/0 or
/// an infinite patience; with data the prior fades to a few contacts among hundreds.
///
/// Minutes are passed in (minutes since the Unix epoch); the sums are kept as of the latest minute
/// seen, and a late minute is added with the decay its age calls for. Short abandons (misdials)
/// should be left out of the counts by the caller. Value type; thread-safe.
public struct ServiceTimeEstimate: Sendable, Equatable {
    /// The handle time assumed before data (seconds), e.g. the configured AHT.
    public let priorHandleTime: Double
    /// The patience assumed before data (seconds).
    public let priorPatience: Double
    /// How many contacts (for the handle time) or abandons (for the patience) the priors count as.
    public let priorWeight: Double
    public let halfLifeMinutes: Double

    /// Decayed count of completed contacts.
    public private(set) var handled = 0.0
    /// Decayed total handle seconds of those contacts.
    public private(set) var handleSeconds = 0.0
    /// Decayed count of abandons.
    public private(set) var abandons = 0.0
    /// Decayed total wait seconds of everyone who left the queue.
    public private(set) var waitSeconds = 0.0
    /// The latest minute observed; the sums are decayed to it.
    public private(set) var lastMinute: Int64?

    public init(
        priorHandleTime: Double, priorPatience: Double = 180, priorWeight: Double = 3, halfLifeMinutes: Double = 15
    ) {
        precondition(priorHandleTime > 0 && priorPatience > 0, "the priors must be positive")
        precondition(priorWeight > 0, "the prior needs a positive weight")
        precondition(halfLifeMinutes > 0, "the half-life must be positive")
        self.priorHandleTime = priorHandleTime
        self.priorPatience = priorPatience
        self.priorWeight = priorWeight
        self.halfLifeMinutes = halfLifeMinutes
    }

    /// The weight one minute keeps after `minutes` more: 2^(−minutes/half-life).
    public func decay(minutes: Int64) -> Double { Double.exp2(-Double(minutes) / halfLifeMinutes) }

    /// Adds one completed minute.
    public mutating func observe(minute: Int64, _ observation: MinuteObservation) {
        var weight = 1.0
        if let last = lastMinute {
            if minute > last {
                scale(by: decay(minutes: minute - last))
                lastMinute = minute
            } else {
                weight = decay(minutes: last - minute)
            }
        } else {
            lastMinute = minute
        }
        handled += weight * Double(max(0, observation.handled))
        handleSeconds += weight * max(0, observation.handleSeconds)
        abandons += weight * Double(max(0, observation.abandoned))
        waitSeconds += weight * max(0, observation.waitSeconds)
    }

    /// Mean handle time (seconds): the decayed ratio with the prior mixed in. Always positive.
    public var handleTime: Double {
        (handleSeconds + priorWeight * priorHandleTime) / (handled + priorWeight)
    }

    /// Mean patience (seconds) of an exponential patience, by the censored maximum-likelihood
    /// estimate with the prior mixed in. Always positive.
    public var patience: Double {
        (waitSeconds + priorWeight * priorPatience) / (abandons + priorWeight)
    }

    private mutating func scale(by factor: Double) {
        handled *= factor
        handleSeconds *= factor
        abandons *= factor
        waitSeconds *= factor
    }
}
