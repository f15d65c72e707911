/// What the next minutes of one queue look like: queue length, oldest wait, the service level of
/// each minute's arrivals and the trailing 15-minute service level a supervisor watches, minute
/// by minute, from the queue as it stands and the forecast arrivals.
///
/// **Model** (a time-stepped Erlang A, pointwise stationary plus a fluid excess):
/// - Each minute m has its own arrival rate λ_m (the forecast, constant within the minute), and
///   Erlang A (`FloorStaffing.ErlangA`, M/M/N+M) gives its stationary figures: mean queue
///   Lq* = λ·E[W] (Little's law, E[W] over every arrival), P(abandon), the service level SL*(T).
/// - The state is the expected queue Q. Its distance to the stationary level, E = Q − Lq*, is a
///   deterministic excess on top of a queue that is otherwise in its stationary regime:
///   - E > 0 (a backlog) drains at the agents' spare capacity s = N/AHT − λ·(1 − P_ab) plus the
///     abandons of the excess itself: dE/dt = −(s + θE), θ = 1/patience, until E = 0. In
///     overload s ≈ 0 and this is the fluid limit dQ/dt = λ − N/AHT − θQ about its fixed point.
///   - E < 0 (a queue below its level, e.g. just after a surge starts) relaxes up at
///     κ = θ + (√(N/AHT) − √λ)² when λ < N/AHT, θ otherwise: (√ν − √λ)² is the relaxation rate
///     (spectral gap) of a single-server queue with the pooled rates λ and ν = N/AHT, θ the rate
///     at which abandons stop thinning a queue that is short. In overload the queue also grows
///     at least at the fluid rate λ − N/AHT − θQ (all agents busy, the arrival excess piles up),
///     and never past Lq*.
///   - N = 0: nobody is served; dQ/dt = λ − θQ.
///   Each branch is a linear ODE with constant coefficients within a minute, solved exactly over
///   sub-steps (`secondsPerSubStep`, 6 s) that pick the branch at their start.
/// - A contact arriving when the excess is E waits d = E·AHT/N for it to be served first (the
///   excess at the head is served by all N agents), abandoning meanwhile at θ, then meets the
///   stationary queue with T − d left: SL = e^{−θd}·SL*(T − d), 0 once d > T (answered within T;
///   for answered-or-abandoned within T, add the abandons during min(d, T)). A queue below its
///   level gives SL*(T + |d|). A minute's SL is the mean over its sub-steps (at their midpoints),
///   the arrivals being uniform within the minute.
/// - Oldest wait: the head of a FIFO queue of Q contacts arriving at λ arrived about Q/λ ago, but
///   cannot age faster than the clock: min(previous + 60 s, Q/λ); with λ = 0 it ages by the
///   minute; an empty queue has none. Minute 0 is the observed oldest wait.
/// - Trailing service level at minute m: the met and offered contacts of minutes m−14…m, observed
///   minutes (≤ 0) as counted, projected ones as SL_m × forecast arrivals.
///
/// **Exact in the steady state**: with constant λ and Q = Lq* at the start, E stays 0, every
/// minute's queue is Lq* and its service level SL*(T), to rounding.
///
/// **Assumptions**: Poisson arrivals at the forecast mean, exponential handle times and patience
/// (Erlang A), FIFO, agents constant over the horizon, the excess served ahead of new arrivals
/// with its own abandons ignored in d (slightly pessimistic). It is a projection of the mean
/// queue at a known arrival rate: the Poisson scatter of arrivals around that rate is inside
/// Erlang A already, the uncertainty of the rate itself is not, and `BreachPrediction` runs the
/// ends of the forecast rate's interval through the same model. Value type; thread-safe.
public struct QueueProjection: Sendable, Equatable {
    /// The trailing service-level window, in minutes (the projected minute and the 14 before it).
    public static let trailingWindowMinutes = 15

    /// Minutes 1…H after now.
    public var minutes: [ProjectedMinute]

    public init(minutes: [ProjectedMinute]) { self.minutes = minutes }

