import FloorCore
import FloorProtocol

/// A dashboard layout, read from a JSON file in `Dashboards/` (docs/dashboard.md): sections
/// stacked top to bottom, each a kind with its options. Value type; thread-safe.
public struct DashboardLayout: Sendable, Equatable {
    public enum Section: Sendable, Equatable {
        /// One tile per channel: in queue (big), oldest wait, service level, agents, backlog.
        case channelTiles(channels: [Channel], window: String)
        /// Any snapshot figure by its path in the /v1/snapshot JSON.
        case metricTiles([MetricTile])
        /// Arrivals per minute as sparklines.
        case sparklines(channels: [Channel], window: String)
        /// Agents by state as one bar.
        case agentBar
        case alerts(rows: Int)
        case recommendations(rows: Int)
        /// Per-queue figures in plain text.
        case queueTable(window: String)
        /// Per-agent detail in plain text, who needs attention first.
        case agentTable(AgentAllowances)
        /// The live channels' projected service level over the next 30 minutes (`/v1/forecast`).
        case forecast(channels: [Channel])
    }

    /// How long an agent may stay in a state before the supervisor should look: after-contact
    /// work, each away reason, one contact. Past it the agent rises to the top of the table.
    public struct AgentAllowances: Sendable, Equatable {
        public var afterContactWorkSeconds: Double = 120
        /// By away reason as the platform names it (`Break`, `Lunch`); others get `awayMinutes`.
        public var awayMinutesByReason: [String: Double] = ["Break": 15, "Lunch": 60, "Meeting": 60, "Training": 120]
        public var awayMinutes: Double = 30
        public var contactMinutes: Double = 20

        public init() {}

        /// Seconds allowed in this agent's state and reason; nil for states without a limit.
        public func seconds(state: AgentSnapshot.Activity, reason: String?) -> Double? {
            switch state {
            case .afterContactWork: afterContactWorkSeconds
            case .away: 60 * (reason.flatMap { awayMinutesByReason[$0] } ?? awayMinutes)
            case .onContact: 60 * contactMinutes
            case .error, .available, .incoming, .offline: nil
            }
        }
    }

    public struct MetricTile: Sendable, Equatable {
        public var label: String
        /// A dotted path into the snapshot: `channels.voice.windows.60m.service_level`,
        /// `queues.billing.in_queue`, `agents.available`.
        public var metric: String
        /// `count`, `percent`, `seconds` or `duration`.
        public var format: String
        public var big: Bool
        /// Colour thresholds: numbers, or the alert thresholds' forms (`target`, `sla*0.8`).
        public var warning: String?
        public var critical: String?
        /// `above` (default) or `below`: which side is bad.
        public var direction: String
    }

    public var name: String
    public var description: String
    public var sections: [Section]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Reads a layout file's text.
    public static func parse(_ text: String) throws(ParseError) -> DashboardLayout {
        let bytes = Array(text.utf8)
        let root: JSONValue
        do {
            root = try bytes.withUnsafeBytes { raw throws(DecodeError) in try JSONValue.parse(raw) }
        } catch {
            throw ParseError(description: "not JSON: \(error)")
        }
        guard let name = root["name"]?.string else { throw ParseError(description: "a layout needs a \"name\"") }
        guard let sectionValues = root["sections"]?.array, !sectionValues.isEmpty else {
            throw ParseError(description: "layout \(name) needs \"sections\"")
        }
        var sections: [Section] = []
        for (index, value) in sectionValues.enumerated() {
            sections.append(try section(value, context: "\(name) section \(index + 1)"))
        }
        return DashboardLayout(name: name, description: root["description"]?.string ?? "", sections: sections)
    }

    private static func section(_ value: JSONValue, context: String) throws(ParseError) -> Section {
        guard let kind = value["kind"]?.string else { throw ParseError(description: "\(context): needs a \"kind\"") }
        let window = value["window"]?.string ?? "15m"
        let rows = value["rows"]?.number.map { max(1, Int($0)) } ?? 3
        switch kind {
        case "channel_tiles": return .channelTiles(channels: try channels(value, context: context), window: window)
        case "sparklines": return .sparklines(channels: try channels(value, context: context), window: window)
        case "agent_bar": return .agentBar
        case "alerts": return .alerts(rows: rows)
        case "recommendations": return .recommendations(rows: rows)
        case "queue_table": return .queueTable(window: window)
        case "agent_table": return .agentTable(try allowances(value, context: context))
        case "forecast": return .forecast(channels: try channels(value, context: context))
        case "metric_tiles":
            guard let tiles = value["tiles"]?.array, !tiles.isEmpty else {
                throw ParseError(description: "\(context): metric_tiles needs \"tiles\"")
            }
            var parsed: [MetricTile] = []
            for tile in tiles {
                guard let label = tile["label"]?.string, let metric = tile["metric"]?.string else {
                    throw ParseError(description: "\(context): each tile needs \"label\" and \"metric\"")
                }
                let format = tile["format"]?.string ?? "count"
                guard ["count", "percent", "seconds", "duration"].contains(format) else {
                    throw ParseError(description: "\(context): format must be count, percent, seconds or duration")
                }
                let threshold = { (key: String) -> String? in
                    tile[key]?.string ?? tile[key]?.number.map { NumberText.plain($0) }
                }
                parsed.append(
                    MetricTile(
                        label: label, metric: metric, format: format, big: tile["big"] == .bool(true),
                        warning: threshold("warning"), critical: threshold("critical"),
                        direction: tile["direction"]?.string ?? "above"))
            }
            return .metricTiles(parsed)
        default:
            throw ParseError(
                description:
                    "\(context): unknown kind \(kind) (channel_tiles, metric_tiles, sparklines, agent_bar, alerts, "
                    + "recommendations, queue_table, agent_table)")
        }
    }

    private static func allowances(_ value: JSONValue, context: String) throws(ParseError) -> AgentAllowances {
        var allowances = AgentAllowances()
        if let seconds = value["acw_allowance_seconds"]?.number { allowances.afterContactWorkSeconds = seconds }
        if let minutes = value["contact_allowance_minutes"]?.number { allowances.contactMinutes = minutes }
        if case .object(let reasons)? = value["away_allowance_minutes"] {
            for (reason, minutes) in reasons {
                guard let minutes = minutes.number else {
                    throw ParseError(description: "\(context): away_allowance_minutes.\(reason) must be a number")
                }
                if reason == "*" {
                    allowances.awayMinutes = minutes
                } else {
                    allowances.awayMinutesByReason[reason] = minutes
                }
            }
        }
        return allowances
    }

    private static func channels(_ value: JSONValue, context: String) throws(ParseError) -> [Channel] {
        guard let names = value["channels"]?.array else { return Channel.allCases }
        var channels: [Channel] = []
        for name in names {
            guard let text = name.string, let channel = Channel(name: text) else {
                throw ParseError(description: "\(context): unknown channel \(name)")
            }
            channels.append(channel)
        }
        return channels
    }
}
