import FloorCore
import Foundation
import TOMLKit

extension ConfigurationFile {
    /// `[daemon]`: state directory, clock, tick, the site's time zone; returns the log level.
    static func readDaemon(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) -> String? {
        if let daemon = try reader.table(table, "daemon") {
            try reader.allow(
                daemon,
                keys: [
                    "state_dir", "clock", "tick_interval_ms", "log_level", "time_zone", "checkpoint_interval_ms",
                    "checkpoint_max_age_minutes",
                ], in: "daemon")
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
            if let value = try reader.int(daemon, "checkpoint_interval_ms", in: "daemon", range: 0...3_600_000) {
                configuration.checkpointInterval = value == 0 ? nil : .milliseconds(value)
            }
            if let value = try reader.int(daemon, "checkpoint_max_age_minutes", in: "daemon", range: 1...(7 * 24 * 60))
            {
                configuration.checkpointMaximumAge = .minutes(Int64(value))
            }
            return try reader.string(daemon, "log_level", in: "daemon")
        }
        return nil
    }
}
