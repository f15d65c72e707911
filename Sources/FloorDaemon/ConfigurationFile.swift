import FloorCore
import FloorStaffing
import Foundation
import TOMLKit

/// Reads `floorwatchd.toml` (docs/configuration.md) into a `DaemonConfiguration`. Unknown keys are
/// errors: a typo in a threshold must not silently keep the default.
public enum ConfigurationFile {
    public static let defaultPath = "/etc/floorwatch/floorwatchd.toml"

    /// Parses TOML text. Settings not in the file keep their defaults.
    public static func parse(
        _ text: String, base: DaemonConfiguration = DaemonConfiguration()
    ) throws(ConfigurationError)
        -> (configuration: DaemonConfiguration, logLevel: String?)
    {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError("TOML syntax error at line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigurationError("TOML syntax error: \(error)")
        }
        var configuration = base
        var logLevel: String?
        var reader = Reader()
        try reader.allow(
            table,
            keys: [
                "daemon", "listener", "subscription", "tail", "ingest", "query", "metrics", "lists", "channels",
                "queues", "alerts", "recommendations", "agents",
            ],
            in: "")
        if let subscriptions = table["subscription"] {
            guard let array = subscriptions.array else {
                throw ConfigurationError("subscription must be an array of tables ([[subscription]])")
            }
            configuration.subscriptions = []
            for (index, element) in array.enumerated() {
                let context = "subscription[\(index)]"
                guard let subscription = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    subscription,
                    keys: ["url", "format", "instance", "time_zone", "username", "secret_file", "secret_credential"],
                    in: context)
                guard let url = try reader.string(subscription, "url", in: context) else {
                    throw ConfigurationError("\(context).url is required (tcp://HOST:PORT)")
                }
                let format = try reader.string(subscription, "format", in: context) ?? SourceFormat.native.rawValue
                var spec = try SubscriptionSpec.parse(url + "=" + format)
                spec.instance = try reader.string(subscription, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(subscription, "time_zone", in: context), in: context)
                let username = try reader.string(subscription, "username", in: context)
                let file = try reader.string(subscription, "secret_file", in: context)
                let credential = try reader.string(subscription, "secret_credential", in: context)
                if var login = spec.login {
                    guard file == nil || credential == nil else {
                        throw ConfigurationError("\(context): give secret_file or secret_credential, not both")
                    }
                    login.username = username ?? login.username
                    if let file { login.secret = .file(file) }
                    if let credential { login.secret = .credential(credential) }
                    spec.login = login
                } else if username != nil || file != nil || credential != nil {
                    throw ConfigurationError("\(context): username and secrets are for format = \"asterisk-ami\"")
                }
                configuration.subscriptions.append(spec)
            }
        }
        if let tails = table["tail"] {
            guard let array = tails.array else {
                throw ConfigurationError("tail must be an array of tables ([[tail]])")
            }
            configuration.tails = []
            for (index, element) in array.enumerated() {
                let context = "tail[\(index)]"
                guard let tail = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(tail, keys: ["path", "format", "instance", "time_zone"], in: context)
                guard let path = try reader.string(tail, "path", in: context) else {
                    throw ConfigurationError("\(context).path is required")
                }
                let format = try reader.string(tail, "format", in: context) ?? SourceFormat.asteriskQueueLog.rawValue
                var spec = try TailSpec.parse(path + "=" + format)
                spec.instance = try reader.string(tail, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(tail, "time_zone", in: context), in: context)
                configuration.tails.append(spec)
            }
        }

