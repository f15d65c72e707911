import FloorCore

/// What changed in a recommender run, for journald and logs.
public struct RecommendationChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case issued, updated, accepted, dismissed, done, expired
    }

    public var kind: Kind
    public var recommendation: Recommendation

    public init(kind: Kind, recommendation: Recommendation) {
        self.kind = kind
        self.recommendation = recommendation
    }
}

/// Recommends capacity shifts between channels, voice first (STAFFING-MATH §12): a live channel
/// below target is given agents from deferred work first (email, tasks), then from chat, one at
/// a time by best marginal gain, only agents whose routing profile allows the target and who
/// are not on a voice call; a healthy voice surplus is released to deferred work that ages toward
/// its deadline. Hysteresis (trigger below target − margin, give away only above target +
/// margin, two-tick confirmations) and a dwell time after each move stop flapping. Dismissed
/// moves are not repeated until conditions change.
///
/// Pure (time is a parameter) and single-threaded: owned by the engine's writer.
public struct CapacityRecommender: Sendable {
    public private(set) var settings: RecommenderSettings
    private var active: [Recommendation] = []
    private var history: [Recommendation] = []
    private var nextID: Int64 = 1
    private var pressureTicks = PerChannel(repeating: 0)
    private var healthyVoiceTicks = 0
    private var unneededTicks: [Pair: Int] = [:]
    /// Dismissed pair → agents dismissed; cleared once the pair is no longer wanted.
    private var dismissed: [Pair: Int] = [:]
    /// When a move last happened per pair (dwell runs from then), and per agent.
    private var lastMove: [Pair: EventTime] = [:]
    private var agentMoved: [String: EventTime] = [:]
    private var channels: [ChannelRequirement] = []
    /// Every channel seen in each agent's routing profile: an agent moved to voice-only keeps
    /// its email skill for the move back.
    private var capabilities: [String: ChannelSet] = [:]

    /// What the recommender remembers between runs (the lifecycle, ids, hysteresis, dwell and
    /// dismissals), for a checkpoint: a restart neither renumbers nor repeats recommendations.
    public struct State: Sendable, Equatable, Codable {
        var active: [Recommendation]
        var history: [Recommendation]
        var nextID: Int64
        var pressureTicks: [Int]
        var healthyVoiceTicks: Int
        var unneededTicks: [Pair: Int]
        var dismissed: [Pair: Int]
        var lastMove: [Pair: EventTime]
        var agentMoved: [String: EventTime]
        var channels: [ChannelRequirement]
        var capabilities: [String: ChannelSet]
    }

    public var state: State {
        State(
            active: active, history: history, nextID: nextID, pressureTicks: Channel.allCases.map { pressureTicks[$0] },
            healthyVoiceTicks: healthyVoiceTicks, unneededTicks: unneededTicks, dismissed: dismissed,
            lastMove: lastMove, agentMoved: agentMoved, channels: channels, capabilities: capabilities)
    }

    public mutating func restore(_ state: State) {
        active = state.active
        history = state.history
        nextID = max(nextID, state.nextID)
        for (channel, ticks) in zip(Channel.allCases, state.pressureTicks) { pressureTicks[channel] = ticks }
        healthyVoiceTicks = state.healthyVoiceTicks
        unneededTicks = state.unneededTicks
        dismissed = state.dismissed
        lastMove = state.lastMove
        agentMoved = state.agentMoved
        channels = state.channels
        capabilities = state.capabilities
    }

    struct Pair: Hashable, Sendable, Codable {
        var from: Channel
        var to: Channel
    }

    public init(settings: RecommenderSettings = RecommenderSettings()) {
        self.settings = settings
    }

    public mutating func updateSettings(_ settings: RecommenderSettings) { self.settings = settings }

