import Logging

/// A swift-log handler that writes to journald with PRIORITY, SYSLOG_IDENTIFIER and the metadata
/// as `FLOORWATCH_<KEY>` fields, used when the daemon runs under systemd.
///
/// Thread-safe (value type; the journal writer is stateless).
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let identifier: String
    private let writer = JournalWriter()

    public init(label: String, identifier: String = "floorwatchd") {
        self.label = label
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", String(Self.priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("FLOORWATCH_LOGGER", label),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            let name = "FLOORWATCH_" + String(key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
            if JournalWriter.isValidFieldName(name) { fields.append((name, value.description)) }
        }
        try? writer.send(fields)
    }

    /// syslog priorities; never 0 (emerg is broadcast to every terminal).
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
