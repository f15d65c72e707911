import FloorCore

/// What the forecast says of a live channel when it predicts the service level will fall below
/// target (the predictive alert's condition, with its confidence and hysteresis): the recommender
/// may act on it before the fall (`RecommenderSettings.actOnForecast`). Plain values, so the
/// recommender does not depend on the forecast's module. Value type; thread-safe.
public struct ForecastOutlook: Sendable, Equatable, Codable {
    /// Minutes until the projected fall below target.
    public var minutesUntilBreach: Int
    /// Arrivals an hour the forecast expects over the next quarter hour.
    public var arrivalsPerHour: Double
    /// The projected service level over 15 minutes at the breach.
    public var projectedServiceLevel: Double?

    public init(minutesUntilBreach: Int, arrivalsPerHour: Double, projectedServiceLevel: Double?) {
        self.minutesUntilBreach = minutesUntilBreach
        self.arrivalsPerHour = arrivalsPerHour
        self.projectedServiceLevel = projectedServiceLevel
    }
}
