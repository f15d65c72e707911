import FloorCore
import FloorProtocol
import FloorStaffing

/// `GET /v1/recommendations`; the stream's `recommendations` event is the same without
/// `generated_at` and `history` (what a wall screen shows).
///
/// Value type; thread-safe.
public struct RecommendationBoardDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case generatedAt = "generated_at"
        case active, channels, history
    }

    /// Nil in the live stream's event.
    public var generatedAt: EventTime?
    /// Open and accepted moves, voice first.
    public var active: [Recommendation] = []
    /// Each channel's requirement with the numbers behind it.
    public var channels: [ChannelRequirement] = []
    /// Recent moves in every state, newest first; nil in the live stream's event.
    public var history: [Recommendation]?

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "recommendations")
        generatedAt = try reader.time(.generatedAt)
        active = try reader.documents(.active)
        channels = try reader.documents(.channels)
        history = reader.value(.history) == nil ? nil : try reader.documents(.history)
    }

    public func write(into json: inout JSONObjectWriter) {
        if let generatedAt { json.time(Key.generatedAt, generatedAt) }
        json.documents(Key.active, active)
        json.documents(Key.channels, channels)
        if let history { json.documents(Key.history, history) }
    }

    public init(_ board: RecommendationBoard, live: Bool = false) {
        generatedAt = live ? nil : board.generatedAt
        active = board.active
        channels = board.channels
        history = live ? nil : board.history
    }

    /// The first channel short of agents, when no move is open: why nothing moves.
    public var shortChannel: ChannelRequirement? { channels.first { $0.required > $0.staffed } }
}

extension Recommendation: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, state, from, to, agents
        case eligibleAgents = "eligible_agents"
        case summary, reason, projection
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case decidedBy = "decided_by"
        case note, moved
        case movedAt = "moved_at"
        case basis, forecast
        // Members of each channel under `projection`.
        case before, after
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "recommendation")
        let from = try reader.channel(.from) ?? .voice
        let to = try reader.channel(.to) ?? .voice
        var projections: [Channel: (before: ChannelProjection, after: ChannelProjection)] = [:]
        if let projection = reader.value(.projection) {
            let perChannel = try DocumentReader<Key>(projection, "projection")
            for (name, member) in perChannel.members {
                guard let channel = Channel(name: name) else { continue }
                let pair = try DocumentReader<Key>(member, "projection.\(name)")
                projections[channel] = (
                    try pair.document(.before) ?? ChannelProjection(agents: 0),
                    try pair.document(.after) ?? ChannelProjection(agents: 0)
                )
            }
        }
        let none = (before: ChannelProjection(agents: 0), after: ChannelProjection(agents: 0))
        self.init(
            id: try reader.integer(.id), from: from, to: to, agents: try reader.count(.agents),
            eligibleAgents: try reader.strings(.eligibleAgents), reason: try reader.string(.reason),
            summary: try reader.string(.summary), toBefore: (projections[to] ?? none).before,
            toAfter: (projections[to] ?? none).after, fromBefore: (projections[from] ?? none).before,
            fromAfter: (projections[from] ?? none).after,
            state: try State(rawValue: reader.string(.state)) ?? .open,
            createdAt: try reader.time(.createdAt) ?? EventTime(milliseconds: 0),
            updatedAt: try reader.time(.updatedAt) ?? EventTime(milliseconds: 0),
            decidedBy: try reader.optionalString(.decidedBy), decisionNote: try reader.optionalString(.note),
            moved: try reader.count(.moved), movedAt: try reader.time(.movedAt))
        forecast = try reader.document(.forecast)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.id, id)
        json.string(Key.state, state.rawValue)
        json.string(Key.from, from.name)
        json.string(Key.to, to.name)
        json.integer(Key.agents, agents)
        json.strings(Key.eligibleAgents, eligibleAgents)
        json.string(Key.summary, summary)
        json.string(Key.reason, reason)
        var projected = JSONObjectWriter()
        for (channel, before, after) in [(to, toBefore, toAfter), (from, fromBefore, fromAfter)] {
            var pair = JSONObjectWriter()
            pair.document(Key.before, before)
            pair.document(Key.after, after)
            projected.raw(channel.name, pair.finish())
        }
        json.raw(Key.projection.rawValue, projected.finish())
        json.time(Key.createdAt, createdAt)
        json.time(Key.updatedAt, updatedAt)
        json.string(Key.decidedBy, decidedBy)
        json.string(Key.note, decisionNote)
        json.integer(Key.moved, moved)
        json.time(Key.movedAt, movedAt)
        json.string(Key.basis, basis)
        json.document(Key.forecast, forecast)
    }
}

