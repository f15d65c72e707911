import FloorCore
import FloorProtocol

/// Tile colours from the same thresholds as the alert rules: the daemon's rules when known
/// (`/v1/alerts`), the registry's defaults otherwise.
struct Thresholds {
    struct Rule {
        var warning: AlertThreshold?
        var critical: AlertThreshold?
        var below: Bool
    }

    private var rules: [String: Rule] = [:]

    init(rules json: JSONValue?) {
        for rule in AlertKinds.defaultRules {
            rules[rule.name] = Rule(warning: rule.warning, critical: rule.critical, below: rule.comparison == .below)
        }
        for rule in json?.array ?? [] {
            guard let name = rule["name"]?.string else { continue }
            if rule["enabled"] == .bool(false) {
                rules[name] = nil
                continue
            }
            rules[name] = Rule(
                warning: rule["warning"]?.string.flatMap { AlertThreshold(parsing: $0) },
                critical: rule["critical"]?.string.flatMap { AlertThreshold(parsing: $0) },
                below: rule["comparison"]?.string == "below")
        }
    }

    /// The style of `value` under the named rule, for a scope with this target and threshold.
    func style(_ value: Double?, rule name: String, target: Double?, thresholdSeconds: Double?) -> CellStyle {
        guard let rule = rules[name] else { return .normal }
        return Self.style(
            value, warning: rule.warning?.value(target: target, thresholdSeconds: thresholdSeconds),
            critical: rule.critical?.value(target: target, thresholdSeconds: thresholdSeconds), below: rule.below)
    }

    static func style(_ value: Double?, warning: Double?, critical: Double?, below: Bool) -> CellStyle {
        guard let value else { return .dim }
        let breaches = { (threshold: Double) in below ? value < threshold : value > threshold }
        if let critical, breaches(critical) { return .red }
        if let warning, breaches(warning) { return .amber }
        return warning == nil && critical == nil ? .normal : .green
    }
}

/// Figures as people read them on a wall.
enum Figures {
    static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        return "\(Int((share * 100).rounded())) %"
    }

    static func count(_ value: Double?) -> String {
        guard let value else { return "–" }
        return "\(Int(value.rounded()))"
    }

    /// "48 s", "12 min", "2.1 h".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        if seconds < 100 { return "\(Int(seconds.rounded())) s" }
        if seconds < 5400 { return "\(Int((seconds / 60).rounded())) min" }
        return "\(AlertText.number(seconds / 3600)) h"
    }

    /// Compact forms for big digits: "134s", "12m", "2.1h", "71%".
    static func bigDuration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        if seconds < 100 { return "\(Int(seconds.rounded()))s" }
        if seconds < 5400 { return "\(Int((seconds / 60).rounded()))m" }
        return "\(AlertText.number(seconds / 3600))h"
    }

    static func format(_ value: Double?, as format: String, big: Bool) -> String {
        switch format {
        case "percent": big ? (value.map { "\(Int(($0 * 100).rounded()))%" } ?? "-") : percent(value)
        case "seconds", "duration": big ? bigDuration(value) : duration(value)
        default: count(value)
        }
    }
}