    /// Projects the queue over as many minutes as `arrivalsPerMinute` has.
    /// - Parameters:
    ///   - now: the queue as it stands at the end of the last completed minute.
    ///   - objective: threshold, target and measure of the service level.
    ///   - arrivalsPerMinute: expected contacts offered in minutes 1, 2, … after now.
    ///   - recentMinutes: the observed minutes before now, oldest first, now's minute last; the
    ///     last 14 feed the trailing service level.
    ///   - secondsPerSubStep: the integration step within a minute.
    public init(
        now: QueueConditions, objective: ServiceLevelObjective, arrivalsPerMinute: [Double],
        recentMinutes: [MinuteObservation], secondsPerSubStep: Double = 6
    ) {
        precondition(now.handleTime > 0 && now.handleTime.isFinite, "the handle time must be positive")
        precondition(now.patience > 0 && now.patience.isFinite, "the patience must be positive")
        precondition(secondsPerSubStep > 0, "the sub-step must be positive")
        let subSteps = max(1, Int((60 / secondsPerSubStep).rounded(.up)))
        let subStep = 60 / Double(subSteps)
        let window = Self.trailingWindowMinutes
        let observed = recentMinutes.suffix(window - 1).map {
            (met: objective.measure.met($0), offered: Double(max(0, $0.arrivals)))
        }

        var queue = max(0, now.waiting.isFinite ? now.waiting : 0)
        var oldestWait = max(0, now.oldestWaitSeconds)
        var projectedMet: [Double] = []
        var projectedOffered: [Double] = []
        var minutes: [ProjectedMinute] = []
        minutes.reserveCapacity(arrivalsPerMinute.count)
        for (index, forecast) in arrivalsPerMinute.enumerated() {
            let arrivals = forecast.isFinite ? max(0, forecast) : 0
            let dynamics = QueueDynamics(arrivalsPerMinute: arrivals, conditions: now, objective: objective)
            var serviceLevelSum = 0.0
            for _ in 0..<subSteps {
                let middle = dynamics.advance(queue, seconds: subStep / 2, subStep: subStep)
                serviceLevelSum += dynamics.serviceLevel(queue: middle)
                queue = dynamics.advance(queue, seconds: subStep, subStep: subStep)
            }
            let serviceLevel = serviceLevelSum / Double(subSteps)
            if queue <= 1e-9 {
                oldestWait = 0
            } else if dynamics.arrivalRate > 0 {
                oldestWait = min(oldestWait + 60, queue / dynamics.arrivalRate)
            } else {
                oldestWait += 60
            }
            projectedMet.append(serviceLevel * arrivals)
            projectedOffered.append(arrivals)

            // Minutes m−14…m: observed minutes ≤ 0 first, then projected ones.
            let minute = index + 1
            var met = 0.0
            var offered = 0.0
            let observedNeeded = max(0, window - minute)
            for past in observed.suffix(observedNeeded) {
                met += past.met
                offered += past.offered
            }
            for projected in max(0, minute - window)..<minute {
                met += projectedMet[projected]
                offered += projectedOffered[projected]
            }
            minutes.append(
                ProjectedMinute(
                    minute: minute, arrivals: arrivals, queueLength: queue,
                    stationaryQueueLength: dynamics.stationaryQueue,
                    oldestWaitSeconds: oldestWait, serviceLevel: serviceLevel,
                    trailingServiceLevel: offered > 0 ? min(1, met / offered) : 1, trailingOffered: offered))
        }
        self.minutes = minutes
    }

    /// The first minute whose trailing service level is below `target`; nil when none is.
    public func firstMinute(trailingBelow target: Double) -> ProjectedMinute? {
        minutes.first { $0.trailingServiceLevel < target }
    }
}

/// One projected minute. Times in seconds. Value type; thread-safe.
public struct ProjectedMinute: Sendable, Equatable {
    /// 1 = the minute after now.
    public var minute: Int
    /// The forecast arrivals the minute was projected with.
    public var arrivals: Double
    /// Expected contacts waiting at the end of the minute.
    public var queueLength: Double
    /// Erlang A's stationary mean queue at the minute's arrival rate (Lq*), for reference; without
    /// agents, λ·patience, where arrivals and abandons balance.
    public var stationaryQueueLength: Double
    /// Expected wait of the oldest waiting contact at the end of the minute.
    public var oldestWaitSeconds: Double
    /// Expected service level of the contacts arriving in the minute.
    public var serviceLevel: Double
    /// Service level of the 15 minutes ending with this one (observed and projected minutes,
    /// weighted by contacts offered); 1 when nothing is offered in them.
    public var trailingServiceLevel: Double
    /// Contacts offered in those 15 minutes (observed plus expected).
    public var trailingOffered: Double

    public init(
        minute: Int, arrivals: Double, queueLength: Double, stationaryQueueLength: Double, oldestWaitSeconds: Double,
        serviceLevel: Double, trailingServiceLevel: Double, trailingOffered: Double
    ) {
        self.minute = minute
        self.arrivals = arrivals
        self.queueLength = queueLength
        self.stationaryQueueLength = stationaryQueueLength
        self.oldestWaitSeconds = oldestWaitSeconds
        self.serviceLevel = serviceLevel
        self.trailingServiceLevel = trailingServiceLevel
        self.trailingOffered = trailingOffered
    }
}