extension ForecastOutlook: QueryDocument {
    public enum Key: String, DocumentKey {
        case minutesUntilBreach = "minutes_until_breach"
        case arrivalsPerHour = "arrivals_per_hour"
        case projectedServiceLevel = "projected_service_level"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "forecast outlook")
        self.init(
            minutesUntilBreach: try reader.count(.minutesUntilBreach),
            arrivalsPerHour: try reader.number(.arrivalsPerHour) ?? 0,
            projectedServiceLevel: try reader.number(.projectedServiceLevel))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.minutesUntilBreach, minutesUntilBreach)
        json.number(Key.arrivalsPerHour, arrivalsPerHour)
        json.number(Key.projectedServiceLevel, projectedServiceLevel)
    }
}

extension ChannelProjection: QueryDocument {
    public enum Key: String, DocumentKey {
        case agents
        case serviceLevel = "service_level"
        case asaSeconds = "asa_seconds"
        case backlogClearingSeconds = "backlog_clearing_seconds"
        case abandonsPerHour = "abandons_per_hour"
        case queueGrowthPerMinute = "queue_growth_per_minute"
        case expectedWaitSeconds = "expected_wait_seconds"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "projection")
        self.init(
            agents: try reader.count(.agents), serviceLevel: try reader.number(.serviceLevel),
            averageSpeedOfAnswer: try reader.number(.asaSeconds),
            backlogClearingSeconds: try reader.number(.backlogClearingSeconds),
            abandonsPerHour: try reader.number(.abandonsPerHour),
            queueGrowthPerMinute: try reader.number(.queueGrowthPerMinute),
            expectedWaitSeconds: try reader.number(.expectedWaitSeconds))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.agents, agents)
        json.number(Key.serviceLevel, serviceLevel)
        json.number(Key.asaSeconds, averageSpeedOfAnswer)
        json.number(Key.backlogClearingSeconds, backlogClearingSeconds)
        json.number(Key.abandonsPerHour, abandonsPerHour)
        json.number(Key.queueGrowthPerMinute, queueGrowthPerMinute)
        json.number(Key.expectedWaitSeconds, expectedWaitSeconds)
    }
}

extension ChannelRequirement: QueryDocument {
    public enum Key: String, DocumentKey {
        case channel, model
        case arrivalsPerHour = "arrivals_per_hour"
        case ahtSeconds = "aht_seconds"
        case patienceSeconds = "patience_seconds"
        case staffed, required, surplus, slack, waiting
        case oldestWaitSeconds = "oldest_wait_seconds"
        case serviceLevelTarget = "service_level_target"
        case thresholdSeconds = "threshold_seconds"
        case now
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "channel requirement")
        self.init(
            channel: try reader.channel(.channel) ?? .voice, model: try reader.string(.model),
            arrivalsPerHour: try reader.number(.arrivalsPerHour) ?? 0,
            handleTimeSeconds: try reader.number(.ahtSeconds) ?? 0,
            patienceSeconds: try reader.number(.patienceSeconds),
            staffed: try reader.count(.staffed), required: try reader.count(.required), slack: try reader.count(.slack),
            waiting: try reader.count(.waiting), oldestWaitSeconds: try reader.number(.oldestWaitSeconds),
            serviceLevelTarget: try reader.number(.serviceLevelTarget) ?? 0,
            thresholdSeconds: try reader.number(.thresholdSeconds) ?? 0,
            now: try reader.document(.now) ?? ChannelProjection(agents: 0))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.channel, channel.name)
        json.string(Key.model, model)
        json.number(Key.arrivalsPerHour, arrivalsPerHour)
        json.number(Key.ahtSeconds, handleTimeSeconds)
        json.number(Key.patienceSeconds, patienceSeconds)
        json.integer(Key.staffed, staffed)
        json.integer(Key.required, required)
        json.integer(Key.surplus, surplus)
        json.integer(Key.slack, slack)
        json.integer(Key.waiting, waiting)
        json.number(Key.oldestWaitSeconds, oldestWaitSeconds)
        json.number(Key.serviceLevelTarget, serviceLevelTarget)
        json.number(Key.thresholdSeconds, thresholdSeconds)
        json.document(Key.now, now)
    }
}
