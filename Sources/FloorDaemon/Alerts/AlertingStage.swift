import FloorAlerting
import FloorCore
import Logging
import NIOCore

/// Evaluates the alert rules after a snapshot (at most once a second), notifies the sinks
/// (journald, Alertmanager) and publishes the alert board; applies acknowledgements and silences.
///
/// Threading: engine loop only (an `EngineStage`); `board` is read by any thread.
final class AlertingStage: EngineStage {
    /// Rules are evaluated at most this often (and at least every tick that is slower).
    static let evaluationInterval: UInt64 = 1_000_000_000

    let board: AlertBoardPublisher
    private var evaluator: AlertEvaluator
    var context = AlertContext()
    private var lastEvaluation: UInt64 = 0
    private var lastForecastTime: EventTime?
    private let logger: Logger

    init(rules: [AlertRule], logger: Logger) {
        evaluator = AlertEvaluator(rules: rules)
        board = AlertBoardPublisher(initial: evaluator.board(at: WallClock.now()))
        self.logger = logger
    }

    func run(after snapshot: FloorSnapshot, wallNow: EventTime) {
        let monotonic = WallClock.monotonicNanoseconds()
        // A new minute's forecast is evaluated at once: in an accelerated replay a second of
        // wall time is minutes of event time, and a warning evaluated late is no warning.
        let forecastTime = context.forecastTime()
        guard monotonic - lastEvaluation >= Self.evaluationInterval || forecastTime != lastForecastTime else { return }
        lastEvaluation = monotonic
        lastForecastTime = forecastTime
        let inputs = AlertEvaluator.Inputs(
            now: snapshot.generatedAt, wallNow: wallNow, local: context.localTime(wallNow),
            udpDrops: context.udpDrops(),
            predictedBreachMinutes: context.predictedBreachMinutes())
        let notifications = evaluator.evaluate(snapshot, inputs)
        let current = evaluator.board(at: snapshot.generatedAt)
        board.publish(current)
        for notification in notifications {
            // Info, not the alert's own priority: under systemd this log is journald too, and
            // the structured alert entry is the one on-call filters on (no duplicate at -p warning).
            logger.info(
                "alert \(notification.state.rawValue): \(notification.message)",
                metadata: ["alert": "\(notification.rule)", "alert_id": "\(notification.id)"])
        }
        for sink in context.sinks { sink.deliver(notifications, board: current) }
    }

    func replaceRules(_ rules: [AlertRule]) { evaluator.replaceRules(rules) }

    var state: AlertEvaluator.State { evaluator.state }

    func restore(_ state: AlertEvaluator.State, at now: EventTime) {
        evaluator.restore(state)
        board.publish(evaluator.board(at: now))
    }

    func acknowledge(id: Int64, by who: String, reason: String, at now: EventTime) -> AlertEvaluator.AcknowledgeResult {
        let result = evaluator.acknowledge(id: id, by: who, reason: reason, at: now)
        if case .acknowledged = result {
            logger.notice("alert acknowledged", metadata: ["alert_id": "\(id)", "by": "\(who)", "reason": "\(reason)"])
        }
        board.publish(evaluator.board(at: now))
        return result
    }

    func addSilence(
        rule: String?, channel: FloorCore.Channel?, queue: String?, endsAt: EventTime, by who: String, comment: String,
        at now: EventTime
    ) -> AlertSilence? {
        let silence = evaluator.addSilence(
            rule: rule, channel: channel, queue: queue, endsAt: endsAt, by: who, comment: comment, at: now)
        if let silence {
            logger.notice(
                "silence added", metadata: ["silence_id": "\(silence.id)", "by": "\(who)", "comment": "\(comment)"])
        }
        board.publish(evaluator.board(at: now))
        return silence
    }

    func removeSilence(id: Int64, at now: EventTime) -> Bool {
        let removed = evaluator.removeSilence(id: id)
        board.publish(evaluator.board(at: now))
        return removed
    }
}

/// What alert evaluation needs from the daemon around the engine. Set once at start.
/// Value type; thread-safe.
public struct AlertContext: Sendable {
    public var sinks: [any AlertSink] = []
    /// The site's local time (business and quiet hours).
    public var localTime: @Sendable (EventTime) -> LocalTime? = { _ in nil }
    /// Kernel UDP drops so far, nil before the first reading.
    public var udpDrops: @Sendable () -> Int64? = { nil }
    /// Minutes until each live channel's predicted service-level breach (the forecast's board).
    public var predictedBreachMinutes: @Sendable () -> [FloorCore.Channel: Double] = { [:] }
    /// When the newest forecast was made (nil without one).
    public var forecastTime: @Sendable () -> EventTime? = { nil }

    public init() {}
}
