import FloorCore

/// How bad a firing alert is. journald PRIORITY: critical 2, warning 4 (resolved entries 5).
public enum AlertSeverity: String, Sendable, Comparable, CaseIterable, Codable {
    case warning
    case critical

    public var journalPriority: Int { self == .critical ? 2 : 4 }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs == .warning && rhs == .critical }
}

/// Whether a rule fires when its figure rises above or falls below the threshold.
public enum AlertComparison: String, Sendable, Codable {
    case above
    case below

    func breaches(_ value: Double, _ threshold: Double) -> Bool {
        self == .above ? value > threshold : value < threshold
    }

    /// Back on the good side of the clear threshold (hysteresis).
    func clears(_ value: Double, _ clear: Double) -> Bool {
        self == .above ? value < clear : value > clear
    }
}

/// A threshold, fixed or relative to the scope's own service-level goal, so one rule serves
/// queues with different goals.
public enum AlertThreshold: Sendable, Equatable, CustomStringConvertible {
    case value(Double)
    /// The scope's service-level target plus an offset (`target-0.1`: ten points below target).
    case target(offset: Double)
    /// A share of the scope's service-level threshold in seconds (`sla*0.8`: 80 % of the SLA).
    case slaShare(Double)

    /// Parses `60`, `0.05`, `target`, `target-0.1`, `target+0.02`, `sla*0.8`.
    public init?(parsing text: String) {
        let trimmed = text.filter { $0 != " " }
        if let number = Double(trimmed) {
            self = .value(number)
        } else if trimmed == "target" {
            self = .target(offset: 0)
        } else if trimmed.hasPrefix("target"), let offset = Double(trimmed.dropFirst("target".count)) {
            self = .target(offset: offset)
        } else if trimmed.hasPrefix("sla*"), let share = Double(trimmed.dropFirst("sla*".count)), share > 0 {
            self = .slaShare(share)
        } else if trimmed == "sla" {
            self = .slaShare(1)
        } else {
            return nil
        }
    }

    /// The figure for a scope given its service-level target (0…1) and threshold in seconds, as
    /// the query API reports them (the dashboard colours tiles with the rules' thresholds).
    public func value(target: Double?, thresholdSeconds: Double?) -> Double? {
        switch self {
        case .value(let value): value
        case .target(let offset): target.map { $0 + offset }
        case .slaShare(let share): thresholdSeconds.map { $0 * share }
        }
    }

    /// The figure for a scope; nil when the scope has no goal to be relative to.
    func resolve(goal: ServiceLevelGoal?) -> Double? {
        switch self {
        case .value(let value): return value
        case .target(let offset): return goal.map { $0.target + offset }
        case .slaShare(let share): return goal.map { Double($0.threshold) / 1000 * share }
        }
    }

    public var description: String {
        switch self {
        case .value(let value): NumberText.plain(value)
        case .target(let offset): offset == 0 ? "target" : "target\(offset < 0 ? "" : "+")\(NumberText.plain(offset))"
        case .slaShare(let share): "sla*\(NumberText.plain(share))"
        }
    }
}

/// Which scopes a rule watches; one alert per matching scope.
public enum AlertScopeSelector: Sendable, Equatable {
    case overall
    case channels([Channel])
    /// Every queue of these channels (every queue when empty).
    case queues(channels: [Channel])
    /// These queues, by name as the source gives them.
    case namedQueues([String])
    /// Every source that has sent something.
    case sources
}

