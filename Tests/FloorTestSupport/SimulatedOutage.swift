import FloorAlerting
import FloorCore
import FloorForecast
import FloorSimulation
import FloorStaffing

/// The energy retailer's simulated morning, outage included (calls triple from 09:20 for half an
/// hour), run through the real engine, forecast, alert evaluator and recommender as the daemon
/// runs them: the forecast and alerts every step, recommendations every 30 s of engine time, the
/// day starting at midnight UTC.
public struct SimulatedOutage {
    public static let start = RFC3339.parse("2026-03-02T09:00:00Z")!

    public let engine = FloorEngine.eventClock()
    public var alerts = AlertEvaluator()
    public var recommender = CapacityRecommender()
    /// The forecast, fed each snapshot as the daemon's forecast stage does (it works once a minute).
    public var forecaster = FloorForecaster()
    public private(set) var now = SimulatedOutage.start
    public private(set) var snapshot: FloorSnapshot
    private var simulator: ContactCenterSimulator<SeededGenerator>

    public init(seed: UInt64) {
        simulator = ContactCenterSimulator(
            profile: .energyRetailer, start: Self.start, random: SeededGenerator(seed: seed))
        snapshot = engine.makeSnapshot(wallNow: Self.start, dayStart: Self.start - .hours(9))
    }

    /// Runs to `end` in steps of 10 s; `recommended` sees each recommender run's changes and board.
    public mutating func run(
        until end: EventTime,
        recommended: (([RecommendationChange], RecommendationBoard) -> Void)? = nil
    ) {
        while now < end {
            now = now + .seconds(10)
            engine.apply(simulator.run(until: now), wallNow: now)
            snapshot = engine.makeSnapshot(wallNow: now, dayStart: Self.start - .hours(9))
            _ = forecaster.observe(snapshot, calendar: UTCCalendar())
            _ = alerts.evaluate(
                snapshot,
                AlertEvaluator.Inputs(
                    now: now, wallNow: now, predictedBreachMinutes: forecaster.board.predictedBreachMinutes))
            if (now - Self.start) % .seconds(30) == 0 {
                let changes = recommender.evaluate(snapshot, now: now)
                recommended?(changes, recommender.board(at: now))
            }
        }
    }
}
