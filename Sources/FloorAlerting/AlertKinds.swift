import FloorCore

/// One kind of alert: a one-line summary for the catalog and docs, and its default rules. Kinds
/// are registered in `AlertKinds.all`, the one registry (node_exporter's collector pattern); each
/// has journald MESSAGE_IDs beside the journald sink (`JournalMessageIDs` in FloorDaemon).
/// Value type; thread-safe.
public struct AlertKind: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var defaultRules: [AlertRule]
}

public enum AlertKinds {
    public static let all: [AlertKind] = [
        AlertKind(
            name: "oldest_wait",
            summary: "A live contact has waited too long in a queue.",
            defaultRules: [
                AlertRule(
                    name: DefaultRuleName.oldestWait(.voice), kind: "oldest_wait", metric: .oldestWait,
                    scope: .queues(channels: [.voice]), comparison: .above, warning: .value(60),
                    critical: .value(120), clear: .value(45), forDuration: .seconds(10)),
                AlertRule(
                    name: DefaultRuleName.oldestWait(.chat), kind: "oldest_wait", metric: .oldestWait,
                    scope: .queues(channels: [.chat]), comparison: .above, warning: .value(120),
                    critical: .value(300), clear: .value(90), forDuration: .seconds(10)),
            ]),
        AlertKind(
            name: "service_level",
            summary: "A live channel's service level over 15 minutes is below its target.",
            defaultRules: [
                AlertRule(
                    name: DefaultRuleName.serviceLevel, kind: "service_level", metric: .serviceLevel,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .below,
                    warning: .target(offset: 0), critical: .target(offset: -0.15), clear: .target(offset: 0.02),
                    forDuration: .minutes(1), minimumOffered: 10)
            ]),
        AlertKind(
            name: "service_level_forecast",
            summary:
                "A live channel's service level over 15 minutes is predicted to fall below its target within 10 "
                + "minutes at the current trend (a warning ahead of the service-level alert).",
            defaultRules: [
                AlertRule(
                    name: "service_level_forecast", kind: "service_level_forecast",
                    metric: .minutesUntilServiceLevelBreach, scope: .channels([.voice, .chat]), comparison: .below,
                    warning: .value(30), clear: .value(30))
            ]),
        AlertKind(
            name: "abandon_rate",
            summary: "Too many customers hang up before being answered (over 15 minutes).",
            defaultRules: [
                AlertRule(
                    name: "abandon_rate", kind: "abandon_rate", metric: .abandonRate,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .above, warning: .value(0.05),
                    critical: .value(0.10), clear: .value(0.04), forDuration: .minutes(1), minimumOffered: 10)
            ]),
        AlertKind(
            name: "no_agent_available",
            summary: "Voice contacts wait while no voice agent is available.",
            defaultRules: [
                AlertRule(
                    name: "voice_no_agent_available", kind: "no_agent_available",
                    metric: .waitingWithoutAvailableAgent, scope: .channels([.voice]), comparison: .above,
                    warning: .value(0), critical: .value(9), clear: .value(0.5), forDuration: .seconds(30))
            ]),
        AlertKind(
            name: "backlog_age",
            summary: "The oldest email or task item is close to (or past) its deadline.",
            defaultRules: [
                AlertRule(
                    name: DefaultRuleName.backlogAge, kind: "backlog_age", metric: .backlogOldestAge,
                    scope: .queues(channels: [.email, .task]), comparison: .above, warning: .slaShare(0.8),
                    critical: .slaShare(1), clear: .slaShare(0.7), renotify: .hours(1))
            ]),
        AlertKind(
            name: "occupancy_high",
            summary: "Agents have been more than 90 % occupied for half an hour: burnout risk.",
            defaultRules: [
                AlertRule(
                    name: "occupancy_high", kind: "occupancy_high", metric: .occupancy,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .above, warning: .value(0.90),
                    clear: .value(0.85), forDuration: .minutes(30), renotify: .hours(1))
            ]),
        AlertKind(
            name: "occupancy_low",
            summary: "Agents have been less than half occupied for half an hour: over-staffed.",
            defaultRules: [
                AlertRule(
                    name: "occupancy_low", kind: "occupancy_low", metric: .occupancy,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .below, warning: .value(0.50),
                    clear: .value(0.60), forDuration: .minutes(30), renotify: .hours(2))
            ]),
        AlertKind(
            name: "source_stale",
            summary: "A source that was sending has gone silent: the floor view is going stale.",
            defaultRules: [
                AlertRule(
                    name: "source_stale", kind: "source_stale", metric: .sourceSilence, scope: .sources,
                    comparison: .above, warning: .value(120), critical: .value(600), clear: .value(10))
            ]),
        AlertKind(
            name: "decode_errors",
            summary: "A source sends input floorwatch cannot read (decode error spike).",
            defaultRules: [
                AlertRule(
                    name: "decode_errors", kind: "decode_errors", metric: .decodeErrorsPerMinute, scope: .sources,
                    comparison: .above, warning: .value(10), critical: .value(100), clear: .value(1))
            ]),
        AlertKind(
            name: "limits",
            summary:
                "A source reached floorwatch's limits on open contacts, agents, queues or remembered ended contacts: "
                + "new ones are refused or folded into \"(over limit)\", ended ones forgotten early (a flood of "
                + "unique ids, or limits set too low for the site).",
            defaultRules: [
                AlertRule(
                    name: "limits", kind: "limits", metric: .limitHitsPerMinute, scope: .sources,
                    comparison: .above, warning: .value(0), critical: .value(100), clear: .value(0))
            ]),
        AlertKind(
            name: "udp_drops",
            summary: "The kernel dropped UDP datagrams before floorwatch read them.",
            defaultRules: [
                AlertRule(
                    name: "udp_drops", kind: "udp_drops", metric: .udpDropsPerMinute, scope: .overall,
                    comparison: .above, warning: .value(0), critical: .value(1000), clear: .value(0.5))
            ]),
        AlertKind(
            name: "custom",
            summary: "A rule defined in the configuration fired.", defaultRules: []),
    ]

    public static func kind(named name: String) -> AlertKind? { all.first { $0.name == name } }

    /// The names of the default rules whose thresholds also colour the dashboard's channel tiles
    /// (a configured rule of the same name replaces the default's thresholds there too).
    public enum DefaultRuleName {
        public static func oldestWait(_ channel: Channel) -> String { "\(channel.name)_oldest_wait" }
        public static let serviceLevel = "service_level"
        public static let backlogAge = "backlog_age"
    }

    /// Every default rule, in registry order.
    public static var defaultRules: [AlertRule] { all.flatMap(\.defaultRules) }
}