/// Times of the week in the site's time zone, e.g. Monday–Friday 08:00–18:00. A window whose end
/// is before its start runs over midnight (22:00–07:00).
public struct WeeklyHours: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after local midnight.
    public var start: Int
    public var end: Int
    /// 1 = Monday … 7 = Sunday.
    public var days: Set<Int>

    public init(start: Int, end: Int, days: Set<Int> = Set(1...7)) {
        self.start = start
        self.end = end
        self.days = days
    }

    /// Parses `08:00-18:00` or `Mon-Fri 08:00-18:00` (day ranges and lists: `Mon,Wed,Sat`).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        var days = Set(1...7)
        if parts.count == 2 {
            days = []
            for piece in parts[0].lowercased().split(separator: ",") {
                let range = piece.split(separator: "-").map(String.init)
                guard let first = names.firstIndex(of: range[0]) else { return nil }
                if range.count == 1 {
                    days.insert(first + 1)
                } else if range.count == 2, let last = names.firstIndex(of: range[1]), last >= first {
                    days.formUnion((first + 1)...(last + 1))
                } else {
                    return nil
                }
            }
        }
        let times = parts[parts.count - 1].split(separator: "-").map(String.init)
        guard times.count == 2, let start = Self.minutes(times[0]), let end = Self.minutes(times[1]), start != end
        else { return nil }
        self.init(start: start, end: end, days: days)
    }

    private static func minutes(_ text: String) -> Int? {
        let pieces = text.split(separator: ":")
        guard pieces.count == 2, let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0...24).contains(hour),
            (0...59).contains(minute), hour * 60 + minute <= 1440
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether the local time falls inside. An overnight window belongs to the day it starts on.
    public func contains(_ local: LocalTime) -> Bool {
        if start < end { return days.contains(local.weekday) && local.minuteOfDay >= start && local.minuteOfDay < end }
        let yesterday = local.weekday == 1 ? 7 : local.weekday - 1
        return (days.contains(local.weekday) && local.minuteOfDay >= start)
            || (days.contains(yesterday) && local.minuteOfDay < end)
    }

    public var description: String {
        let clock = { (minutes: Int) in
            let hour = minutes / 60
            let minute = minutes % 60
            return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        }
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let dayText = days.count == 7 ? "" : days.sorted().map { names[$0 - 1] }.joined(separator: ",") + " "
        return dayText + clock(start) + "-" + clock(end)
    }
}

/// The site's local time, computed by the caller (FloorCore has no time zones or clocks).
public struct LocalTime: Sendable, Equatable {
    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int
    public var minuteOfDay: Int

    public init(weekday: Int, minuteOfDay: Int) {
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }
}

/// One alert rule: a metric on a scope, a comparison, thresholds, a `for` duration, a clear
/// threshold (hysteresis), a re-notify interval, and the hours it may page in.
/// Value type; thread-safe.
public struct AlertRule: Sendable, Equatable {
    /// Unique name, the alert's name in journald (`FLOORWATCH_ALERT`) and in the API.
    public var name: String
    /// The kind, which fixes the journald MESSAGE_IDs and catalog entry (AlertKinds).
    public var kind: String
    public var metric: AlertMetric
    public var scope: AlertScopeSelector
    /// Window label ("15m") for windowed metrics.
    public var window: String?
    public var comparison: AlertComparison
    public var warning: AlertThreshold?
    public var critical: AlertThreshold?
    /// Where a firing alert resolves; nil = the warning (or critical) threshold itself.
    public var clear: AlertThreshold?
    /// How long the condition must hold before the alert fires (and before it escalates).
    public var forDuration: Milliseconds
    /// A firing, unacknowledged alert is sent again this often.
    public var renotify: Milliseconds
    /// Windowed ratios of fewer contacts than this do not fire (two calls make no trend).
    public var minimumOffered: Int64
    /// Notify only inside these hours (nil = always).
    public var businessHours: WeeklyHours?
    /// Never notify inside these hours.
    public var quietHours: WeeklyHours?
    public var enabled: Bool

    public init(
        name: String, kind: String, metric: AlertMetric, scope: AlertScopeSelector, window: String? = nil,
        comparison: AlertComparison, warning: AlertThreshold?, critical: AlertThreshold? = nil,
        clear: AlertThreshold? = nil, forDuration: Milliseconds = 0, renotify: Milliseconds = .minutes(15),
        minimumOffered: Int64 = 0, businessHours: WeeklyHours? = nil, quietHours: WeeklyHours? = nil,
        enabled: Bool = true
    ) {
        self.name = name
        self.kind = kind
        self.metric = metric
        self.scope = scope
        self.window = window
        self.comparison = comparison
        self.warning = warning
        self.critical = critical
        self.clear = clear
        self.forDuration = forDuration
        self.renotify = renotify
        self.minimumOffered = minimumOffered
        self.businessHours = businessHours
        self.quietHours = quietHours
        self.enabled = enabled
    }

    /// Whether notifications may go out at this local time.
    func mayNotify(at local: LocalTime?) -> Bool {
        guard let local else { return true }
        if let businessHours, !businessHours.contains(local) { return false }
        if let quietHours, quietHours.contains(local) { return false }
        return true
    }
}
