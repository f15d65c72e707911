import FloorCore
import FloorProtocol

/// Everything a frame is drawn from: the daemon's JSON as the query API gives it, and what the
/// terminal side knows about the connection. Value type; thread-safe.
public struct DashboardInput: Sendable {
    public enum Connection: Sendable, Equatable {
        case live
        /// Connected, but no new snapshot for this many seconds.
        case stale(seconds: Int)
        /// The daemon cannot be reached; reconnecting.
        case unreachable(reason: String, lastDataSeconds: Int?)
    }

    /// `/v1/snapshot` (the stream's `snapshot` event); nil before the first.
    public var snapshot: JSONValue?
    /// `/v1/alerts` (rules and active alerts) or the stream's `alerts` event.
    public var alerts: JSONValue?
    /// The stream's `recommendations` event or `/v1/recommendations`.
    public var recommendations: JSONValue?
    /// `/v1/agents`, for per-agent detail.
    public var agents: JSONValue?
    /// Alert rules (from `/v1/alerts`), for tile colours.
    public var rules: JSONValue?
    public var connection: Connection
    /// The clock shown in the title ("09:41:07"), formatted by the caller in the site's zone.
    public var clock: String
    /// The layout's name and how many layouts `l` cycles through, for the title bar.
    public var source: String

    public init(
        snapshot: JSONValue? = nil, alerts: JSONValue? = nil, recommendations: JSONValue? = nil,
        agents: JSONValue? = nil, rules: JSONValue? = nil, connection: Connection = .live, clock: String = "",
        source: String = ""
    ) {
        self.snapshot = snapshot
        self.alerts = alerts
        self.recommendations = recommendations
        self.agents = agents
        self.rules = rules
        self.connection = connection
        self.clock = clock
        self.source = source
    }
}

extension JSONValue {
    /// Follows a dotted path (`channels.voice.windows.15m.service_level`); object keys only.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let members)? = current else { return nil }
            current = members[String(key)]
        }
        return current
    }

    var objectMembers: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}
