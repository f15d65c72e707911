import FloorCore
import FloorProtocol

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
        return "\(NumberText.number(seconds / 3600)) h"
    }

    /// Compact forms for big digits: "134s", "12m", "2.1h", "71%".
    static func bigDuration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        if seconds < 100 { return "\(Int(seconds.rounded()))s" }
        if seconds < 5400 { return "\(Int((seconds / 60).rounded()))m" }
        return "\(NumberText.number(seconds / 3600))h"
    }

    static func format(_ value: Double?, as format: String, big: Bool) -> String {
        switch format {
        case "percent": big ? (value.map { "\(Int(($0 * 100).rounded()))%" } ?? "-") : percent(value)
        case "seconds", "duration": big ? bigDuration(value) : duration(value)
        default: count(value)
        }
    }
}
