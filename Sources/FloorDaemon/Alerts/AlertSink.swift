import FloorAlerting
import FloorCore

/// Where alert notifications go (swift-log's handler pattern: one method, several backends).
/// Called on the engine loop after each evaluation; an implementation must not block it.
public protocol AlertSink: Sendable {
    /// `notifications` are the transitions and re-notifications of this evaluation; `board` is
    /// the state after it (sinks that resend the full state, like Alertmanager's, use it).
    func deliver(_ notifications: [AlertNotification], board: AlertBoard)
}
