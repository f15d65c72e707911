import FloorCore
import FloorQueryAPI

/// Everything a frame is drawn from: the query API's documents as the daemon serves them, and
/// what the terminal side knows about the connection. Value type; thread-safe.
public struct DashboardInput: Sendable {
    public enum Connection: Sendable, Equatable {
        case live
        /// Connected, but no new snapshot for this many seconds.
        case stale(seconds: Int)
        /// The daemon cannot be reached; reconnecting.
        case unreachable(reason: String, lastDataSeconds: Int?)
    }

    /// `/v1/snapshot` (the stream's `snapshot` event); nil before the first.
    public var snapshot: SnapshotDocument?
    /// `/v1/alerts` (rules and active alerts) or the stream's `alerts` event.
    public var alerts: AlertBoardDocument?
    /// The stream's `recommendations` event or `/v1/recommendations`.
    public var recommendations: RecommendationBoardDocument?
    /// `/v1/agents`, for per-agent detail.
    public var agents: [AgentDocument]?
    /// Alert rules (from `/v1/alerts`), for tile colours.
    public var rules: [AlertRuleDocument]?
    /// `/v1/forecast`, for the forecast section.
    public var forecast: ForecastBoardDocument?
    public var connection: Connection
    /// The clock shown in the title ("09:41:07"), formatted by the caller in the site's zone.
    public var clock: String
    /// The layout's name and how many layouts `l` cycles through, for the title bar.
    public var source: String

    public init(
        snapshot: SnapshotDocument? = nil, alerts: AlertBoardDocument? = nil,
        recommendations: RecommendationBoardDocument? = nil, agents: [AgentDocument]? = nil,
        rules: [AlertRuleDocument]? = nil, forecast: ForecastBoardDocument? = nil, connection: Connection = .live,
        clock: String = "", source: String = ""
    ) {
        self.forecast = forecast
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
