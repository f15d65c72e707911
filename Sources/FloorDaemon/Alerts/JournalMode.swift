/// Whether alerts go to journald (`alerts.journald`): `auto` writes whenever journald's socket
/// answers, `on` always, `off` never.
public enum JournalMode: String, Sendable {
    case automatic = "auto", on, off
}
