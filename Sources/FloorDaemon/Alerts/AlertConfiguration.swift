import FloorAlerting
import FloorCore
import TOMLKit

/// Reads the `[alerts]` table: sinks, and per-rule overrides or custom rules under
/// `[alerts.rules.NAME]` (docs/alerts.md). Unknown keys are errors, like everywhere else.
enum AlertConfiguration {
    static let ruleKeys = [
        "enabled", "metric", "comparison", "scope", "channels", "queues", "window", "warning", "critical", "clear",
        "for_seconds", "renotify_minutes", "minimum_offered", "business_hours", "quiet_hours", "kind",
    ]

    static func read(_ table: TOMLTable, into configuration: inout DaemonConfiguration) throws(ConfigurationError) {
        let reader = ConfigurationReader()
        try reader.allow(table, keys: ["journald", "webhook_url", "webhook_resend_seconds", "rules"], in: "alerts")
        if let value = table["journald"] {
            if let flag = value.bool {
                configuration.alertJournal = flag ? .on : .off
            } else if let text = value.string, let mode = JournalMode(rawValue: text) {
                configuration.alertJournal = mode
            } else {
                throw ConfigurationError("alerts.journald must be \"auto\", \"on\", \"off\", true or false")
            }
        }
        if let url = try reader.string(table, "webhook_url", in: "alerts") {
            guard let endpoint = AlertmanagerEndpoint(url: url) else {
                throw ConfigurationError("alerts.webhook_url must be http://HOST:PORT[/prefix] (Alertmanager)")
            }
            configuration.alertmanager = endpoint
        }
        if let seconds = try reader.int(table, "webhook_resend_seconds", in: "alerts", range: 5...3600) {
            configuration.alertmanagerResend = .seconds(Int64(seconds))
        }
        guard let rules = try reader.table(table, "rules") else { return }
        var result = configuration.alertRules
        for name in rules.keys.sorted() {
            let context = "alerts.rules.\(name)"
            guard let settings = rules[name]?.table else { throw ConfigurationError("\(context) must be a table") }
            try reader.allow(settings, keys: ruleKeys, in: context)
            if let index = result.firstIndex(where: { $0.name == name }) {
                result[index] = try rule(settings, base: result[index], context: context, reader: reader)
            } else {
                result.append(try rule(settings, base: nil, context: context, reader: reader, name: name))
            }
        }
        configuration.alertRules = result
    }

    private static func rule(
        _ settings: TOMLTable, base: AlertRule?, context: String, reader: ConfigurationReader, name: String = ""
    ) throws(ConfigurationError) -> AlertRule {
        var rule: AlertRule
        if let base {
            rule = base
        } else {
            guard let metricName = try reader.string(settings, "metric", in: context),
                let metric = AlertMetric(rawValue: metricName)
            else {
                let known = AlertMetric.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError("\(context) is a new rule: metric is required (one of \(known))")
            }
            guard let comparisonName = try reader.string(settings, "comparison", in: context),
                let comparison = AlertComparison(rawValue: comparisonName)
            else { throw ConfigurationError("\(context).comparison must be \"above\" or \"below\"") }
            rule = AlertRule(
                name: name, kind: "custom", metric: metric,
                scope: metric.isPerSource ? .sources : .overall, window: metric.isWindowed ? "15m" : nil,
                comparison: comparison, warning: nil)
        }
        if let value = settings["enabled"] {
            guard let flag = value.bool else { throw ConfigurationError("\(context).enabled must be true or false") }
            rule.enabled = flag
        }
        if let kind = try reader.string(settings, "kind", in: context) {
            guard AlertKinds.kind(named: kind) != nil else {
                throw ConfigurationError("\(context).kind: unknown kind \(kind)")
            }
            rule.kind = kind
        }
        if base != nil, settings["metric"] != nil || settings["comparison"] != nil {
            throw ConfigurationError(
                "\(context): a default rule's metric and comparison are fixed; add a new rule instead")
        }
        let channels = try channelList(settings, context: context)
        let queues = try stringList(settings, "queues", context: context)
        if let scopeName = try reader.string(settings, "scope", in: context) {
            switch scopeName {
            case "overall": rule.scope = .overall
            case "channels": rule.scope = .channels(channels ?? Channel.allCases)
            case "queues": rule.scope = queues.map { .namedQueues($0) } ?? .queues(channels: channels ?? [])
            case "sources": rule.scope = .sources
            default: throw ConfigurationError("\(context).scope must be overall, channels, queues or sources")
            }
        } else if let queues {
            rule.scope = .namedQueues(queues)
        } else if let channels {
            switch rule.scope {
            case .queues: rule.scope = .queues(channels: channels)
            default: rule.scope = .channels(channels)
            }
        }
        if rule.metric.isPerSource != (rule.scope == .sources) {
            throw ConfigurationError("\(context): \(rule.metric.rawValue) needs scope = \"sources\" and only it")
        }
        if let window = try reader.string(settings, "window", in: context) { rule.window = window }
        for (key, path) in [("warning", \AlertRule.warning), ("critical", \.critical), ("clear", \.clear)] {
            if let threshold = try threshold(settings, key, context: context) { rule[keyPath: path] = threshold }
        }
        if rule.warning == nil && rule.critical == nil {
            throw ConfigurationError("\(context) needs a warning or a critical threshold")
        }
        if let seconds = try reader.int(settings, "for_seconds", in: context, range: 0...86_400) {
            rule.forDuration = .seconds(Int64(seconds))
        }
        if let minutes = try reader.int(settings, "renotify_minutes", in: context, range: 1...10_080) {
            rule.renotify = .minutes(Int64(minutes))
        }
        if let count = try reader.int(settings, "minimum_offered", in: context, range: 0...1_000_000) {
            rule.minimumOffered = Int64(count)
        }
        if let text = try reader.string(settings, "business_hours", in: context) {
            guard let hours = WeeklyHours(parsing: text) else {
                throw ConfigurationError("\(context).business_hours must look like \"Mon-Fri 08:00-18:00\"")
            }
            rule.businessHours = hours
        }
        if let text = try reader.string(settings, "quiet_hours", in: context) {
            guard let hours = WeeklyHours(parsing: text) else {
                throw ConfigurationError("\(context).quiet_hours must look like \"22:00-07:00\"")
            }
            rule.quietHours = hours
        }
        return rule
    }

    private static func threshold(
        _ settings: TOMLTable, _ key: String, context: String
    ) throws(ConfigurationError) -> AlertThreshold? {
        guard let value = settings[key] else { return nil }
        if let number = value.double ?? value.int.map(Double.init) { return .value(number) }
        if let text = value.string, let threshold = AlertThreshold(parsing: text) { return threshold }
        throw ConfigurationError(
            "\(context).\(key) must be a number or \"target\", \"target-0.1\", \"sla*0.8\"")
    }

    private static func channelList(_ settings: TOMLTable, context: String) throws(ConfigurationError) -> [Channel]? {
        guard let names = try stringList(settings, "channels", context: context) else { return nil }
        var channels: [Channel] = []
        for name in names {
            guard let channel = Channel(name: name) else {
                throw ConfigurationError("\(context).channels: unknown channel \(name)")
            }
            channels.append(channel)
        }
        return channels
    }

    private static func stringList(
        _ settings: TOMLTable, _ key: String, context: String
    ) throws(ConfigurationError) -> [String]? {
        guard let value = settings[key] else { return nil }
        guard let array = value.array, array.allSatisfy({ $0.string != nil }), !array.isEmpty else {
            throw ConfigurationError("\(context).\(key) must be a non-empty list of names")
        }
        return array.map { $0.string! }
    }
}
