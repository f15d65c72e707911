import FloorCore
import FloorStaffing
import Foundation
import TOMLKit

/// Reads `floorwatchd.toml` (docs/configuration.md) into a `DaemonConfiguration`. Unknown keys are
/// errors: a typo in a threshold must not silently keep the default.
public enum ConfigurationFile {
    public static let defaultPath = "/etc/floorwatch/floorwatchd.toml"

    /// TOML allows no raw control character but tab and line ends anywhere (strings escape them),
    /// and the TOML library aborts the process on some (`[` then U+0001, found by fuzzing): a
    /// stray byte in a reloaded file would have killed the running daemon. They are refused here,
    /// before the library sees them.
    static func refuseControlCharacters(_ text: String) throws(ConfigurationError) {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
            } else if scalar.value < 0x20 && scalar != "\t" && scalar != "\r" || scalar.value == 0x7F {
                let code = String(scalar.value, radix: 16, uppercase: true)
                throw ConfigurationError(
                    "line \(line): control character U+\(String(repeating: "0", count: 4 - code.count) + code) "
                        + "is not allowed in TOML (write it escaped inside a string)")
            }
        }
    }

    /// The TOML library also aborts on a table header whose first character cannot begin a key
    /// (`[!`, `[.a]`, `[[ #`, `[` alone on its line; found by fuzzing). Such a header is never
    /// TOML: refused here. Strings (all four kinds) and comments are skipped, so what looks like
    /// a header inside them is left alone.
    static func refuseHeadersWithoutKeys(_ text: String) throws(ConfigurationError) {
        let scalars = Array(text.unicodeScalars)
        // A byte-order mark is skipped, as the library does.
        var index = scalars.first == "\u{FEFF}" ? 1 : 0
        var line = 1
        var lineStart = true
        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        func skipSpaces() { while let scalar = at(0), scalar == " " || scalar == "\t" { index += 1 } }
        /// Skips past the closing `delimiter` (one or three of `quote`); backslash escapes in basic strings.
        func skipString(quote: Unicode.Scalar, triple: Bool) {
            while let scalar = at(0) {
                if scalar == "\n" {
                    line += 1
                    if !triple { return }
                }
                if scalar == "\\", quote == "\"" {
                    index += 2
                    continue
                }
                if scalar == quote, !triple || (at(1) == quote && at(2) == quote) {
                    index += triple ? 3 : 1
                    return
                }
                index += 1
            }
        }
        while index < scalars.count {
            if lineStart {
                lineStart = false
                skipSpaces()
                if at(0) == "[" {
                    index += at(1) == "[" ? 2 : 1
                    skipSpaces()
                    guard let first = at(0), first != "\n", first != "\r" else {
                        throw ConfigurationError("line \(line): a table header must begin with a key on its line")
                    }
                    let isKey =
                        first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first))
                        || "_-\"'".unicodeScalars.contains(first)
                    if !isKey {
                        throw ConfigurationError("line \(line): a table header must begin with a key, not \"\(first)\"")
                    }
                }
                continue
            }
            switch scalars[index] {
            case "\n":
                line += 1
                lineStart = true
                index += 1
            case "#":
                while let scalar = at(0), scalar != "\n" { index += 1 }
            case "\"", "'":
                let quote = scalars[index]
                let triple = at(1) == quote && at(2) == quote
                index += triple ? 3 : 1
                skipString(quote: quote, triple: triple)
            default:
                index += 1
            }
        }
    }

    /// Parses TOML text. Settings not in the file keep their defaults.
    public static func parse(
        _ text: String, base: DaemonConfiguration = DaemonConfiguration()
    ) throws(ConfigurationError)
        -> (configuration: DaemonConfiguration, logLevel: String?)
    {
        try refuseControlCharacters(text)
        try refuseHeadersWithoutKeys(text)
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
        let reader = ConfigurationReader()
        try reader.allow(
            table,
            keys: [
                "daemon", "listener", "subscription", "tail", "ingest", "query", "metrics", "lists", "limits",
                "channels",
                "queues", "alerts", "recommendations", "agents",
            ],
            in: "")
        try readSubscriptions(table, into: &configuration, reader)
        try readTails(table, into: &configuration, reader)
        logLevel = try readDaemon(table, into: &configuration, reader)
        try readListeners(table, into: &configuration, reader)
        try readIngest(table, into: &configuration, reader)
        try readQuery(table, into: &configuration, reader)

        try readMetrics(table, &configuration, reader)
        if let alerts = try reader.table(table, "alerts") {
            try AlertConfiguration.read(alerts, into: &configuration)
        }
        if let recommendations = try reader.table(table, "recommendations") {
            try readRecommendations(recommendations, into: &configuration, reader)
        }
        return (configuration, logLevel)
    }

    private static func readMetrics(
        _ table: TOMLTable, _ configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
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
        try readLists(table, into: &engine, reader)
        try readLimits(table, into: &engine, reader)
        try readChannels(table, into: &engine, reader)
        try readQueues(table, into: &engine, reader)
        try readAgents(table, into: &engine, reader)
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
        rebuilt.limits = engine.limits
        configuration.engine = rebuilt
        for window in windows where window % bucket != 0 {
            throw ConfigurationError(
                "metrics.windows_minutes: \(window / 60_000) min is not a whole number of \(bucket / 1000) s buckets")
        }
    }

    static func definition(
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
