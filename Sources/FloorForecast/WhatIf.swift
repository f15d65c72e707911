import FloorCore

/// A move a supervisor is thinking of: `agents` agents from one channel to another.
/// Value type; thread-safe.
public struct CapacityMove: Sendable, Equatable {
    public var from: Channel
    public var to: Channel
    public var agents: Int

    public init(from: Channel, to: Channel, agents: Int) {
        self.from = from
        self.to = to
        self.agents = agents
    }
}

/// What a live channel's projection needs, kept with the published forecast so a what-if is
/// answered from the board alone (on the reader's thread, never the engine loop).
/// Value type; thread-safe.
public struct ProjectionInputs: Sendable, Equatable {
    public var conditions: QueueConditions
    public var objective: ServiceLevelObjective
    /// The forecast's next minutes (the projection's horizon).
    public var forecast: [ArrivalForecastPoint]
    /// The observed minutes before now, oldest first.
    public var recentMinutes: [MinuteObservation]
    /// Servers an agent moved onto the channel adds: 1 for voice, the usual chat slots for chat.
    public var serversPerAgent: Double

    public init(
        conditions: QueueConditions, objective: ServiceLevelObjective, forecast: [ArrivalForecastPoint],
        recentMinutes: [MinuteObservation], serversPerAgent: Double
    ) {
        self.conditions = conditions
        self.objective = objective
        self.forecast = forecast
        self.recentMinutes = recentMinutes
        self.serversPerAgent = serversPerAgent
    }
}

/// One channel before and after the moves tried. Value type; thread-safe.
public struct WhatIfChannel: Sendable, Equatable {
    public var channel: Channel
    public var agentsBefore: Int
    public var agentsAfter: Int
    /// The projection with the agents there now, and with the moves (live channels; empty for
    /// email and tasks, whose backlog is not projected).
    public var before: [ProjectedMinute]
    public var after: [ProjectedMinute]
    public var breachBefore: BreachPrediction?
    public var breachAfter: BreachPrediction?

    public init(
        channel: Channel, agentsBefore: Int, agentsAfter: Int, before: [ProjectedMinute] = [],
        after: [ProjectedMinute] = [], breachBefore: BreachPrediction? = nil, breachAfter: BreachPrediction? = nil
    ) {
        self.channel = channel
        self.agentsBefore = agentsBefore
        self.agentsAfter = agentsAfter
        self.before = before
        self.after = after
        self.breachBefore = breachBefore
        self.breachAfter = breachAfter
    }
}

/// The projections with and without a set of moves, from the published forecast: what a
/// supervisor tries before making a move. Pure; thread-safe.
public enum WhatIf {
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notWarm
        case tooFewAgents(Channel, have: Int, moving: Int)

        public var description: String {
            switch self {
            case .notWarm: "the forecast has not seen enough minutes yet"
            case .tooFewAgents(let channel, let have, let moving):
                "\(channel.name) has \(have) agents, \(moving) cannot move"
            }
        }
    }

    /// An agent added never makes a minute worse, one taken away never better. The projection's
    /// transient is not quite monotone in the agents in deep overload: the excess over Erlang A's
    /// stationary queue is larger for the better-staffed queue (its stationary queue is shorter)
    /// and is served first, so for a few minutes its service level can come out up to half a point
    /// lower (docs/forecast.md). A what-if must not show a move backfiring for that reason.
    static func monotone(
        _ after: [ProjectedMinute], against before: [ProjectedMinute], adding: Bool
    )
        -> [ProjectedMinute]
    {
        zip(after, before).map { moved, now in
            var minute = moved
            if adding {
                minute.queueLength = min(moved.queueLength, now.queueLength)
                minute.oldestWaitSeconds = min(moved.oldestWaitSeconds, now.oldestWaitSeconds)
                minute.serviceLevel = max(moved.serviceLevel, now.serviceLevel)
                minute.trailingServiceLevel = max(moved.trailingServiceLevel, now.trailingServiceLevel)
            } else {
                minute.queueLength = max(moved.queueLength, now.queueLength)
                minute.oldestWaitSeconds = max(moved.oldestWaitSeconds, now.oldestWaitSeconds)
                minute.serviceLevel = min(moved.serviceLevel, now.serviceLevel)
                minute.trailingServiceLevel = min(moved.trailingServiceLevel, now.trailingServiceLevel)
            }
            return minute
        }
    }

    /// Every channel a move touches, in channel order. A move from a channel to itself changes
    /// nothing (its channel is shown with the same projection before and after).
    public static func evaluate(_ moves: [CapacityMove], on board: ForecastBoard) -> Result<[WhatIfChannel], Refusal> {
        var change = PerChannel(repeating: 0)
        for move in moves {
            change[move.from] -= move.agents
            change[move.to] += move.agents
        }
        var channels: [WhatIfChannel] = []
        for channel in Channel.allCases where moves.contains(where: { $0.from == channel || $0.to == channel }) {
            let before = board.agents[channel]
            let after = before + change[channel]
            guard after >= 0 else { return .failure(.tooFewAgents(channel, have: before, moving: -change[channel])) }
            var result = WhatIfChannel(channel: channel, agentsBefore: before, agentsAfter: after)
            if channel.isLive {
                guard let inputs = board.projectionInputs[channel] else { return .failure(.notWarm) }
                var moved = inputs.conditions
                let added = Double(change[channel]) * inputs.serversPerAgent
                moved.agents = max(0, inputs.conditions.agents + Int(added.rounded()))
                let project = { (conditions: QueueConditions) -> QueueProjection in
                    QueueProjection(
                        now: conditions, objective: inputs.objective,
                        arrivalsPerMinute: inputs.forecast.map(\.expected), recentMinutes: inputs.recentMinutes)
                }
                result.before = project(inputs.conditions).minutes
                result.after = Self.monotone(
                    project(moved).minutes, against: result.before, adding: change[channel] > 0)
                result.breachBefore = BreachPrediction(
                    now: inputs.conditions, objective: inputs.objective, forecast: inputs.forecast,
                    recentMinutes: inputs.recentMinutes)
                result.breachAfter = BreachPrediction(
                    now: moved, objective: inputs.objective, forecast: inputs.forecast,
                    recentMinutes: inputs.recentMinutes)
            }
            channels.append(result)
        }
        return .success(channels)
    }
}
