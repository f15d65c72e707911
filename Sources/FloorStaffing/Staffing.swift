/// Which queueing model staffs a live channel.
public enum StaffingModel: Sendable, Equatable {
    /// Callers never hang up: conservative, undefined when N ≤ A.
    case erlangC
    /// Callers hang up after an exponential patience with this mean (seconds).
    case erlangA(patience: Double)
    /// Chat: concurrency 1…k with a mean handle time per level (`handleTimes.count` = k), and
    /// an optional patience.
    case chat(handleTimes: [Double], patience: Double?)
}

/// What the staffing must achieve. Fractions 0…1, times in seconds. Value type; thread-safe.
public struct StaffingTargets: Sendable, Equatable {
    /// Service level to reach at `threshold` (nil: no service-level target).
    public var serviceLevel: Double?
    public var threshold: Double
    public var measure: ServiceLevelMeasure
    /// Highest acceptable ASA (mean wait of answered contacts).
    public var averageSpeedOfAnswer: Double?
    /// Highest acceptable realised occupancy (inclusive).
    public var maximumOccupancy: Double?
    /// Highest acceptable share of callers hanging up (Erlang A; Erlang C never abandons).
    public var maximumAbandon: Double?
    /// Share of paid time not productive (breaks, training, absence): scheduled = N/(1−s).
    public var shrinkage: Double

    public init(
        serviceLevel: Double? = nil, threshold: Double = 20, measure: ServiceLevelMeasure = .offered,
        averageSpeedOfAnswer: Double? = nil, maximumOccupancy: Double? = nil, maximumAbandon: Double? = nil,
        shrinkage: Double = 0
    ) {
        self.serviceLevel = serviceLevel
        self.threshold = threshold
        self.measure = measure
        self.averageSpeedOfAnswer = averageSpeedOfAnswer
        self.maximumOccupancy = maximumOccupancy
        self.maximumAbandon = maximumAbandon
        self.shrinkage = shrinkage
    }

    /// Whether a staffing's performance meets the service-level, ASA and abandonment targets
    /// (occupancy is a separate cap, applied after).
    public func isMet(by performance: QueuePerformance) -> Bool {
        guard performance.isStable else { return false }
        if let serviceLevel, performance.serviceLevel(measure) < serviceLevel - targetTolerance { return false }
        if let averageSpeedOfAnswer {
            guard let asa = performance.averageSpeedOfAnswer, asa <= averageSpeedOfAnswer + targetTolerance else {
                return false
            }
        }
        if let maximumAbandon, performance.probabilityAbandon > maximumAbandon + targetTolerance { return false }
        return true
    }

    func occupancyIsMet(by performance: QueuePerformance) -> Bool {
        guard let maximumOccupancy else { return true }
        return performance.occupancy <= maximumOccupancy * (1 + 1e-9)
    }
}

/// The staffing a queue needs. Value type; thread-safe.
public struct StaffingRequirement: Sendable, Equatable {
    /// Productive agents (logged in and taking this work).
    public var agents: Int
    /// Heads to schedule, after shrinkage.
    public var scheduledAgents: Int
    /// The queue's figures at `agents`.
    public var performance: QueuePerformance
    /// True when the occupancy cap, not the service targets, set `agents`.
    public var occupancyBound: Bool
    /// True when the targets would need more than `Staffing.maximumAgents`: `agents` is that
    /// bound, and the targets are not met at it.
    public var beyondBound: Bool = false
}

/// Staffing search and evaluation over the models (STAFFING-MATH §5). Pure; thread-safe.
public enum Staffing {
    /// The most agents a search tries. Each evaluation is a sum over the agents, and the
    /// recommender runs on the daemon's engine loop: a flood of events (a replay, a load test, a
    /// storm of bad timestamps) once drove the search to millions of agents and stalled the loop
    /// for seconds. No site has this many agents on one channel.
    public static let maximumAgents = 50_000

    /// The queue's figures with `agents` productive agents. `load` is λ·AHT in Erlangs (for chat,
    /// λ·handleTimes[0]: only λ is used), `handleTime` the mean handle time in seconds.
    public static func evaluate(
        agents: Int, load: Double, handleTime: Double, model: StaffingModel, threshold: Double
    ) -> QueuePerformance {
        switch model {
        case .erlangC:
            return ErlangC.evaluate(agents: agents, load: load, handleTime: handleTime, threshold: threshold)
        case .erlangA(let patience):
            guard agents >= 1 else { return load > 0 ? .unstable : ErlangA.idle(threshold: threshold) }
            return ErlangA.evaluate(
                agents: agents, load: load, handleTime: handleTime, patience: patience, threshold: threshold)
        case .chat(let handleTimes, let patience):
            return ChatModel.evaluate(
                agents: agents, arrivalRate: load / handleTime, handleTimes: handleTimes, patience: patience,
                threshold: threshold)
        }
    }

