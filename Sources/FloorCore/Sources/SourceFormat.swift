/// Every input format floorwatch reads, listed once: its name in configuration and on the command
/// line, the platform it comes from, and how it may reach the daemon. Configuration, the CLI, the
/// listeners, the file tails and the subscriptions all ask this type; the decoder for each is made
/// by `SourceFormat.makeLineDecoder` in FloorProtocol, by an exhaustive switch (no default).
///
/// Value type; thread-safe.
public enum SourceFormat: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    /// floorwatch's own NDJSON protocol (docs/protocol.md).
    case native
    /// Asterisk's queue_log, one `epoch|callid|queue|agent|EVENT|data…` line per record.
    case asteriskQueueLog = "asterisk-queue-log"
    /// Asterisk's manager interface: a client protocol floorwatchd logs in to, so subscribed only.
    case asteriskAMI = "asterisk-ami"
    /// Amazon Connect's agent event stream (Kinesis records, one JSON object per line).
    case connectAgent = "connect-agent"
    /// Amazon Connect's contact events (EventBridge), one JSON object per line.
    case connectContact = "connect-contact"

    /// The system a format describes. Sources of one platform instance share contact, agent and
    /// queue identity (`SourceRegistry`).
    public enum Platform: String, Sendable, Hashable {
        case native
        case asterisk
        case connect
    }

    public var platform: Platform {
        switch self {
        case .native: .native
        case .asteriskQueueLog, .asteriskAMI: .asterisk
        case .connectAgent, .connectContact: .connect
        }
    }

    /// One record per line or datagram: may be listened for (UDP, TCP), tailed from a file or
    /// subscribed to. AMI is a session with a login, so it can only be subscribed to.
    public var isLineFormat: Bool { self != .asteriskAMI }

    public var canListen: Bool { isLineFormat }
    public var canTail: Bool { isLineFormat }
    public var canSubscribe: Bool { true }

    /// The formats that can be listened for or tailed, by name, for messages and help texts.
    public static var lineFormatNames: [String] { allCases.filter(\.isLineFormat).map(\.rawValue) }

    public var description: String { rawValue }
}
