import FloorCore

/// How the recommender decides (docs/recommendations.md). Value type; thread-safe.
public struct RecommenderSettings: Sendable, Equatable {
    /// How often it runs (default 30 s).
    public var interval: Milliseconds = .seconds(30)
    /// The window arrival rate, handle time and patience are read from.
    public var window = "15m"
    /// A shorter window whose arrival rate wins when higher, so a surge shows within minutes.
    public var responsiveWindow = "5m"
    /// After a move has happened, no move back the other way (and the same agents are not
    /// proposed again) for this long.
    public var dwell: Milliseconds = .minutes(10)
    /// Move toward a live channel when its projected service level is below target − this.
    public var triggerMargin = 0.03
    /// A live channel can give agents away only while it stays at target + this.
    public var releaseMargin = 0.05
    /// Ticks of a healthy voice surplus before agents are released to deferred work (2 min).
    public var releaseTicks = 4
    /// Ticks of the real-time conditional signal (the next caller's outlook) before it counts.
    public var conditionalTicks = 2
    /// Ticks a recommendation may go unneeded before it expires.
    public var expiryTicks = 2
    public var maximumOccupancy = 0.90
    /// Abandonment cap when Erlang A is used (a patience estimate exists).
    public var maximumAbandon = 0.05
    /// Occupancy deferred work is planned at.
    public var deferredOccupancy = 0.90
    /// Deferred work counts as ageing (and keeps its agents) past this share of its deadline.
    public var deferredAgeingShare = 0.75
    /// Handle time assumed before a channel has handled anything (seconds).
    public var defaultHandleTime = PerChannel<Double> {
        switch $0 {
        case .voice: 300
        case .chat: 480
        case .email: 600
        case .task: 900
        }
    }
    public var historyLimit = 100
    /// Channels a team's agents are trained for beyond their current routing profile (an email
    /// team that can take calls when a supervisor switches their profile): by team name.
    public var crossTraining: [String: Set<Channel>] = [:]
    /// Act on the forecast too: a live channel whose service level the forecast predicts will
    /// fall below target (`ForecastOutlook`) gets agents before it falls, sized for the forecast
    /// arrivals. Off: only what has happened moves agents.
    public var actOnForecast = true

    public init() {}
}
