/// How service level is computed. Platforms disagree (DOMAIN.md §B), so it is a per-queue choice.
public enum ServiceLevelDefinition: String, Sendable, Equatable, CaseIterable {
    /// Amazon Connect "SL X": contacts removed from the queue by an answer or an abandon within the
    /// threshold, over all contacts removed from the queue. A caller the queue itself put out (a
    /// timeout, no member logged in) was not served: never "met", always in the denominator.
    case connect
    /// Answered within the threshold over every contact that left the queue.
    case answeredOverOffered = "answered_over_offered"
    /// Answered within the threshold over answered (Asterisk's ServiceLevelPerf).
    case answeredOverAnswered = "answered_over_answered"
    /// Answered within the threshold over contacts that left the queue, short abandons excluded
    /// (Genesys with "exclude short abandons").
    case excludeShortAbandons = "exclude_short_abandons"
}

/// Service-level threshold and target of one queue (or a channel's default).
public struct ServiceLevelGoal: Sendable, Equatable {
    public var threshold: Milliseconds
    /// Fraction 0…1 (0.8 for "80/20").
    public var target: Double
    public var definition: ServiceLevelDefinition
    /// More thresholds to report service level at (Connect's custom SL thresholds, Asterisk's
    /// SL2), shortest first; the target applies to `threshold` only.
    public var additionalThresholds: [Milliseconds]

    /// At most this many additional thresholds per scope (each costs two counters per bucket).
    public static let maximumAdditionalThresholds = 4

    public init(
        threshold: Milliseconds, target: Double, definition: ServiceLevelDefinition = .connect,
        additionalThresholds: [Milliseconds] = []
    ) {
        self.threshold = threshold
        self.target = target
        self.definition = definition
        self.additionalThresholds = Array(
            Set(additionalThresholds).subtracting([threshold]).sorted().prefix(Self.maximumAdditionalThresholds))
    }

    /// Documented per-channel defaults: voice 80 % in 20 s, chat 80 % in 60 s, email 90 % in 24 h,
    /// tasks 90 % in 8 h.
    public static func channelDefault(_ channel: Channel) -> ServiceLevelGoal {
        switch channel {
        case .voice: ServiceLevelGoal(threshold: .seconds(20), target: 0.8)
        case .chat: ServiceLevelGoal(threshold: .seconds(60), target: 0.8)
        case .email: ServiceLevelGoal(threshold: .hours(24), target: 0.9)
        case .task: ServiceLevelGoal(threshold: .hours(8), target: 0.9)
        }
    }
}

/// What a queue is, when the source alone does not say (Asterisk queues know no channel), and
/// how its figures differ from its channel's. What is not set comes from the queue's own channel
/// (its goal, its short-abandon threshold) and the platform's definition of service level.
public struct QueueSettings: Sendable, Equatable {
    public var channel: Channel?
    public var serviceLevelThreshold: Milliseconds?
    public var serviceLevelTarget: Double?
    public var serviceLevelDefinition: ServiceLevelDefinition?
    public var shortAbandonThreshold: Milliseconds?
    /// Thresholds to report service level at besides the main one; nil: the channel's.
    public var additionalServiceLevelThresholds: [Milliseconds]?
    /// Other names the platform gives the queue (a Connect queue ARN or its id), so both
    /// spellings mean this queue from the first event on.
    public var aliases: [String] = []

    public init(
        channel: Channel? = nil, serviceLevelThreshold: Milliseconds? = nil, serviceLevelTarget: Double? = nil,
        serviceLevelDefinition: ServiceLevelDefinition? = nil, shortAbandonThreshold: Milliseconds? = nil,
        aliases: [String] = []
    ) {
        self.channel = channel
        self.serviceLevelThreshold = serviceLevelThreshold
        self.serviceLevelTarget = serviceLevelTarget
        self.serviceLevelDefinition = serviceLevelDefinition
        self.shortAbandonThreshold = shortAbandonThreshold
        self.aliases = aliases
    }

    /// The queue's goal on top of its channel's.
    public func goal(over channelGoal: ServiceLevelGoal) -> ServiceLevelGoal {
        ServiceLevelGoal(
            threshold: serviceLevelThreshold ?? channelGoal.threshold, target: serviceLevelTarget ?? channelGoal.target,
            definition: serviceLevelDefinition ?? channelGoal.definition,
            additionalThresholds: additionalServiceLevelThresholds ?? channelGoal.additionalThresholds)
    }
}

/// How people know an agent when the source does not say (Asterisk names members by interface).
public struct AgentSettings: Sendable, Equatable {
    public var name: String?
    public var team: String?

    public init(name: String? = nil, team: String? = nil) {
        self.name = name
        self.team = team
    }
}

/// Which clock "now" follows. The engine never switches between them by itself.
public enum ClockMode: String, Sendable, Equatable {
    /// The caller's wall clock (production).
    case wall
    /// The newest event time seen (replays, accelerated simulations, tests).
    case event
}

