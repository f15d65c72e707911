/// One kind of alert: its journald MESSAGE_IDs (one per transition), a one-line summary for the
/// catalog and docs, and its default rules. Kinds are registered in `AlertKinds.all`, the one
/// registry (node_exporter's collector pattern): adding a kind is adding an entry, nothing else.
/// Value type; thread-safe.
public struct AlertKind: Sendable, Equatable {
    public var name: String
    public var firingMessageID: String
    public var resolvedMessageID: String
    public var summary: String
    public var defaultRules: [AlertRule]
}

public enum AlertKinds {
    public static let all: [AlertKind] = [
        AlertKind(
            name: "oldest_wait", firingMessageID: "13915020f34b496a8edb776407f81f08",
            resolvedMessageID: "9c36d6834d094734b854dfd654d74284",
            summary: "A live contact has waited too long in a queue.",
            defaultRules: [
                AlertRule(
                    name: "voice_oldest_wait", kind: "oldest_wait", metric: .oldestWait,
                    scope: .queues(channels: [.voice]), comparison: .above, warning: .value(60),
                    critical: .value(120), clear: .value(45), forDuration: .seconds(10)),
                AlertRule(
                    name: "chat_oldest_wait", kind: "oldest_wait", metric: .oldestWait,
                    scope: .queues(channels: [.chat]), comparison: .above, warning: .value(120),
                    critical: .value(300), clear: .value(90), forDuration: .seconds(10)),
            ]),
        AlertKind(
            name: "service_level", firingMessageID: "d65714d8dc994d888fd2d5eb9eea0e0c",
            resolvedMessageID: "91a4d0c8d4184db39de465d1a00cca8b",
            summary: "A live channel's service level over 15 minutes is below its target.",
            defaultRules: [
                AlertRule(
                    name: "service_level", kind: "service_level", metric: .serviceLevel,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .below,
                    warning: .target(offset: 0), critical: .target(offset: -0.15), clear: .target(offset: 0.02),
                    forDuration: .minutes(1), minimumOffered: 10)
            ]),
        AlertKind(
            name: "abandon_rate", firingMessageID: "6dc37ea5630a4cd4af763b6c547b1e58",
            resolvedMessageID: "cb1f79ec08194c978c4efd0f2177cc69",
            summary: "Too many customers hang up before being answered (over 15 minutes).",
            defaultRules: [
                AlertRule(
                    name: "abandon_rate", kind: "abandon_rate", metric: .abandonRate,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .above, warning: .value(0.05),
                    critical: .value(0.10), clear: .value(0.04), forDuration: .minutes(1), minimumOffered: 10)
            ]),
        AlertKind(
            name: "no_agent_available", firingMessageID: "6ccfd5ac9399437297469d21d408cce8",
            resolvedMessageID: "4a28175b85f34aedbdf8f1ca2e67dfe8",
            summary: "Voice contacts wait while no voice agent is available.",
            defaultRules: [
                AlertRule(
                    name: "voice_no_agent_available", kind: "no_agent_available",
                    metric: .waitingWithoutAvailableAgent, scope: .channels([.voice]), comparison: .above,
                    warning: .value(0), critical: .value(9), clear: .value(0.5), forDuration: .seconds(30))
            ]),
        AlertKind(
            name: "backlog_age", firingMessageID: "cbb698298d3c449c9942acf55f82c82b",
            resolvedMessageID: "dcf93bc7d29642c9ab889d2735fa81d0",
            summary: "The oldest email or task item is close to (or past) its deadline.",
            defaultRules: [
                AlertRule(
                    name: "backlog_age", kind: "backlog_age", metric: .backlogOldestAge,
                    scope: .queues(channels: [.email, .task]), comparison: .above, warning: .slaShare(0.8),
                    critical: .slaShare(1), clear: .slaShare(0.7), renotify: .hours(1))
            ]),
        AlertKind(
            name: "occupancy_high", firingMessageID: "b4a64c3fb9084035a4c4f54422f009b0",
            resolvedMessageID: "f39f4e105375429e9cabdab7834c7010",
            summary: "Agents have been more than 90 % occupied for half an hour: burnout risk.",
            defaultRules: [
                AlertRule(
                    name: "occupancy_high", kind: "occupancy_high", metric: .occupancy,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .above, warning: .value(0.90),
                    clear: .value(0.85), forDuration: .minutes(30), renotify: .hours(1))
            ]),
        AlertKind(
            name: "occupancy_low", firingMessageID: "e0ee2a723bd9402088d7ec16214abf98",
            resolvedMessageID: "02f24d5c6a33456aa8de856dda75e239",
            summary: "Agents have been less than half occupied for half an hour: over-staffed.",
            defaultRules: [
                AlertRule(
                    name: "occupancy_low", kind: "occupancy_low", metric: .occupancy,
                    scope: .channels([.voice, .chat]), window: "15m", comparison: .below, warning: .value(0.50),
                    clear: .value(0.60), forDuration: .minutes(30), renotify: .hours(2))
            ]),
        AlertKind(
            name: "source_stale", firingMessageID: "9535f3178fc7421e977f6c2d05cdb772",
            resolvedMessageID: "0a2eaf5d62984458b9f8b6b6cf940e53",
            summary: "A source that was sending has gone silent: the floor view is going stale.",
            defaultRules: [
                AlertRule(
                    name: "source_stale", kind: "source_stale", metric: .sourceSilence, scope: .sources,
                    comparison: .above, warning: .value(120), critical: .value(600), clear: .value(10))
            ]),
        AlertKind(
            name: "decode_errors", firingMessageID: "5f1298170efc4f9697e3ca5efaab007d",
            resolvedMessageID: "fa2d184d03f0453da3618db9beb610ab",
            summary: "A source sends input floorwatch cannot read (decode error spike).",
            defaultRules: [
                AlertRule(
                    name: "decode_errors", kind: "decode_errors", metric: .decodeErrorsPerMinute, scope: .sources,
                    comparison: .above, warning: .value(10), critical: .value(100), clear: .value(1))
            ]),
        AlertKind(
            name: "udp_drops", firingMessageID: "357c65b3199c408e83d814d4125faab7",
            resolvedMessageID: "3cebcbed29f14fcc8bacac4ab65ed2f0",
            summary: "The kernel dropped UDP datagrams before floorwatch read them.",
            defaultRules: [
                AlertRule(
                    name: "udp_drops", kind: "udp_drops", metric: .udpDropsPerMinute, scope: .overall,
                    comparison: .above, warning: .value(0), critical: .value(1000), clear: .value(0.5))
            ]),
        AlertKind(
            name: "custom", firingMessageID: "92ea0fb89eb0449c933845bf9978b829",
            resolvedMessageID: "69126c27bb27444baa0f6888f0068a95",
            summary: "A rule defined in the configuration fired.", defaultRules: []),
    ]

    public static func kind(named name: String) -> AlertKind? { all.first { $0.name == name } }

    /// Every default rule, in registry order.
    public static var defaultRules: [AlertRule] { all.flatMap(\.defaultRules) }
}
