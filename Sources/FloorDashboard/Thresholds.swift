import FloorAlerting
import FloorCore
import FloorQueryAPI

/// Tile colours from the same thresholds as the alert rules: the daemon's rules when known
/// (`/v1/alerts`), the registry's defaults otherwise.
struct Thresholds {
    struct Rule {
        var warning: AlertThreshold?
        var critical: AlertThreshold?
        var below: Bool
    }

    private var rules: [String: Rule] = [:]

    init(rules configured: [AlertRuleDocument]?) {
        for rule in AlertKinds.defaultRules {
            rules[rule.name] = Rule(warning: rule.warning, critical: rule.critical, below: rule.comparison == .below)
        }
        for rule in configured ?? [] {
            guard rule.enabled else {
                rules[rule.name] = nil
                continue
            }
            rules[rule.name] = Rule(
                warning: AlertThreshold(parsing: rule.warning), critical: AlertThreshold(parsing: rule.critical),
                below: rule.comparison == .below)
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
