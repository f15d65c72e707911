import FloorCore
import FloorStaffing

/// Runs the capacity-shift recommender on the engine's clock (every `interval` of event time, so
/// an accelerated replay keeps its pace), journals its changes and publishes its board; applies
/// accept and dismiss.
///
/// Threading: engine loop only (an `EngineStage`); `board` is read by any thread.
final class RecommendationStage: EngineStage {
    let board: RecommendationPublisher
    private var recommender: CapacityRecommender
    /// Where changes are written (journald), set once at start.
    var journal: RecommendationJournal?
    /// The forecast's predicted falls below target, per live channel (the forecast stage's board).
    var outlook: @Sendable () -> [Channel: ForecastOutlook] = { [:] }
    private var lastRun: EventTime?

    init(settings: RecommenderSettings) {
        recommender = CapacityRecommender(settings: settings)
        board = RecommendationPublisher(initial: .empty(at: WallClock.now()))
    }

    func run(after snapshot: FloorSnapshot, wallNow: EventTime) {
        let interval = recommender.settings.interval
        // A clock that moved back (the event clock taking over from the start-up wall time)
        // restarts the interval.
        if let lastRun, snapshot.generatedAt - lastRun < interval, snapshot.generatedAt >= lastRun { return }
        lastRun = snapshot.generatedAt
        let changes = recommender.evaluate(snapshot, now: snapshot.generatedAt, outlook: outlook())
        board.publish(recommender.board(at: snapshot.generatedAt))
        if let journal { for change in changes { journal.record(change) } }
    }

    func updateSettings(_ settings: RecommenderSettings) { recommender.updateSettings(settings) }

    var state: CapacityRecommender.State { recommender.state }

    func restore(_ state: CapacityRecommender.State, at now: EventTime) {
        recommender.restore(state)
        board.publish(recommender.board(at: now))
    }

    func decide(
        id: Int64, accept: Bool, by who: String, note: String?, at now: EventTime
    ) -> CapacityRecommender.DecisionResult {
        let result =
            accept
            ? recommender.accept(id: id, by: who, note: note, at: now)
            : recommender.dismiss(id: id, by: who, note: note, at: now)
        if case .decided(let recommendation) = result {
            journal?.record(RecommendationChange(kind: accept ? .accepted : .dismissed, recommendation: recommendation))
        }
        board.publish(recommender.board(at: now))
        return result
    }
}
