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
        try TOMLPrechecks.refuseControlCharacters(text)
        try TOMLPrechecks.refuseHeadersWithoutKeys(text)
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

        // The engine's tables, then the settings rebuilt so windows are whole buckets.
        var engine = configuration.engine
        if let metrics = try reader.table(table, "metrics") { try readMetrics(metrics, into: &engine, reader) }
        try readLists(table, into: &engine, reader)
        try readLimits(table, into: &engine, reader)
        try readChannels(table, into: &engine, reader)
        try readQueues(table, into: &engine, reader)
        try readAgents(table, into: &engine, reader)
        configuration.engine = try normalised(engine)
        if let alerts = try reader.table(table, "alerts") {
            try AlertConfiguration.read(alerts, into: &configuration)
        }
        if let recommendations = try reader.table(table, "recommendations") {
            try readRecommendations(recommendations, into: &configuration, reader)
        }
        return (configuration, logLevel)
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
