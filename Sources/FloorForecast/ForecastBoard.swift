import Atomics
import FloorCore
import FloorStaffing

/// A channel or a queue, as the forecast names it. Value type; thread-safe.
public enum ForecastScope: Hashable, Sendable {
    case channel(Channel)
    case queue(String)

    /// "voice", or "queue billing".
    public var description: String {
        switch self {
        case .channel(let channel): channel.name
        case .queue(let name): "queue \(name)"
        }
    }
}

/// The floor's forecast as of one minute: what `/v1/forecast` serves. Immutable, published whole
/// by an atomic reference (`ForecastPublisher`) as snapshots are; thread-safe.
public final class ForecastBoard: Sendable, Equatable, AtomicReference {
    /// The snapshot time it was made from.
    public let generatedAt: EventTime
    /// The channels (every one, in order) and then the queues that had contacts, by name.
    public let scopes: [ScopeForecast]
    /// Agents whose capacity is on each channel now (the recommender's allocation).
    public let agents: PerChannel<Int>
    /// What each warm live channel's projection was made from, for what-ifs (not served as such).
    public let projectionInputs: [Channel: ProjectionInputs]

    public init(
        generatedAt: EventTime, scopes: [ScopeForecast], agents: PerChannel<Int> = PerChannel(repeating: 0),
        projectionInputs: [Channel: ProjectionInputs] = [:]
    ) {
        self.generatedAt = generatedAt
        self.scopes = scopes
        self.agents = agents
        self.projectionInputs = projectionInputs
    }

    public func scope(_ scope: ForecastScope) -> ScopeForecast? { scopes.first { $0.scope == scope } }

    /// The live channels whose predictive alert is raised, as the recommender reads them: when,
    /// on which arrivals (the next quarter hour's, an hour), and how low.
    public var outlook: [Channel: ForecastOutlook] {
        var outlook: [Channel: ForecastOutlook] = [:]
        for scope in scopes {
            guard case .channel(let channel) = scope.scope, scope.alertRaised,
                let breach = scope.breach?.minutesUntilBreach
            else { continue }
            let quarter = scope.trajectory.prefix(15)
            let perHour = quarter.isEmpty ? 0 : quarter.map(\.arrivals).reduce(0, +) / Double(quarter.count) * 60
            outlook[channel] = ForecastOutlook(
                minutesUntilBreach: breach, arrivalsPerHour: perHour,
                projectedServiceLevel: scope.breach?.projectedServiceLevel)
        }
        return outlook
    }

    /// Minutes until each live channel's predicted service-level breach, for the channels whose
    /// predictive alert is raised (the alert rules' `service_level_breach_minutes`).
    public var predictedBreachMinutes: [Channel: Double] { outlook.mapValues { Double($0.minutesUntilBreach) } }

    /// The served figures (the time and the scopes).
    public static func == (left: ForecastBoard, right: ForecastBoard) -> Bool {
        left.generatedAt == right.generatedAt && left.scopes == right.scopes
    }
}

/// Readers load the forecast as they load snapshots.
public typealias ForecastPublisher = Publisher<ForecastBoard>

/// One scope's next hour. Value type; thread-safe.
public struct ScopeForecast: Sendable, Equatable {
    public var scope: ForecastScope
    public var channel: Channel?
    /// False until the scope has enough minutes behind it (`ArrivalForecaster.isWarm`).
    public var isWarm: Bool
    /// Arrivals per 5 minutes over the horizon, with the 80 % prediction interval.
    public var arrivals: [ArrivalForecastInterval]
    public var handleTimeSeconds: Double?
    public var patienceSeconds: Double?
    /// Live channels once warm: the servers counted, the goal, the minute-by-minute projection
    /// under the mean forecast, and the predicted breach.
    public var agents: Int?
    public var objective: ServiceLevelObjective?
    public var trajectory: [ProjectedMinute]
    public var breach: BreachPrediction?
    /// The predictive alert of this scope is raised.
    public var alertRaised: Bool

    public init(
        scope: ForecastScope, channel: Channel?, isWarm: Bool, arrivals: [ArrivalForecastInterval] = [],
        handleTimeSeconds: Double? = nil, patienceSeconds: Double? = nil, agents: Int? = nil,
        objective: ServiceLevelObjective? = nil, trajectory: [ProjectedMinute] = [], breach: BreachPrediction? = nil,
        alertRaised: Bool = false
    ) {
        self.scope = scope
        self.channel = channel
        self.isWarm = isWarm
        self.arrivals = arrivals
        self.handleTimeSeconds = handleTimeSeconds
        self.patienceSeconds = patienceSeconds
        self.agents = agents
        self.objective = objective
        self.trajectory = trajectory
        self.breach = breach
        self.alertRaised = alertRaised
    }
}

/// A predictive alert raised (with the prediction that confirmed it) or cleared.
/// Value type; thread-safe.
public struct PredictiveAlertChange: Sendable, Equatable {
    public var scope: ForecastScope
    /// The prediction when raised; nil when cleared.
    public var raised: BreachPrediction?
    public var at: EventTime

    public init(scope: ForecastScope, raised: BreachPrediction?, at: EventTime) {
        self.scope = scope
        self.raised = raised
        self.at = at
    }
}