/// Engine settings. Value type; thread-safe.
public struct EngineSettings: Sendable {
    public var clock: ClockMode
    /// Width of one window bucket. Windows are whole numbers of buckets.
    public var bucketWidth: Milliseconds
    /// The sliding windows reported, shortest first (default 5, 15, 60 minutes).
    public var windows: [Milliseconds]
    /// An abandon within this time is a short abandon (still counted as abandoned).
    public var shortAbandonThreshold: Milliseconds
    /// A contact that never ends is reaped after this age, per channel.
    public var maximumContactAge: PerChannel<Milliseconds>
    /// How long ended contacts are remembered to recognise duplicates and late events.
    public var endedContactMemory: Milliseconds
    /// Events stamped further than this in the future (by the engine's clock) are counted and
    /// clamped to now.
    public var futureTolerance: Milliseconds
    public var serviceLevelDefinition: ServiceLevelDefinition
    /// Whether `serviceLevelDefinition` was chosen in configuration; otherwise each platform's own
    /// applies (Connect's SL X for Connect and native sources, Asterisk's ServiceLevelPerf,
    /// answered within the threshold over answered, for a floor fed by Asterisk alone).
    public var serviceLevelDefinitionIsConfigured = false
    /// Short-abandon thresholds per channel, where one differs from `shortAbandonThreshold`.
    public var channelShortAbandonThresholds = PerChannel<Milliseconds?>(repeating: nil)
    /// Recent abandons kept for the callback worklist: at most this many, at most this old.
    public var abandonedListSize = 500
    public var abandonedRetention: Milliseconds = .hours(4)
    /// Characters of the caller id shown at each end in lists (the rest is masked).
    public var callerIDVisible = (start: 3, end: 3)
    public var channelGoals: PerChannel<ServiceLevelGoal>
    public var queues: [String: QueueSettings]
    /// Display names and teams by agent id as the source gives it (`PJSIP/4101`).
    public var agents: [String: AgentSettings] = [:]
    public var limits = EngineLimits()

    public init(
        clock: ClockMode = .wall,
        bucketWidth: Milliseconds = .seconds(10),
        windows: [Milliseconds] = [.minutes(5), .minutes(15), .minutes(60)],
        shortAbandonThreshold: Milliseconds = .seconds(5),
        maximumContactAge: PerChannel<Milliseconds> = PerChannel {
            $0.isLive ? .hours(4) : .hours(24 * 14)
        },
        endedContactMemory: Milliseconds = .minutes(15),
        futureTolerance: Milliseconds = .seconds(2),
        serviceLevelDefinition: ServiceLevelDefinition = .connect,
        channelGoals: PerChannel<ServiceLevelGoal> = PerChannel { ServiceLevelGoal.channelDefault($0) },
        queues: [String: QueueSettings] = [:]
    ) {
        self.clock = clock
        let width = max(1, bucketWidth)
        self.bucketWidth = width
        let sorted = windows.map { max(width, ($0 / width) * width) }.sorted()
        self.windows = sorted.isEmpty ? [.minutes(5)] : sorted
        self.shortAbandonThreshold = shortAbandonThreshold
        self.maximumContactAge = maximumContactAge
        self.endedContactMemory = endedContactMemory
        self.futureTolerance = futureTolerance
        self.serviceLevelDefinition = serviceLevelDefinition
        self.channelGoals = channelGoals
        self.queues = queues
    }

    /// The short label of a window ("5m", "90s", "1h").
    public static func label(_ window: Milliseconds) -> String {
        if window % .hours(1) == 0 && window >= .hours(2) { return "\(window / .hours(1))h" }
        if window % .minutes(1) == 0 { return "\(window / .minutes(1))m" }
        if window % 1000 == 0 { return "\(window / 1000)s" }
        return "\(window)ms"
    }

    /// The window a label names (the inverse of `label`), nil when it names none.
    public static func window(label: String) -> Milliseconds? {
        for (suffix, unit) in [("ms", Milliseconds(1)), ("h", .hours(1)), ("m", .minutes(1)), ("s", 1000)]
        where label.hasSuffix(suffix) {
            guard let count = Int64(label.dropLast(suffix.count)), count > 0 else { return nil }
            return count * unit
        }
        return nil
    }
}

extension EngineSettings: Equatable {
    public static func == (lhs: EngineSettings, rhs: EngineSettings) -> Bool {
        lhs.clock == rhs.clock && lhs.bucketWidth == rhs.bucketWidth && lhs.windows == rhs.windows
            && lhs.shortAbandonThreshold == rhs.shortAbandonThreshold && lhs.maximumContactAge == rhs.maximumContactAge
            && lhs.endedContactMemory == rhs.endedContactMemory && lhs.futureTolerance == rhs.futureTolerance
            && lhs.serviceLevelDefinition == rhs.serviceLevelDefinition
            && lhs.serviceLevelDefinitionIsConfigured == rhs.serviceLevelDefinitionIsConfigured
            && lhs.channelShortAbandonThresholds == rhs.channelShortAbandonThresholds
            && lhs.abandonedListSize == rhs.abandonedListSize
            && lhs.abandonedRetention == rhs.abandonedRetention && lhs.callerIDVisible == rhs.callerIDVisible
            && lhs.channelGoals == rhs.channelGoals && lhs.queues == rhs.queues && lhs.agents == rhs.agents
            && lhs.limits == rhs.limits
    }
}
