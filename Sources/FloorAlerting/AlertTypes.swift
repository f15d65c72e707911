import FloorCore

/// The scope one alert is about. Value type; thread-safe.
public struct AlertScope: Sendable, Hashable, Codable {
    /// The channel, also for queue-scoped alerts (the queue's channel).
    public var channel: Channel?
    public var queue: String?
    public var source: String?

    public init(channel: Channel? = nil, queue: String? = nil, source: String? = nil) {
        self.channel = channel
        self.queue = queue
        self.source = source
    }

    var key: String { "\(channel?.name ?? "")|\(queue ?? "")|\(source ?? "")" }

    /// How a sentence names it, first so a narrow screen keeps it: "residential (voice)",
    /// "voice", "floor", "source udp://…".
    var subject: String {
        if let source { return "source \(source)" }
        if let queue { return channel.map { "\(queue) (\($0.name))" } ?? queue }
        return channel?.name ?? "floor"
    }
}

public enum AlertState: String, Sendable, Codable {
    case pending
    case firing
    case resolved
}

public struct AlertAcknowledgement: Sendable, Equatable, Codable {
    public var by: String
    public var reason: String
    public var at: EventTime
}

/// An alert that is pending or firing. Value type; thread-safe.
public struct ActiveAlert: Sendable, Equatable, Codable {
    public var id: Int64
    public var rule: String
    public var kind: String
    public var metric: AlertMetric
    public var comparison: AlertComparison
    public var scope: AlertScope
    public var window: String?
    public var state: AlertState
    public var severity: AlertSeverity
    public var value: Double
    /// The threshold of the current severity, and where it clears.
    public var threshold: Double
    public var clearThreshold: Double
    /// When the condition started (pending) and when it fired.
    public var since: EventTime
    public var firingSince: EventTime?
    public var lastNotified: EventTime?
    public var notifications: Int
    public var acknowledgement: AlertAcknowledgement?
    /// Why the last notification due was not sent (silence, hours, acknowledgement), if so.
    public var suppressed: String?
    public var message: String
    var criticalSince: EventTime?
    /// Since when a critical alert's figure has been back below the critical threshold.
    var calmSince: EventTime?
}

/// One entry of the alert history. Value type; thread-safe.
public struct AlertHistoryEntry: Sendable, Equatable, Codable {
    public enum Transition: String, Sendable, Codable {
        case firing
        case escalated
        case acknowledged
        case resolved
    }

    public var id: Int64
    public var rule: String
    public var scope: AlertScope
    public var transition: Transition
    public var severity: AlertSeverity
    public var value: Double?
    public var at: EventTime
    public var message: String
    /// Whether the sinks were told.
    public var notified: Bool
}

/// What sinks (journald, webhook, stream) receive for one transition or re-notification.
/// Value type; thread-safe.
public struct AlertNotification: Sendable, Equatable {
    public var id: Int64
    public var rule: String
    public var kind: String
    public var metric: AlertMetric
    /// `.firing` or `.resolved`.
    public var state: AlertState
    public var severity: AlertSeverity
    public var scope: AlertScope
    public var window: String?
    public var value: Double?
    public var threshold: Double
    /// When the alert started firing.
    public var since: EventTime
    public var at: EventTime
    public var message: String
    /// A re-notification of an alert already sent.
    public var isRepeat: Bool

    /// journald PRIORITY: critical 2, warning 4, resolved 5 (never 0, which is broadcast).
    public var priority: Int { state == .resolved ? 5 : severity.journalPriority }

    /// The figure as plain text in the metric's unit (seconds; shares 0…1), for FLOORWATCH_VALUE.
    public var valueText: String { value.map(NumberText.plain) ?? "" }

    public var thresholdText: String { NumberText.plain(threshold) }
}

/// A silence: alerts it matches keep their state but notify nobody until it ends.
/// Value type; thread-safe.
public struct AlertSilence: Sendable, Equatable, Codable {
    public var id: Int64
    public var rule: String?
    public var channel: Channel?
    public var queue: String?
    public var endsAt: EventTime
    public var createdBy: String
    public var comment: String
    public var createdAt: EventTime

    func matches(_ alert: ActiveAlert) -> Bool {
        (rule == nil || rule == alert.rule) && (channel == nil || channel == alert.scope.channel)
            && (queue == nil || queue == alert.scope.queue)
    }
}

/// The alerts as readers see them: immutable, published by atomic reference swap.
/// Thread-safe.
public final class AlertBoard: Sendable {
    public let generatedAt: EventTime
    /// Pending and firing alerts, most severe first, then oldest first.
    public let active: [ActiveAlert]
    /// Recent transitions, newest first.
    public let history: [AlertHistoryEntry]
    public let silences: [AlertSilence]
    public let rules: [AlertRule]

    public init(
        generatedAt: EventTime, active: [ActiveAlert], history: [AlertHistoryEntry], silences: [AlertSilence],
        rules: [AlertRule]
    ) {
        self.generatedAt = generatedAt
        self.active = active
        self.history = history
        self.silences = silences
        self.rules = rules
    }

    public var firing: [ActiveAlert] { active.filter { $0.state == .firing } }
}