    /// One run: assess every channel, plan moves, update the recommendations' lifecycle.
    /// `outlook`: the live channels whose fall below target the forecast predicts.
    public mutating func evaluate(
        _ snapshot: FloorSnapshot, now: EventTime, outlook: [Channel: ForecastOutlook] = [:]
    ) -> [RecommendationChange] {
        let agents = snapshot.agents
        for agent in agents {
            let details = agent.details
            var skills = ChannelSet(Channel.allCases.lazy.filter { details.slots[$0] > 0 })
            if let team = details.team, let trained = settings.crossTraining[team] {
                skills.formUnion(ChannelSet(trained))
            }
            if !(capabilities[details.id]?.isSuperset(of: skills) ?? false) {
                capabilities[details.id, default: []].formUnion(skills)
            }
        }
        var staffed = PerChannel(repeating: 0)
        for agent in agents { if let channel = allocation(of: agent) { staffed[channel] += 1 } }
        var assessments: [Channel: ChannelAssessment] = [:]
        for channel in Channel.allCases {
            let (assessment, pressure) = ChannelAssessment.assess(
                channel, snapshot: snapshot, staffed: staffed[channel], agents: agents, settings: settings,
                pressureTicks: pressureTicks[channel], outlook: outlook[channel])
            pressureTicks[channel] = pressure ? pressureTicks[channel] + 1 : 0
            assessments[channel] = assessment
        }
        channels = Channel.allCases.compactMap { assessments[$0]?.requirement }
        var changes = trackMoves(agents: agents, now: now)
        let wanted = plan(assessments, agents: agents, now: now)
        changes += reconcile(wanted, now: now)
        return changes
    }

    // MARK: Planning

    struct Move {
        var pair: Pair
        var agents: [String]
        var count: Int
    }

    private mutating func plan(
        _ assessments: [Channel: ChannelAssessment], agents: [AgentSnapshot], now: EventTime
    ) -> [Pair: PlannedMove] {
        var staffed = PerChannel { assessments[$0]?.staffed ?? 0 }
        var slack = PerChannel { assessments[$0]?.requirement.slack ?? 0 }
        var taken: Set<String> = []
        var moves: [Pair: [String]] = [:]
        let agentMoved = self.agentMoved
        let lastMove = self.lastMove
        let capabilities = self.capabilities
        let dwell = settings.dwell
        let inDwell = { (agent: String) in agentMoved[agent].map { now - $0 < dwell } ?? false }
        // Candidates once per run, in order of preference: fewest contacts in hand first (they
        // free up soonest: moves are not pre-emptive), each with the channel it works now.
        let candidates = agents.filter { $0.inUse.voice == 0 && !inDwell($0.id) }
            .sorted { ($0.contacts.count, $0.id) < ($1.contacts.count, $1.id) }
            .map { (agent: $0, channel: allocation(of: $0)) }
        let eligible = { (from: Channel, to: Channel) -> [AgentSnapshot] in
            candidates.filter {
                $0.channel == from && (capabilities[$0.agent.id]?.contains(to) ?? false) && !taken.contains($0.agent.id)
            }.map(\.agent)
        }
        let blockedByDwell = { (pair: Pair) in
            lastMove[Pair(from: pair.to, to: pair.from)].map { now - $0 < dwell } ?? false
        }

        // Live channels in priority order take from deferred work first, then from chat.
        for receiver in [Channel.voice, .chat] {
            guard let assessment = assessments[receiver], assessment.deficit > 0 else { continue }
            let donorGroups: [[Channel]] = receiver == .voice ? [[.task, .email], [.chat]] : [[.task, .email]]
            var need = assessment.deficit
            for group in donorGroups where need > 0 {
                while need > 0 {
                    let candidates = group.filter {
                        slack[$0] > 0 && !blockedByDwell(Pair(from: $0, to: receiver))
                            && !eligible($0, receiver).isEmpty
                    }
                    // Marginal gain: the receiver's gain is the same whoever gives; the donor's
                    // loss is zero for deferred work within its slack, SL lost for chat.
                    let best = candidates.max { lhs, rhs in
                        let lossL = loss(assessments[lhs], staffed[lhs])
                        let lossR = loss(assessments[rhs], staffed[rhs])
                        return (-lossL, slack[lhs]) < (-lossR, slack[rhs])
                    }
                    guard let donor = best, let agent = eligible(donor, receiver).first else { break }
                    taken.insert(agent.id)
                    moves[Pair(from: donor, to: receiver), default: []].append(agent.id)
                    slack[donor] -= 1
                    staffed[donor] -= 1
                    staffed[receiver] += 1
                    need -= 1
                }
            }
        }

        // A healthy voice surplus goes back to deferred work that ages toward its deadline.
        let voice = assessments[.voice]
        let voiceHealthy =
            (voice?.deficit ?? 0) == 0 && (voice?.requirement.slack ?? 0) > 0
            && moves.keys.allSatisfy { $0.to != .voice }
        healthyVoiceTicks = voiceHealthy ? healthyVoiceTicks + 1 : 0
        if healthyVoiceTicks >= settings.releaseTicks {
            for receiver in [Channel.email, .task] {
                guard let assessment = assessments[receiver], assessment.deficit > 0, slack.voice > 0 else { continue }
                let pair = Pair(from: .voice, to: receiver)
                guard !blockedByDwell(pair) else { continue }
                var need = min(assessment.deficit, slack.voice)
                for agent in eligible(.voice, receiver) where need > 0 {
                    taken.insert(agent.id)
                    moves[pair, default: []].append(agent.id)
                    slack.voice -= 1
                    need -= 1
                }
            }
        }

        var planned: [Pair: PlannedMove] = [:]
        for (pair, chosen) in moves {
            guard let to = assessments[pair.to], let from = assessments[pair.from] else { continue }
            let others = eligible(pair.from, pair.to).map(\.id)
            planned[pair] = PlannedMove(
                count: chosen.count, eligible: chosen + others, toBefore: to.project(to.staffed),
                toAfter: to.project(to.staffed + chosen.count), fromBefore: from.project(from.staffed),
                fromAfter: from.project(max(0, from.staffed - chosen.count)),
                reason: RecommendationText.reason(to: to, from: from), toNeeded: to.requirement.required,
                outlook: to.outlook)
        }
        return planned
    }