    /// The fewest productive agents meeting every target, then the occupancy cap, then
    /// shrinkage. Erlang C scans up from the smallest stable staffing, floor(A)+1 (starting at
    /// round(A+1) or ceil(A)+1 overstaffs small queues by one); Erlang A and chat are stable at
    /// any staffing and search from 1 (doubling, then bisecting: service level, ASA and
    /// abandonment are monotone in N).
    public static func required(
        load: Double, handleTime: Double, model: StaffingModel, targets: StaffingTargets
    ) -> StaffingRequirement {
        let evaluateAt = { (agents: Int) in
            evaluate(agents: agents, load: load, handleTime: handleTime, model: model, threshold: targets.threshold)
        }
        var agents: Int
        var performance: QueuePerformance
        switch model {
        case .erlangC:
            guard load.isFinite, load < Double(maximumAgents) else {
                let performance = evaluateAt(maximumAgents)
                return StaffingRequirement(
                    agents: maximumAgents,
                    scheduledAgents: scheduled(productive: maximumAgents, shrinkage: targets.shrinkage),
                    performance: performance, occupancyBound: false, beyondBound: true)
            }
            agents = max(1, Int(load.rounded(.down)) + 1)
            performance = evaluateAt(agents)
            while !targets.isMet(by: performance), agents < maximumAgents {
                agents += 1
                performance = evaluateAt(agents)
            }
        case .erlangA, .chat:
            (agents, performance) = smallest(meeting: targets.isMet, evaluate: evaluateAt)
        }
        var occupancyBound = false
        if let cap = targets.maximumOccupancy, cap > 0 {
            switch model {
            case .erlangC:
                let capped = safeCeil(load / cap)
                if capped > agents {
                    agents = capped
                    performance = evaluateAt(agents)
                    occupancyBound = true
                }
            case .erlangA, .chat:
                // Abandoned calls take no agent time: the cap is on the realised occupancy (it
                // binds less often than A/N would), monotone in the agents: searched from here.
                if !targets.occupancyIsMet(by: performance) {
                    let (found, foundPerformance) = smallest(
                        meeting: { targets.occupancyIsMet(by: $0) && targets.isMet(by: $0) }, evaluate: evaluateAt,
                        from: agents)
                    agents = found
                    performance = foundPerformance
                    occupancyBound = true
                }
            }
        }
        return StaffingRequirement(
            agents: agents, scheduledAgents: scheduled(productive: agents, shrinkage: targets.shrinkage),
            performance: performance, occupancyBound: occupancyBound,
            beyondBound: agents >= maximumAgents && !targets.isMet(by: performance))
    }

    /// Heads to schedule for `productive` agents at `shrinkage` (0…1), float-safe:
    /// 30 productive at 30 % shrinkage are 43, not 44.
    public static func scheduled(productive: Int, shrinkage: Double) -> Int {
        guard shrinkage > 0, shrinkage < 1 else { return productive }
        return safeCeil(Double(productive) / (1 - shrinkage))
    }

    /// The fewest agents from `start` up, at most `maximumAgents`, whose figures meet `isMet`
    /// (doubling, then bisecting); `maximumAgents` when none does.
    private static func smallest(
        meeting isMet: (QueuePerformance) -> Bool, evaluate: (Int) -> QueuePerformance, from start: Int = 1
    ) -> (Int, QueuePerformance) {
        var failing = start - 1
        var candidate = start
        var performance = evaluate(candidate)
        while !isMet(performance) {
            guard candidate < maximumAgents else { return (maximumAgents, performance) }
            failing = candidate
            candidate = min(maximumAgents, candidate * 2)
            performance = evaluate(candidate)
        }
        var meeting = candidate
        var meetingPerformance = performance
        while meeting - failing > 1 {
            let middle = failing + (meeting - failing) / 2
            let middlePerformance = evaluate(middle)
            if isMet(middlePerformance) {
                meeting = middle
                meetingPerformance = middlePerformance
            } else {
                failing = middle
            }
        }
        return (meeting, meetingPerformance)
    }
}
