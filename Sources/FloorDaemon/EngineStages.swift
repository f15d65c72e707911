import FloorAlerting
import FloorCore
import FloorForecast
import FloorStaffing
import Logging
import NIOCore

/// What the engine loop runs after each published snapshot, in order (the forecast, alert
/// evaluation, then the recommender, each `EngineStage`), with what readers get from them (their
/// boards) and their control plane: acknowledgements, silences, recommendation decisions, reloads
/// and their part of a checkpoint. The engine host publishes and calls `run(after:wallNow:)`; it
/// knows none of the stages.
///
/// Thread-safe: the stages live on the engine loop and are reached only there (through
/// `NIOLoopBound`, which asserts it); the boards are atomics any thread reads.
final class EngineStages: Sendable {
    let loop: any EventLoop
    /// The forecast as of the last completed minute (`/v1/forecast`).
    let forecast: ForecastPublisher
    let alertBoard: AlertBoardPublisher
    let recommendations: RecommendationPublisher
    private let forecasting: NIOLoopBound<ForecastStage>
    private let alerting: NIOLoopBound<AlertingStage>
    private let recommending: NIOLoopBound<RecommendationStage>
    private let ordered: NIOLoopBound<[any EngineStage]>
    /// The engine's clock: control operations are stamped with the published snapshot's time.
    private let publisher: SnapshotPublisher

    /// The stages' part of a checkpoint.
    struct State: Sendable {
        var alerts: AlertEvaluator.State
        var recommendations: CapacityRecommender.State
        var alertmanagerFiring: [String: String]
        var forecastProfiles: [ForecastScope: IntradayProfile]
    }

    /// Created on `loop`.
    init(
        rules: [AlertRule], recommender: RecommenderSettings, calendar: any SiteCalendar,
        publisher: SnapshotPublisher, loop: any EventLoop, logger: Logger
    ) {
        self.loop = loop
        self.publisher = publisher
        let forecasting = ForecastStage(calendar: calendar)
        let alerting = AlertingStage(rules: rules, logger: logger)
        let recommending = RecommendationStage(settings: recommender)
        // The later stages read the forecast's board, never the forecast stage itself.
        let forecast = forecasting.board
        alerting.context.predictedBreachMinutes = { forecast.current.predictedBreachMinutes }
        alerting.context.forecastTime = { forecast.current.generatedAt }
        recommending.outlook = { forecast.current.outlook }
        self.forecast = forecast
        alertBoard = alerting.board
        recommendations = recommending.board
        self.forecasting = NIOLoopBound(forecasting, eventLoop: loop)
        self.alerting = NIOLoopBound(alerting, eventLoop: loop)
        self.recommending = NIOLoopBound(recommending, eventLoop: loop)
        ordered = NIOLoopBound([forecasting, alerting, recommending], eventLoop: loop)
    }

    /// Runs every stage, in order, after `snapshot` was published. On the loop.
    func run(after snapshot: FloorSnapshot, wallNow: EventTime) {
        for stage in ordered.value { stage.run(after: snapshot, wallNow: wallNow) }
    }

    private var now: EventTime { publisher.current.generatedAt }

    // MARK: Configuration and reload

    /// Installs the alert sinks and the daemon's inputs to alert evaluation. On the loop.
    func configureAlerts(_ configure: (inout AlertContext) -> Void) {
        loop.preconditionInEventLoop()
        configure(&alerting.value.context)
    }

    /// Where recommendation changes are written (journald), set once at start. On the loop.
    func configureRecommendations(journal: RecommendationJournal) {
        loop.preconditionInEventLoop()
        recommending.value.journal = journal
    }

    /// Replaces the alert rules and the recommender's settings (reload). On the loop.
    func reload(rules: [AlertRule], recommender: RecommenderSettings) {
        loop.preconditionInEventLoop()
        alerting.value.replaceRules(rules)
        recommending.value.updateSettings(recommender)
    }

    // MARK: Control (the query socket's write routes)

    /// Acknowledges a firing alert and republishes the board. On the loop.
    func acknowledgeAlert(id: Int64, by who: String, reason: String) -> AlertEvaluator.AcknowledgeResult {
        loop.preconditionInEventLoop()
        return alerting.value.acknowledge(id: id, by: who, reason: reason, at: now)
    }

    /// Adds a silence (nil when it matches nothing or has already ended). On the loop.
    func addSilence(
        rule: String?, channel: FloorCore.Channel?, queue: String?, endsAt: EventTime, by who: String, comment: String
    ) -> AlertSilence? {
        loop.preconditionInEventLoop()
        return alerting.value.addSilence(
            rule: rule, channel: channel, queue: queue, endsAt: endsAt, by: who, comment: comment, at: now)
    }

    /// Removes a silence. On the loop.
    func removeSilence(id: Int64) -> Bool {
        loop.preconditionInEventLoop()
        return alerting.value.removeSilence(id: id, at: now)
    }

    /// Accepts or dismisses a recommendation and republishes the board. On the loop.
    func decideRecommendation(
        id: Int64, accept: Bool, by who: String, note: String?
    ) -> CapacityRecommender.DecisionResult {
        loop.preconditionInEventLoop()
        return recommending.value.decide(id: id, accept: accept, by: who, note: note, at: now)
    }

    // MARK: Checkpoints

    /// The stages' state, copied for a checkpoint. On the loop.
    func capture() -> State {
        loop.preconditionInEventLoop()
        return State(
            alerts: alerting.value.state, recommendations: recommending.value.state,
            alertmanagerFiring: alertmanager?.firingState ?? [:], forecastProfiles: forecasting.value.profiles)
    }

    /// Takes back a checkpoint's state (the engine's clock was `now` when it was taken); the
    /// Alertmanager firing set waits for the sinks (`restoreAlertmanager`). On the loop.
    func restore(
        alerts: AlertEvaluator.State, recommendations: CapacityRecommender.State,
        forecastProfiles: [ForecastScope: IntradayProfile], at now: EventTime
    ) {
        loop.preconditionInEventLoop()
        alerting.value.restore(alerts, at: now)
        recommending.value.restore(recommendations, at: now)
        forecasting.value.restore(profiles: forecastProfiles)
    }

    /// Gives the Alertmanager sink the firing set it had before the restart, once the sinks are
    /// installed. On the loop.
    func restoreAlertmanager(_ firing: [String: String]) {
        loop.preconditionInEventLoop()
        for case let sink as AlertmanagerSink in alerting.value.context.sinks { sink.firingState = firing }
    }

    private var alertmanager: AlertmanagerSink? {
        alerting.value.context.sinks.lazy.compactMap { $0 as? AlertmanagerSink }.first
    }
}