        if let daemon = try reader.table(table, "daemon") {
            try reader.allow(
                daemon, keys: ["state_dir", "clock", "tick_interval_ms", "log_level", "time_zone"], in: "daemon")
            if let zone = try Self.timeZone(reader.string(daemon, "time_zone", in: "daemon"), in: "daemon") {
                configuration.timeZone = zone
            }
            if let value = try reader.string(daemon, "state_dir", in: "daemon") { configuration.stateDirectory = value }
            if let value = try reader.string(daemon, "clock", in: "daemon") {
                guard let clock = ClockMode(rawValue: value) else {
                    throw ConfigurationError("daemon.clock must be \"wall\" or \"event\"")
                }
                configuration.engine.clock = clock
            }
            if let value = try reader.int(daemon, "tick_interval_ms", in: "daemon", range: 20...10_000) {
                configuration.tickInterval = .milliseconds(value)
            }
            logLevel = try reader.string(daemon, "log_level", in: "daemon")
        }
        if let listeners = table["listener"] {
            guard let array = listeners.array else {
                throw ConfigurationError("listener must be an array of tables ([[listener]])")
            }
            configuration.listeners = []
            for (index, element) in array.enumerated() {
                let context = "listener[\(index)]"
                guard let listener = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    listener, keys: ["transport", "address", "format", "instance", "time_zone"], in: context)
                guard let transportName = try reader.string(listener, "transport", in: context),
                    let transport = ListenerSpec.Transport(rawValue: transportName)
                else { throw ConfigurationError("\(context).transport must be \"udp\" or \"tcp\"") }
                guard let address = try reader.string(listener, "address", in: context) else {
                    throw ConfigurationError("\(context).address is required (HOST:PORT)")
                }
                let format = try reader.string(listener, "format", in: context) ?? SourceFormat.native.rawValue
                var spec = try ListenerSpec.parse(address + "=" + format, transport: transport)
                spec.instance = try reader.string(listener, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(listener, "time_zone", in: context), in: context)
                configuration.listeners.append(spec)
            }
        }
        if let ingest = try reader.table(table, "ingest") {
            try reader.allow(
                ingest,
                keys: [
                    "udp_receive_buffer_bytes", "max_line_bytes", "tcp_idle_timeout_seconds", "max_connections",
                    "allow_networks",
                ], in: "ingest")
            if let list = ingest["allow_networks"] {
                guard let array = list.array, array.allSatisfy({ $0.string != nil }) else {
                    throw ConfigurationError("ingest.allow_networks must be a list of networks (\"10.0.0.0/8\")")
                }
                configuration.allowedPeers = try PeerNetworks(array.map { $0.string! })
            }
            if let value = try reader.int(ingest, "udp_receive_buffer_bytes", in: "ingest", range: 65_536...(1 << 30)) {
                configuration.udpReceiveBufferBytes = value
            }
            if let value = try reader.int(ingest, "max_line_bytes", in: "ingest", range: 256...(1 << 24)) {
                configuration.maximumLineBytes = value
            }
            if let value = try reader.int(ingest, "tcp_idle_timeout_seconds", in: "ingest", range: 1...86_400) {
                configuration.tcpIdleTimeout = .seconds(value)
            }
            if let value = try reader.int(ingest, "max_connections", in: "ingest", range: 1...65_536) {
                configuration.maximumIngestConnections = value
            }
        }
        if let query = try reader.table(table, "query") {
            try reader.allow(
                query,
                keys: [
                    "socket", "socket_group", "tcp", "tcp_allow_remote", "bearer_token_file", "max_connections",
                    "idle_timeout_seconds",
                ],
                in: "query")
            if let value = query["tcp_allow_remote"] {
                guard let flag = value.bool else {
                    throw ConfigurationError("query.tcp_allow_remote must be true or false")
                }
                configuration.queryTCPAllowRemote = flag
            }
            configuration.queryTokenFile = try reader.string(query, "bearer_token_file", in: "query")
            if let value = try reader.string(query, "socket", in: "query") { configuration.querySocketPath = value }
            configuration.querySocketGroup = try reader.string(query, "socket_group", in: "query")
            if let value = try reader.string(query, "tcp", in: "query") {
                let spec = try ListenerSpec.parse(value, transport: .tcp)
                configuration.queryTCPHost = spec.host
                configuration.queryTCPPort = spec.port
            }
            if let value = try reader.int(query, "max_connections", in: "query", range: 1...10_000) {
                configuration.maximumQueryConnections = value
            }
            if let value = try reader.int(query, "idle_timeout_seconds", in: "query", range: 1...3600) {
                configuration.queryIdleTimeout = .seconds(value)
            }
        }
        try readMetrics(table, &configuration, &reader)
        if let alerts = try reader.table(table, "alerts") {
            try AlertConfiguration.read(alerts, into: &configuration)
        }
        if let recommendations = try reader.table(table, "recommendations") {
            try readRecommendations(recommendations, into: &configuration, reader)
        }
        return (configuration, logLevel)
    }

    private static func readMetrics(
        _ table: TOMLTable, _ configuration: inout DaemonConfiguration, _ reader: inout Reader
    )
        throws(ConfigurationError)
    {
        var engine = configuration.engine
        var bucket = engine.bucketWidth
        var windows = engine.windows
        if let metrics = try reader.table(table, "metrics") {
            try reader.allow(
                metrics,
                keys: [
                    "windows_minutes", "bucket_seconds", "short_abandon_seconds", "service_level_definition",
                    "ended_contact_memory_minutes",
                ], in: "metrics")
            if let value = try reader.int(metrics, "bucket_seconds", in: "metrics", range: 1...300) {
                bucket = .seconds(Int64(value))
            }
            if let list = metrics["windows_minutes"] {
                guard let array = list.array, !array.isEmpty,
                    array.allSatisfy({ ($0.int ?? 0) > 0 && ($0.int ?? 0) <= 1440 })
                else {
                    throw ConfigurationError("metrics.windows_minutes must be a list of minutes 1…1440")
                }
                windows = array.map { .minutes(Int64($0.int!)) }
            }
            if let value = try reader.int(metrics, "short_abandon_seconds", in: "metrics", range: 0...600) {
                engine.shortAbandonThreshold = .seconds(Int64(value))
            }
            if let value = try reader.string(metrics, "service_level_definition", in: "metrics") {
                engine.serviceLevelDefinition = try definition(value, in: "metrics")
                engine.serviceLevelDefinitionIsConfigured = true
                for channel in Channel.allCases {
                    engine.channelGoals[channel].definition = engine.serviceLevelDefinition
                }
            }
            if let value = try reader.int(metrics, "ended_contact_memory_minutes", in: "metrics", range: 1...1440) {
                engine.endedContactMemory = .minutes(Int64(value))
            }
        }
        if let lists = try reader.table(table, "lists") {
            try reader.allow(
                lists,
                keys: ["abandoned_max", "abandoned_retention_minutes", "caller_visible_start", "caller_visible_end"],
                in: "lists")
            if let value = try reader.int(lists, "abandoned_max", in: "lists", range: 0...100_000) {
                engine.abandonedListSize = value
            }
            if let value = try reader.int(lists, "abandoned_retention_minutes", in: "lists", range: 1...10_080) {
                engine.abandonedRetention = .minutes(Int64(value))
            }
            let start = try reader.int(lists, "caller_visible_start", in: "lists", range: 0...32)
            let end = try reader.int(lists, "caller_visible_end", in: "lists", range: 0...32)
            engine.callerIDVisible = (start ?? engine.callerIDVisible.start, end ?? engine.callerIDVisible.end)
        }
        if let channels = try reader.table(table, "channels") {
            try reader.allow(channels, keys: Channel.allCases.map(\.name), in: "channels")
            for channel in Channel.allCases {
                guard let settings = try reader.table(channels, channel.name) else { continue }
                let context = "channels.\(channel.name)"
                try reader.allow(
                    settings,
                    keys: [
                        "service_level_threshold_seconds", "service_level_target", "max_contact_age_hours",
                        "short_abandon_seconds",
                    ],
                    in: context)
                if let value = try reader.int(settings, "short_abandon_seconds", in: context, range: 0...600) {
                    engine.channelShortAbandonThresholds[channel] = .seconds(Int64(value))
                }
                if let value = try reader.int(
                    settings, "service_level_threshold_seconds", in: context, range: 1...604_800)
                {
                    engine.channelGoals[channel].threshold = .seconds(Int64(value))
                }
                if let value = try reader.fraction(settings, "service_level_target", in: context) {
                    engine.channelGoals[channel].target = value
                }
                if let value = try reader.int(settings, "max_contact_age_hours", in: context, range: 1...2160) {
                    engine.maximumContactAge[channel] = .hours(Int64(value))
                }
            }
        }
        if let queues = try reader.table(table, "queues") {
            for name in queues.keys {
                let context = "queues.\"\(name)\""
                guard let settings = queues[name]?.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    settings,
                    keys: [
                        "channel", "service_level_threshold_seconds", "service_level_target",
                        "service_level_definition", "short_abandon_seconds", "aliases",
                    ],
                    in: context)
                var queue = QueueSettings()
                if let value = try reader.string(settings, "channel", in: context) {
                    guard let channel = Channel(name: value) else {
                        throw ConfigurationError("\(context).channel: unknown channel \(value)")
                    }
                    queue.channel = channel
                }
                // What is not set here comes from the queue's own channel when it is known.
                if let value = try reader.int(
                    settings, "service_level_threshold_seconds", in: context, range: 1...604_800)
                {
                    queue.serviceLevelThreshold = .seconds(Int64(value))
                }
                queue.serviceLevelTarget = try reader.fraction(settings, "service_level_target", in: context)
                if let value = try reader.string(settings, "service_level_definition", in: context) {
                    queue.serviceLevelDefinition = try definition(value, in: context)
                }
                if let value = try reader.int(settings, "short_abandon_seconds", in: context, range: 0...600) {
                    queue.shortAbandonThreshold = .seconds(Int64(value))
                }
                if let list = settings["aliases"] {
                    guard let array = list.array, array.allSatisfy({ $0.string?.isEmpty == false }) else {
                        throw ConfigurationError("\(context).aliases must be a list of queue ids or ARNs")
                    }
                    // A Connect ARN is matched by its last component, as the decoders name queues.
                    queue.aliases = array.compactMap { $0.string?.split(separator: "/").last.map(String.init) }
                }
                engine.queues[name] = queue
            }
        }
        if let agents = try reader.table(table, "agents") {
            for id in agents.keys {
                let context = "agents.\"\(id)\""
                guard let settings = agents[id]?.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(settings, keys: ["name", "team"], in: context)
                engine.agents[id] = AgentSettings(
                    name: try reader.string(settings, "name", in: context),
                    team: try reader.string(settings, "team", in: context))
            }
        }
        // Rebuilt through the initialiser so windows are normalised to whole buckets.
        var rebuilt = EngineSettings(
            clock: engine.clock, bucketWidth: bucket, windows: windows,
            shortAbandonThreshold: engine.shortAbandonThreshold,
            maximumContactAge: engine.maximumContactAge, endedContactMemory: engine.endedContactMemory,
            futureTolerance: engine.futureTolerance, serviceLevelDefinition: engine.serviceLevelDefinition,
            channelGoals: engine.channelGoals, queues: engine.queues)
        rebuilt.serviceLevelDefinitionIsConfigured = engine.serviceLevelDefinitionIsConfigured
        rebuilt.channelShortAbandonThresholds = engine.channelShortAbandonThresholds
        rebuilt.abandonedListSize = engine.abandonedListSize
        rebuilt.abandonedRetention = engine.abandonedRetention
        rebuilt.callerIDVisible = engine.callerIDVisible
        rebuilt.agents = engine.agents
        configuration.engine = rebuilt
        for window in windows where window % bucket != 0 {
            throw ConfigurationError(
                "metrics.windows_minutes: \(window / 60_000) min is not a whole number of \(bucket / 1000) s buckets")
        }
    }

    private static func readRecommendations(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: Reader
    ) throws(ConfigurationError) {
        let context = "recommendations"
        try reader.allow(
            table,
            keys: [
                "interval_seconds", "dwell_minutes", "window", "trigger_margin", "release_margin", "max_occupancy",
                "max_abandon", "deferred_occupancy", "deferred_ageing_share", "cross_training",
            ], in: context)
        var settings = configuration.recommender
        if let seconds = try reader.int(table, "interval_seconds", in: context, range: 5...3600) {
            settings.interval = .seconds(Int64(seconds))
        }
        if let minutes = try reader.int(table, "dwell_minutes", in: context, range: 0...240) {
            settings.dwell = .minutes(Int64(minutes))
        }
        if let window = try reader.string(table, "window", in: context) {
            let known = configuration.engine.windows.map(EngineSettings.label)
            guard known.contains(window) else {
                throw ConfigurationError("recommendations.window must be one of \(known.joined(separator: ", "))")
            }
            settings.window = window
        }
        if let value = try reader.fraction(table, "trigger_margin", in: context) { settings.triggerMargin = value }
        if let value = try reader.fraction(table, "release_margin", in: context) { settings.releaseMargin = value }
        if let value = try reader.fraction(table, "max_occupancy", in: context) { settings.maximumOccupancy = value }
        if let value = try reader.fraction(table, "max_abandon", in: context) { settings.maximumAbandon = value }
        if let value = try reader.fraction(table, "deferred_occupancy", in: context) {
            settings.deferredOccupancy = value
        }
        if let value = try reader.fraction(table, "deferred_ageing_share", in: context) {
            settings.deferredAgeingShare = value
        }
        if let training = try reader.table(table, "cross_training") {
            for team in training.keys {
                guard let names = training[team]?.array, names.allSatisfy({ $0.string != nil }) else {
                    throw ConfigurationError("recommendations.cross_training.\(team) must be a list of channels")
                }
                var channels: Set<FloorCore.Channel> = []
                for name in names.compactMap(\.string) {
                    guard let channel = FloorCore.Channel(name: name) else {
                        throw ConfigurationError("recommendations.cross_training.\(team): unknown channel \(name)")
                    }
                    channels.insert(channel)
                }
                settings.crossTraining[team] = channels
            }
        }
        configuration.recommender = settings
    }

    private static func definition(
        _ value: String, in context: String
    ) throws(ConfigurationError) -> ServiceLevelDefinition {
        guard let definition = ServiceLevelDefinition(rawValue: value) else {
            let known = ServiceLevelDefinition.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError("\(context).service_level_definition must be one of \(known)")
        }
        return definition
    }

    /// A time zone named in the file, checked: an IANA name such as Australia/Melbourne.
    static func timeZone(_ name: String?, in context: String) throws(ConfigurationError) -> String? {
        guard let name else { return nil }
        guard TimeZone(identifier: name) != nil else {
            throw ConfigurationError(
                "\(context).time_zone: unknown time zone \(name) (an IANA name such as Australia/Melbourne)")
        }
        return name
    }
}

/// Typed access with the key's path in every error message.
struct Reader {
    func allow(_ table: TOMLTable, keys: [String], in context: String) throws(ConfigurationError) {
        for key in table.keys where !keys.contains(key) {
            let place = context.isEmpty ? key : "\(context).\(key)"
            throw ConfigurationError("unknown setting \(place) (known here: \(keys.joined(separator: ", ")))")
        }
    }

    func table(_ table: TOMLTable, _ key: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let nested = value.table else { throw ConfigurationError("\(key) must be a table") }
        return nested
    }

    func string(_ table: TOMLTable, _ key: String, in context: String) throws(ConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw ConfigurationError("\(context).\(key) must be a string") }
        return text
    }

    func int(
        _ table: TOMLTable, _ key: String, in context: String, range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw ConfigurationError("\(context).\(key) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    func fraction(_ table: TOMLTable, _ key: String, in context: String) throws(ConfigurationError) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) else {
            throw ConfigurationError("\(context).\(key) must be a fraction 0…1 (0.8 for 80 %)")
        }
        return number
    }
}