    private func loss(_ assessment: ChannelAssessment?, _ staffed: Int) -> Double {
        guard let assessment, assessment.channel.isLive else { return 0 }
        let before = assessment.project(staffed).serviceLevel ?? 1
        let after = assessment.project(staffed - 1).serviceLevel ?? 1
        return before - after
    }

    struct PlannedMove {
        var count: Int
        var eligible: [String]
        var toBefore: ChannelProjection
        var toAfter: ChannelProjection
        var fromBefore: ChannelProjection
        var fromAfter: ChannelProjection
        var reason: String
        /// Agents the target channel needs for its goal (the move may bring fewer).
        var toNeeded: Int
        /// The forecast it acts on; nil when it acts on the present.
        var outlook: ForecastOutlook?
    }

    // MARK: Lifecycle

    /// Counts the listed agents who have moved (now working the target channel, or the donor
    /// channel gone from their routing profile); the dwell runs from the first move.
    private mutating func trackMoves(agents: [AgentSnapshot], now: EventTime) -> [RecommendationChange] {
        let byID = Dictionary(agents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [RecommendationChange] = []
        for index in active.indices.reversed() {
            var recommendation = active[index]
            let moved = recommendation.eligibleAgents.filter { id in
                guard let agent = byID[id] else { return false }
                return allocation(of: agent) == recommendation.to || agent.slots[recommendation.from] == 0
            }
            recommendation.moved = moved.count
            if !moved.isEmpty, recommendation.movedAt == nil {
                recommendation.movedAt = now
                lastMove[Pair(from: recommendation.from, to: recommendation.to)] = now
            }
            for id in moved where agentMoved[id] == nil || now - agentMoved[id]! >= settings.dwell {
                agentMoved[id] = now
            }
            if recommendation.moved >= recommendation.agents {
                recommendation.state = .done
                recommendation.updatedAt = now
                lastMove[Pair(from: recommendation.from, to: recommendation.to)] = recommendation.movedAt ?? now
                active.remove(at: index)
                archive(recommendation)
                changes.append(RecommendationChange(kind: .done, recommendation: recommendation))
            } else {
                active[index] = recommendation
            }
        }
        return changes
    }

    private mutating func reconcile(_ wanted: [Pair: PlannedMove], now: EventTime) -> [RecommendationChange] {
        var changes: [RecommendationChange] = []
        for pair in dismissed.keys where wanted[pair] == nil { dismissed[pair] = nil }
        for (pair, move) in wanted.sorted(by: { Self.order($0.key) < Self.order($1.key) }) {
            unneededTicks[pair] = 0
            if let count = dismissed[pair], move.count <= count { continue }
            dismissed[pair] = nil
            if let index = active.firstIndex(where: { $0.from == pair.from && $0.to == pair.to }) {
                var recommendation = active[index]
                let countChanged = recommendation.state == .open && recommendation.agents != move.count
                if recommendation.state == .open { recommendation.agents = move.count }
                recommendation.eligibleAgents = move.eligible
                recommendation.reason = move.reason
                recommendation.toBefore = move.toBefore
                recommendation.toAfter = move.toAfter
                recommendation.fromBefore = move.fromBefore
                recommendation.fromAfter = move.fromAfter
                recommendation.forecast = move.outlook
                recommendation.summary = RecommendationText.summary(recommendation, needed: move.toNeeded)
                recommendation.updatedAt = now
                active[index] = recommendation
                if countChanged { changes.append(RecommendationChange(kind: .updated, recommendation: recommendation)) }
            } else {
                var recommendation = Recommendation(
                    id: nextID, from: pair.from, to: pair.to, agents: move.count, eligibleAgents: move.eligible,
                    reason: move.reason, summary: "", toBefore: move.toBefore, toAfter: move.toAfter,
                    fromBefore: move.fromBefore, fromAfter: move.fromAfter, state: .open, createdAt: now,
                    updatedAt: now, decidedBy: nil, decisionNote: nil, moved: 0, movedAt: nil)
                recommendation.forecast = move.outlook
                recommendation.summary = RecommendationText.summary(recommendation, needed: move.toNeeded)
                nextID += 1
                active.append(recommendation)
                changes.append(RecommendationChange(kind: .issued, recommendation: recommendation))
            }
        }
        for index in active.indices.reversed() {
            let pair = Pair(from: active[index].from, to: active[index].to)
            guard wanted[pair] == nil else { continue }
            unneededTicks[pair, default: 0] += 1
            guard unneededTicks[pair]! >= settings.expiryTicks, active[index].movedAt == nil else { continue }
            var recommendation = active.remove(at: index)
            recommendation.state = .expired
            recommendation.updatedAt = now
            archive(recommendation)
            changes.append(RecommendationChange(kind: .expired, recommendation: recommendation))
        }
        active.sort { Self.order(Pair(from: $0.from, to: $0.to)) < Self.order(Pair(from: $1.from, to: $1.to)) }
        return changes
    }

    /// Voice first, then chat, then deferred work.
    private static func order(_ pair: Pair) -> (UInt8, UInt8) { (pair.to.rawValue, pair.from.rawValue) }

    private mutating func archive(_ recommendation: Recommendation) {
        history.insert(recommendation, at: 0)
        if history.count > settings.historyLimit { history.removeLast(history.count - settings.historyLimit) }
    }

    // MARK: Decisions

    public enum DecisionResult: Sendable, Equatable {
        case decided(Recommendation)
        case notFound
        case notOpen
    }

    /// A supervisor or WFM tool accepts an open recommendation (they will make the move).
    public mutating func accept(id: Int64, by who: String, note: String?, at now: EventTime) -> DecisionResult {
        guard let index = active.firstIndex(where: { $0.id == id }) else { return .notFound }
        guard active[index].state == .open else { return .notOpen }
        active[index].state = .accepted
        active[index].decidedBy = who
        active[index].decisionNote = note
        active[index].updatedAt = now
        return .decided(active[index])
    }

    /// Dismisses it: the same move is not proposed again until conditions change (the need goes
    /// away, or grows beyond what was dismissed).
    public mutating func dismiss(id: Int64, by who: String, note: String?, at now: EventTime) -> DecisionResult {
        guard let index = active.firstIndex(where: { $0.id == id }) else { return .notFound }
        guard active[index].state == .open || active[index].state == .accepted else { return .notOpen }
        var recommendation = active.remove(at: index)
        recommendation.state = .dismissed
        recommendation.decidedBy = who
        recommendation.decisionNote = note
        recommendation.updatedAt = now
        dismissed[Pair(from: recommendation.from, to: recommendation.to)] = recommendation.agents
        archive(recommendation)
        return .decided(recommendation)
    }

    public func board(at now: EventTime) -> RecommendationBoard {
        RecommendationBoard(generatedAt: now, channels: channels, active: active, history: history)
    }
}
