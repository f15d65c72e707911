import ArgumentParser
import FloorCore
import FloorDaemon
import Glibc
import Logging
import ServiceLifecycle
import SystemdSupport
import UnixSignals

@main
struct Floorwatchd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floorwatchd",
        abstract: "Real-time contact-center monitor: ingests contact and agent events, serves live metrics.")

    @Option(help: "Configuration file (TOML). Default: /etc/floorwatch/floorwatchd.toml when it exists.")
    var config: String?

    @Option(name: .customLong("udp"), help: "UDP listener HOST:PORT[=FORMAT] (repeatable; replaces the defaults).")
    var udp: [String] = []

    @Option(name: .customLong("tcp"), help: "TCP (NDJSON) listener HOST:PORT[=FORMAT] (repeatable).")
    var tcp: [String] = []

    @Option(help: "Follow a file like tail -F: PATH=FORMAT, e.g. /var/log/asterisk/queue_log=asterisk-queue-log.")
    var tail: [String] = []

    @Option(
        help:
            "Connect to an upstream serving events: tcp://HOST:PORT[=FORMAT] (repeatable); Asterisk AMI is tcp://USER@HOST:5038=asterisk-ami."
    )
    var subscribe: [String] = []

    @Option(
        help:
            "File holding the AMI secret for --subscribe …=asterisk-ami (default: the systemd credential ami-secret). Never give the secret itself."
    )
    var amiSecretFile: String?

    @Option(help: "Path of the query socket (HTTP/1.1 on a Unix socket).")
    var querySocket: String?

    @Option(help: "Also serve the query API on TCP HOST:PORT.")
    var queryTcp: String?

    @Option(help: "File holding the bearer token required on the TCP query port.")
    var queryTokenFile: String?

    @Option(help: "File holding the token that may also write (acknowledge, silence, decide) over TCP.")
    var queryWriteTokenFile: String?

    @Option(help: "State directory (created if missing).")
    var stateDir: String?

    @Option(help: "Engine clock: wall (default) or event (follows the newest event time).")
    var clock: String?

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevelOption: String?

    @Flag(help: "Validate the configuration and exit.")
    var checkConfig = false

    func run() async throws {
        let configuration: DaemonConfiguration
        var fileLogLevel: String?
        do {
            (configuration, fileLogLevel) = try makeConfiguration()
        } catch {
            FileHandleError.write("floorwatchd: \(error)\n")
            throw ExitCode(2)
        }
        if checkConfig {
            print(
                "configuration ok: \(configuration.listeners.map(\.description).joined(separator: ", ")); query socket \(configuration.querySocketPath)"
            )
            return
        }
        let level = Logger.Level(rawValue: logLevelOption ?? fileLogLevel ?? "info") ?? .info
        // Under systemd stderr goes to the journal anyway; writing natively keeps priorities and fields.
        let underSystemd = getenv("JOURNAL_STREAM") != nil || getenv("INVOCATION_ID") != nil
        // Written on a thread of their own: a journald that falls behind never holds the engine loop.
        LoggingSystem.bootstrap { label in
            var handler = QueuedLogHandler(
                wrapping: underSystemd && JournalWriter.isJournaldListening()
                    ? JournalLogHandler(label: label) : StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        defer { QueuedLogHandler.flush() }
        let logger = Logger(label: "floorwatchd")
        // SIGHUP reloads (the service traps it); ignored until then so an early one cannot kill us.
        signal(SIGHUP, SIG_IGN)
        let command = self
        let services = try await DaemonAssembly.services(
            configuration: configuration, logger: logger, reloadConfiguration: { try command.makeConfiguration().0 })
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [], logger: logger)
        // systemd waits TimeoutStopSec (10 s); exit well before, even if a client hangs on.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(4)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
    }

    /// A token from its file: at least `minimumTokenLength` bytes, since a token a network peer could
    /// guess protects nothing (openssl rand -hex 32 gives 64).
    private static func token(from file: String) throws -> String {
        guard let token = TextFile.read(file)?.trimmingWhitespace(), !token.isEmpty else {
            throw ConfigurationError("cannot read a token from \(file)")
        }
        guard token.utf8.count >= minimumTokenLength else {
            throw ConfigurationError(
                "the token in \(file) has \(token.utf8.count) characters; use at least \(minimumTokenLength) "
                    + "(e.g. openssl rand -hex 32)")
        }
        return token
    }

    /// The file (if any), then the flags: listener flags replace the file's listeners.
    private func makeConfiguration() throws -> (DaemonConfiguration, String?) {
        var configuration = DaemonConfiguration()
        var fileLogLevel: String?
        let path = config ?? (access(ConfigurationFile.defaultPath, F_OK) == 0 ? ConfigurationFile.defaultPath : nil)
        if let path {
            guard let text = TextFile.read(path) else {
                throw ConfigurationError("cannot read configuration file \(path)")
            }
            do {
                // The probe is the child itself when checking.
                if !checkConfig { try ConfigurationProbe.check(path) }
                (configuration, fileLogLevel) = try ConfigurationFile.parse(text)
            } catch {
                throw ConfigurationError("\(path): \(error)")
            }
        }
        let listeners =
            try udp.map { try ListenerSpec.parse($0, transport: .udp) }
            + tcp.map { try ListenerSpec.parse($0, transport: .tcp) }
        if !listeners.isEmpty { configuration.listeners = listeners }
        if !tail.isEmpty { configuration.tails = try tail.map { try TailSpec.parse($0) } }
        if !subscribe.isEmpty {
            configuration.subscriptions = try subscribe.map { text in
                var spec = try SubscriptionSpec.parse(text)
                if let amiSecretFile { spec.login?.secret = .file(amiSecretFile) }
                return spec
            }
        }
        if let querySocket { configuration.querySocketPath = querySocket }
        if let queryTcp {
            let spec = try ListenerSpec.parse(queryTcp, transport: .tcp)
            configuration.queryTCPHost = spec.host
            configuration.queryTCPPort = spec.port
        }
        if let stateDir { configuration.stateDirectory = stateDir }
        if let queryTokenFile { configuration.queryTokenFile = queryTokenFile }
        if let queryWriteTokenFile { configuration.queryWriteTokenFile = queryWriteTokenFile }
        configuration.queryToken = try configuration.queryTokenFile.map(Self.token(from:))
        configuration.queryWriteToken = try configuration.queryWriteTokenFile.map(Self.token(from:))
        if let read = configuration.queryToken, read == configuration.queryWriteToken {
            throw ConfigurationError("the read and write tokens are the same: a reader could write")
        }
        if let host = configuration.queryTCPHost, !configuration.queryTCPAllowRemote, !Self.isLoopback(host) {
            throw ConfigurationError(
                "query TCP address \(host) is not loopback; set query.tcp_allow_remote = true to allow it")
        }
        if configuration.queryTCPHost != nil, configuration.queryTCPAllowRemote, configuration.queryToken == nil {
            // Reachable from the network, the query port can acknowledge alerts and silence them.
            throw ConfigurationError(
                "query.tcp_allow_remote needs query.bearer_token_file: without a token anyone on the network "
                    + "could read the floor and silence its alerts")
        }
        if let clock {
            guard let mode = ClockMode(rawValue: clock) else {
                throw ConfigurationError("--clock must be wall or event")
            }
            configuration.engine.clock = mode
        }
        for level in [logLevelOption, fileLogLevel].compactMap({ $0 }) where Logger.Level(rawValue: level) == nil {
            throw ConfigurationError("unknown log level \(level)")
        }
        return (configuration, fileLogLevel)
    }

    /// The shortest bearer token accepted.
    static let minimumTokenLength = 32

    static func isLoopback(_ host: String) -> Bool {
        host == "::1" || host.hasPrefix("127.") || host == "localhost"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

enum FileHandleError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}
