import FloorAlerting
import FloorCore
import FloorStaffing

/// Where to listen, in which format. Parsed from `HOST:PORT[=FORMAT]` (IPv6 as `[::1]:PORT`).
public struct ListenerSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable { case udp, tcp }

    public var transport: Transport
    public var host: String
    public var port: Int
    public var format: SourceFormat
    /// The platform instance it describes, when several of one platform run
    /// (`FloorEngine.registerSource`).
    public var instance: String?
    /// The zone its local wall-clock times are in (Asterisk's ISO queue_log); nil: the site's.
    public var timeZone: String?

    public init(transport: Transport, host: String, port: Int, format: SourceFormat = .native, instance: String? = nil)
    {
        self.transport = transport
        self.host = host
        self.port = port
        self.format = format
        self.instance = instance
    }

    public static func parse(_ text: String, transport: Transport) throws(ConfigurationError) -> ListenerSpec {
        var address = Substring(text)
        var format = SourceFormat.native
        if let equals = text.lastIndex(of: "=") {
            format = try SourceFormat.parse(String(text[text.index(after: equals)...]), in: text)
            address = text[..<equals]
        }
        guard format.canListen else {
            throw ConfigurationError(
                "\(text): Asterisk AMI is a client protocol floorwatchd connects to; use --subscribe tcp://USER@HOST:5038=asterisk-ami"
            )
        }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ConfigurationError("\(text): expected HOST:PORT[=FORMAT]") }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigurationError("\(text): missing host") }
        return ListenerSpec(transport: transport, host: host, port: port, format: format)
    }

    /// The source name this listener's events belong to.
    public var description: String {
        "\(transport.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)=\(format)"
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Everything the daemon needs to start. Defaults are loopback-only and need no root.
public struct DaemonConfiguration: Sendable, Equatable {
    public var listeners: [ListenerSpec] = [
        ListenerSpec(transport: .udp, host: "127.0.0.1", port: 7600),
        ListenerSpec(transport: .tcp, host: "127.0.0.1", port: 7600),
    ]
    /// Files followed like `tail -F` (Asterisk's queue_log).
    public var tails: [TailSpec] = []
    /// Upstreams floorwatchd connects to and reads events from (reconnecting with back-off).
    public var subscriptions: [SubscriptionSpec] = []
    /// The query socket (HTTP/1.1 on a Unix socket).
    public var querySocketPath = "/tmp/floorwatchd.query.sock"
    /// Optional HTTP on TCP, loopback unless configured otherwise.
    public var queryTCPHost: String?
    public var queryTCPPort = 0
    public var stateDirectory = "/tmp/floorwatchd"
    /// The site's time zone (IANA name) for day intervals; nil = the system's.
    public var timeZone: String?
    public var engine = EngineSettings()
    /// How often the engine ticks: snapshot publication, reaping, status.
    public var tickInterval: Duration = .milliseconds(250)
    /// How often the whole state is checkpointed to the state directory (and at stop); nil: never.
    public var checkpointInterval: Duration? = .seconds(1)
    /// A checkpoint older than this at start is not restored (the daemon starts fresh).
    public var checkpointMaximumAge: Milliseconds = .minutes(12 * 60)
    public var udpReceiveBufferBytes = 8 * 1024 * 1024
    public var maximumLineBytes = 16 * 1024
    public var tcpIdleTimeout: Duration = .seconds(300)
    public var maximumIngestConnections = 512
    /// TCP ingest connections one sender address may hold (a PBX or relay needs a few).
    public var maximumIngestConnectionsPerPeer = 32
    /// TCP query connections one client address may hold (the Unix socket has its own slots).
    public var maximumQueryConnectionsPerPeer = 16
    /// Sender networks allowed on the ingest sockets the daemon binds; empty allows everyone.
    public var allowedPeers = PeerNetworks()
    public var maximumQueryConnections = 64
    /// A query connection silent this long (no request; live streams exempt) is closed.
    public var queryIdleTimeout: Duration = .seconds(60)
    /// A socket group for the query socket; none unless configured.
    public var querySocketGroup: String?
    /// The TCP query port listens beyond loopback only when this is set.
    public var queryTCPAllowRemote = false
    /// A file with the bearer token the TCP query port requires (read at start).
    public var queryTokenFile: String?
    public var queryToken: String?
    /// Members of this group (and root) may acknowledge, silence and decide on the query socket;
    /// the query socket's own group only reads.
    public var queryWriteGroup: String? = "floorwatch-write"
    /// The token that may write over TCP (it reads too).
    public var queryWriteTokenFile: String?
    public var queryWriteToken: String?
    /// The alert rules: the registry's defaults with the file's overrides and custom rules.
    public var alertRules: [AlertRule] = AlertKinds.defaultRules
    /// journald alert entries: whenever journald answers (auto), always, or never.
    public var alertJournal: JournalMode = .automatic
    /// Prometheus Alertmanager to post alerts to, and how often the firing set is resent.
    public var alertmanager: AlertmanagerEndpoint?
    public var alertmanagerResend: Milliseconds = .seconds(60)
    /// The capacity-shift recommender ([recommendations]).
    public var recommender = RecommenderSettings()

    public init() {}

    public static func == (lhs: DaemonConfiguration, rhs: DaemonConfiguration) -> Bool {
        lhs.listeners == rhs.listeners && lhs.subscriptions == rhs.subscriptions && lhs.tails == rhs.tails
            && lhs.querySocketPath == rhs.querySocketPath
            && lhs.queryTCPHost == rhs.queryTCPHost && lhs.queryTCPPort == rhs.queryTCPPort
            && lhs.stateDirectory == rhs.stateDirectory && lhs.timeZone == rhs.timeZone && lhs.engine == rhs.engine
            && lhs.tickInterval == rhs.tickInterval && lhs.checkpointInterval == rhs.checkpointInterval
            && lhs.checkpointMaximumAge == rhs.checkpointMaximumAge
            && lhs.udpReceiveBufferBytes == rhs.udpReceiveBufferBytes
            && lhs.maximumLineBytes == rhs.maximumLineBytes && lhs.tcpIdleTimeout == rhs.tcpIdleTimeout
            && lhs.maximumIngestConnections == rhs.maximumIngestConnections
            && lhs.maximumIngestConnectionsPerPeer == rhs.maximumIngestConnectionsPerPeer
            && lhs.maximumQueryConnectionsPerPeer == rhs.maximumQueryConnectionsPerPeer
            && lhs.allowedPeers == rhs.allowedPeers
            && lhs.maximumQueryConnections == rhs.maximumQueryConnections
            && lhs.queryIdleTimeout == rhs.queryIdleTimeout
            && lhs.querySocketGroup == rhs.querySocketGroup && lhs.queryTCPAllowRemote == rhs.queryTCPAllowRemote
            && lhs.queryTokenFile == rhs.queryTokenFile && lhs.queryToken == rhs.queryToken
            && lhs.queryWriteGroup == rhs.queryWriteGroup && lhs.queryWriteTokenFile == rhs.queryWriteTokenFile
            && lhs.queryWriteToken == rhs.queryWriteToken
            && lhs.alertRules == rhs.alertRules && lhs.alertJournal == rhs.alertJournal
            && lhs.alertmanager == rhs.alertmanager && lhs.alertmanagerResend == rhs.alertmanagerResend
            && lhs.recommender == rhs.recommender
    }
}

/// A file to follow: `PATH=FORMAT` (`/var/log/asterisk/queue_log=asterisk-queue-log`).
public struct TailSpec: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var format: SourceFormat
    /// The platform instance it describes, when several of one platform run.
    public var instance: String?
    /// The zone its local wall-clock times are in (Asterisk's ISO queue_log); nil: the site's.
    public var timeZone: String?

    public init(path: String, format: SourceFormat, instance: String? = nil) {
        self.path = path
        self.format = format
        self.instance = instance
    }

    public static func parse(_ text: String) throws(ConfigurationError) -> TailSpec {
        guard let equals = text.lastIndex(of: "=") else {
            throw ConfigurationError(
                "\(text): expected PATH=FORMAT, e.g. /var/log/asterisk/queue_log=asterisk-queue-log")
        }
        let format = try SourceFormat.parse(String(text[text.index(after: equals)...]), in: text)
        guard format.canTail else { throw ConfigurationError("\(text): \(format) cannot be read from a file") }
        let path = String(text[..<equals])
        guard path.hasPrefix("/") else { throw ConfigurationError("\(text): the path must be absolute") }
        return TailSpec(path: path, format: format)
    }

    public var description: String { "file://\(path)=\(format)" }
}

extension SourceFormat {
    /// A format named in configuration or on the command line.
    static func parse(_ name: String, in context: String) throws(ConfigurationError) -> SourceFormat {
        guard let format = SourceFormat(rawValue: name) else {
            throw ConfigurationError(
                "unknown format \"\(name)\" in \(context) (known: \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return format
    }
}
