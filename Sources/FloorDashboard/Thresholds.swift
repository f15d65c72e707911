import FloorAlerting
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
