import FloorCore

/// What a channel would look like with a given staffing: service level and ASA for live
/// channels, the time to clear the backlog for deferred ones. Value type; thread-safe.
public struct ChannelProjection: Sendable, Equatable, Codable {
    public var agents: Int
    /// Answered within the threshold over offered (live channels).
    public var serviceLevel: Double?
    /// Seconds (live channels; nil when infinite).
    public var averageSpeedOfAnswer: Double?
    /// Seconds to clear the current backlog at this staffing (deferred channels; nil = never).
    public var backlogClearingSeconds: Double?
    /// Live channels: callers who would hang up per hour at this staffing (Erlang A; nil
    /// without a patience estimate).
    public var abandonsPerHour: Double?
    /// Live channels: by how many contacts a minute the queue would grow, when the agents cannot
    /// keep up and nobody is assumed to hang up (Erlang C, load ≥ agents); nil when it does not grow.
    public var queueGrowthPerMinute: Double?
    /// Live channels: the mean wait of a new caller, abandons included (seconds; nil = unbounded).
    public var expectedWaitSeconds: Double?

    public init(
        agents: Int, serviceLevel: Double? = nil, averageSpeedOfAnswer: Double? = nil,
        backlogClearingSeconds: Double? = nil, abandonsPerHour: Double? = nil, queueGrowthPerMinute: Double? = nil,
        expectedWaitSeconds: Double? = nil
    ) {
        self.agents = agents
        self.serviceLevel = serviceLevel
        self.averageSpeedOfAnswer = averageSpeedOfAnswer
        self.backlogClearingSeconds = backlogClearingSeconds
        self.abandonsPerHour = abandonsPerHour
        self.queueGrowthPerMinute = queueGrowthPerMinute
        self.expectedWaitSeconds = expectedWaitSeconds
    }
}

/// One channel's requirement as the recommender computed it, with the numbers behind it.
/// Value type; thread-safe.
public struct ChannelRequirement: Sendable, Equatable, Codable {
    public var channel: Channel
    /// `erlang_a`, `erlang_c`, `chat` or `deadline`.
    public var model: String
    public var arrivalsPerHour: Double
    public var handleTimeSeconds: Double
    /// The patience estimate (waiting time of all callers over abandons, short ones excluded).
    public var patienceSeconds: Double?
    /// Agents working the channel now (on its contacts, or idle with it as their first channel).
    public var staffed: Int
    /// Productive agents needed for the target.
    public var required: Int
    /// Agents the channel could give away and still meet its target with a margin.
    public var slack: Int
    public var waiting: Int
    public var oldestWaitSeconds: Double?
    public var serviceLevelTarget: Double
    public var thresholdSeconds: Double
    public var now: ChannelProjection

    public var surplus: Int { staffed - required }

    public init(
        channel: Channel, model: String, arrivalsPerHour: Double, handleTimeSeconds: Double, patienceSeconds: Double?,
        staffed: Int, required: Int, slack: Int, waiting: Int, oldestWaitSeconds: Double?, serviceLevelTarget: Double,
        thresholdSeconds: Double, now: ChannelProjection
    ) {
        self.channel = channel
        self.model = model
        self.arrivalsPerHour = arrivalsPerHour
        self.handleTimeSeconds = handleTimeSeconds
        self.patienceSeconds = patienceSeconds
        self.staffed = staffed
        self.required = required
        self.slack = slack
        self.waiting = waiting
        self.oldestWaitSeconds = oldestWaitSeconds
        self.serviceLevelTarget = serviceLevelTarget
        self.thresholdSeconds = thresholdSeconds
        self.now = now
    }
}

/// A recommended capacity shift. Value type; thread-safe.
public struct Recommendation: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// Proposed, waiting for a supervisor or WFM tool.
        case open
        case accepted
        /// The agents moved (seen in their states or routing profiles); dwell runs from then.
        case done
        case dismissed
        /// Conditions changed before anyone acted.
        case expired
    }

    public var id: Int64
    public var from: Channel
    public var to: Channel
    public var agents: Int
    /// Agents who could make the move: the target channel in their routing profile, not on a
    /// voice call, working the donor channel now. Best candidates first.
    public var eligibleAgents: [String]
    /// The observed figures that triggered it.
    public var reason: String
    /// One line for a wall screen: "move 3 agents email → voice: voice SL 71 % → 84 %".
    public var summary: String
    public var toBefore: ChannelProjection
    public var toAfter: ChannelProjection
    public var fromBefore: ChannelProjection
    public var fromAfter: ChannelProjection
    public var state: State
    public var createdAt: EventTime
    public var updatedAt: EventTime
    /// Who accepted or dismissed it, and why.
    public var decidedBy: String?
    public var decisionNote: String?
    /// How many of the eligible agents have moved so far, and when the first did.
    public var moved: Int
    public var movedAt: EventTime?
    /// The forecast it acts on, when it acts on a predicted fall below target rather than on
    /// what has happened (nil: the present).
    public var forecast: ForecastOutlook? = nil

    /// "present" or "forecast": what the move acts on.
    public var basis: String { forecast == nil ? "present" : "forecast" }

    public init(
        id: Int64, from: Channel, to: Channel, agents: Int, eligibleAgents: [String], reason: String, summary: String,
        toBefore: ChannelProjection, toAfter: ChannelProjection, fromBefore: ChannelProjection,
        fromAfter: ChannelProjection, state: State, createdAt: EventTime, updatedAt: EventTime, decidedBy: String?,
        decisionNote: String?, moved: Int, movedAt: EventTime?
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.agents = agents
        self.eligibleAgents = eligibleAgents
        self.reason = reason
        self.summary = summary
        self.toBefore = toBefore
        self.toAfter = toAfter
        self.fromBefore = fromBefore
        self.fromAfter = fromAfter
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.decidedBy = decidedBy
        self.decisionNote = decisionNote
        self.moved = moved
        self.movedAt = movedAt
    }
}

/// The recommender's output as readers see it: immutable, published by atomic reference swap.
/// Thread-safe.
public final class RecommendationBoard: Sendable {
    public let generatedAt: EventTime
    public let channels: [ChannelRequirement]
    /// Open and accepted recommendations, voice first.
    public let active: [Recommendation]
    /// Recent ones in every state, newest first.
    public let history: [Recommendation]

    public init(
        generatedAt: EventTime, channels: [ChannelRequirement], active: [Recommendation], history: [Recommendation]
    ) {
        self.generatedAt = generatedAt
        self.channels = channels
        self.active = active
        self.history = history
    }

    public static func empty(at time: EventTime) -> RecommendationBoard {
        RecommendationBoard(generatedAt: time, channels: [], active: [], history: [])
    }
}
