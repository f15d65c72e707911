import FloorAlerting
import FloorCore
import Logging
import SystemdSupport

/// Writes each alert transition to journald: a sentence with the numbers, one MESSAGE_ID per
/// kind and transition (the catalog explains it), PRIORITY 2/4/5, and `FLOORWATCH_*` fields for
/// filtering (`journalctl FLOORWATCH_ALERT=voice_oldest_wait`).
///
/// `automatic` mode writes whenever journald's socket answers (also when started from a shell)
/// and probes again later when it does not. Entries are written off the engine loop
/// (`JournalOutbox`). Thread-safe.
public struct JournalAlertSink: AlertSink {

    let outbox: JournalOutbox

    /// Shares one outbox with the other journald writers, so shutdown flushes them all at once.
    init(outbox: JournalOutbox) {
        self.outbox = outbox
    }

    public func deliver(_ notifications: [AlertNotification], board: AlertBoard) {
        outbox.post(notifications.map(Self.fields), what: "an alert")
    }

    /// The entry's fields, in a fixed order.
    static func fields(_ notification: AlertNotification) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", notification.message),
            ("MESSAGE_ID", JournalMessageIDs.id(of: notification)),
            ("PRIORITY", "\(notification.priority)"),
            ("SYSLOG_IDENTIFIER", "floorwatchd"),
            ("FLOORWATCH_ALERT", notification.rule),
            ("FLOORWATCH_KIND", notification.kind),
            ("FLOORWATCH_ALERT_ID", "\(notification.id)"),
            ("FLOORWATCH_STATE", notification.state == .resolved ? "resolved" : "firing"),
            ("FLOORWATCH_SEVERITY", notification.severity.rawValue),
            ("FLOORWATCH_VALUE", notification.valueText),
            ("FLOORWATCH_THRESHOLD", notification.thresholdText),
            ("FLOORWATCH_WINDOW", notification.window ?? "now"),
            ("FLOORWATCH_SINCE", RFC3339.format(notification.since)),
        ]
        if let channel = notification.scope.channel { fields.append(("FLOORWATCH_CHANNEL", channel.name)) }
        if let queue = notification.scope.queue { fields.append(("FLOORWATCH_QUEUE", queue)) }
        if let source = notification.scope.source { fields.append(("FLOORWATCH_SOURCE", source)) }
        if notification.isRepeat { fields.append(("FLOORWATCH_REPEAT", "1")) }
        return fields
    }
}

extension JournalMode {
    /// Whether an entry should be written now: never when off, always when on, and in
    /// automatic mode whenever journald answers (probed by connecting, per batch).
    public func writesNow() -> Bool {
        switch self {
        case .off: false
        case .on: true
        case .automatic: JournalWriter.isJournaldListening()
        }
    }
}
