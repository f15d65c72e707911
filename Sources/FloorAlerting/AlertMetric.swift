import FloorCore

/// A figure an alert rule can watch: any scope figure of the snapshot, on a window where it is a
/// windowed figure, plus per-source health and the daemon's own UDP drops.
/// Value type; thread-safe.
public enum AlertMetric: String, Sendable, CaseIterable, Codable {
    case inQueue = "in_queue"
    case oldestWait = "oldest_wait_seconds"
    case serviceLevel = "service_level"
    case abandonRate = "abandon_rate"
    case averageSpeedOfAnswer = "asa_seconds"
    case averageHandleTime = "aht_seconds"
    case averageAbandonTime = "average_abandon_seconds"
    case waitP90 = "wait_p90_seconds"
    case waitMax = "wait_max_seconds"
    case offered
    case abandoned
    case occupancy
    case slotOccupancy = "slot_occupancy"
    case agentsAvailable = "agents_available"
    case agentsStaffed = "agents_staffed"
    case agentsAway = "agents_away"
    /// Contacts waiting while no agent of the scope is available (0 when one is).
    case waitingWithoutAvailableAgent = "waiting_without_available_agent"
    case backlog
    case backlogOldestAge = "backlog_oldest_age_seconds"
    /// Seconds since a source last sent anything (sources that have sent before).
    case sourceSilence = "source_silence_seconds"
    /// Rejected inputs per minute, per source, over the last minute.
    case decodeErrorsPerMinute = "decode_errors_per_minute"
    /// Datagrams the kernel dropped on floorwatch's UDP sockets per minute (overall scope).
    case udpDropsPerMinute = "udp_drops_per_minute"
    /// Contacts refused and agents or queues folded away at the engine's limits per minute, per
    /// source, over the last minute (`EngineLimits`).
    case limitHitsPerMinute = "limit_hits_per_minute"
    /// Minutes until the channel's 15-minute service level is projected to fall below its
    /// target (the forecast's predictive alert: present only while the forecast, with its own
    /// confidence, hysteresis and minimum of contacts, predicts the breach; live channels).
    case minutesUntilServiceLevelBreach = "service_level_breach_minutes"

    /// Whether the figure is read from a sliding window (the rule names which).
    public var isWindowed: Bool {
        switch self {
        case .serviceLevel, .abandonRate, .averageSpeedOfAnswer, .averageHandleTime, .averageAbandonTime, .waitP90,
            .waitMax, .offered, .abandoned, .occupancy, .slotOccupancy:
            true
        default: false
        }
    }

    /// Whether the figure is per source rather than per floor scope.
    public var isPerSource: Bool {
        self == .sourceSilence || self == .decodeErrorsPerMinute || self == .limitHitsPerMinute
    }

    /// Shares are shown as percentages, durations in seconds.
    public var isShare: Bool {
        self == .serviceLevel || self == .abandonRate || self == .occupancy || self == .slotOccupancy
    }

    var isDuration: Bool {
        switch self {
        case .oldestWait, .averageSpeedOfAnswer, .averageHandleTime, .averageAbandonTime, .waitP90, .waitMax,
            .backlogOldestAge, .sourceSilence:
            true
        default: false
        }
    }

    /// The figure for a floor scope; nil when there is nothing to compute it from (a null ratio
    /// never fires nor keeps an alert firing).
    func value(in scope: ScopeSnapshot, window: WindowSnapshot?) -> Double? {
        let seconds = { (milliseconds: Milliseconds?) in milliseconds.map { Double($0) / 1000 } }
        switch self {
        case .inQueue: return Double(scope.inQueue)
        case .oldestWait: return seconds(scope.oldestWait) ?? 0
        case .agentsAvailable: return Double(scope.agents.available)
        case .agentsStaffed: return Double(scope.agents.staffed)
        case .agentsAway: return Double(scope.agents.away)
        case .waitingWithoutAvailableAgent:
            return scope.agents.available == 0 ? Double(scope.inQueue) : 0
        case .backlog: return Double(scope.backlog.count)
        case .backlogOldestAge: return seconds(scope.backlog.oldestAge) ?? 0
        case .serviceLevel: return window?.serviceLevel
        case .abandonRate: return window?.abandonRate
        case .averageSpeedOfAnswer: return window?.averageSpeedOfAnswer.map { $0 / 1000 }
        case .averageHandleTime: return window?.averageHandleTime.map { $0 / 1000 }
        case .averageAbandonTime: return window?.averageAbandonTime.map { $0 / 1000 }
        case .waitP90: return seconds(window?.waitP90)
        case .waitMax: return seconds(window?.waitMax)
        case .offered: return window.map { Double($0.counts[.offered]) }
        case .abandoned: return window.map { Double($0.counts[.abandoned]) }
        case .occupancy: return window?.occupancyTime
        case .slotOccupancy: return window?.occupancySlots
        case .sourceSilence, .decodeErrorsPerMinute, .udpDropsPerMinute, .limitHitsPerMinute,
            .minutesUntilServiceLevelBreach:
            return nil
        }
    }

    /// "134 s", "71 %", "3".
    public func format(_ value: Double) -> String {
        if self == .minutesUntilServiceLevelBreach { return NumberText.number(value.rounded()) + " min" }
        if isShare { return NumberText.number(value * 100) + " %" }
        if isDuration { return NumberText.number(value) + " s" }
        return NumberText.number(value)
    }

    /// The sentence's subject and verb, before the value.
    var phrase: String {
        switch self {
        case .inQueue: "contacts in queue:"
        case .oldestWait: "oldest contact has waited"
        case .serviceLevel: "service level is"
        case .abandonRate: "abandon rate is"
        case .averageSpeedOfAnswer: "average speed of answer is"
        case .averageHandleTime: "average handle time is"
        case .averageAbandonTime: "average abandon time is"
        case .waitP90: "90th percentile wait is"
        case .waitMax: "longest wait was"
        case .offered: "contacts offered:"
        case .abandoned: "contacts abandoned:"
        case .occupancy: "agent occupancy is"
        case .slotOccupancy: "slot occupancy is"
        case .agentsAvailable: "agents available:"
        case .agentsStaffed: "agents staffed:"
        case .agentsAway: "agents away:"
        case .waitingWithoutAvailableAgent: "contacts waiting with no agent available:"
        case .backlog: "items in backlog:"
        case .backlogOldestAge: "oldest backlog item is aged"
        case .sourceSilence: "nothing received for"
        case .decodeErrorsPerMinute: "rejected inputs per minute:"
        case .udpDropsPerMinute: "UDP datagrams dropped by the kernel per minute:"
        case .limitHitsPerMinute: "contacts, agents or queues over floorwatch's limits per minute:"
        case .minutesUntilServiceLevelBreach: "service level over 15m will fall below target in about"
        }
    }
}
