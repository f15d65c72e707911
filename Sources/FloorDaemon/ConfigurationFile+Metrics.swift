import FloorCore
import TOMLKit

extension ConfigurationFile {
    /// `[metrics]`: the windows, their bucket, the short-abandon threshold, the service level's
    /// definition and how long ended contacts are remembered.
    static func readMetrics(
        _ metrics: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        try reader.allow(
            metrics,
            keys: [
                "windows_minutes", "bucket_seconds", "short_abandon_seconds", "service_level_definition",
                "ended_contact_memory_minutes",
            ], in: "metrics")
        if let value = try reader.int(metrics, "bucket_seconds", in: "metrics", range: 1...300) {
            engine.bucketWidth = .seconds(Int64(value))
        }
        if let list = metrics["windows_minutes"] {
            guard let array = list.array, !array.isEmpty,
                array.allSatisfy({ ($0.int ?? 0) > 0 && ($0.int ?? 0) <= 1440 })
            else {
                throw ConfigurationError("metrics.windows_minutes must be a list of minutes 1…1440")
            }
            engine.windows = array.map { .minutes(Int64($0.int!)) }
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

    /// The settings read, rebuilt through the initialiser so windows are normalised to whole
    /// buckets; a window that is not a whole number of buckets is refused.
    static func normalised(_ engine: EngineSettings) throws(ConfigurationError) -> EngineSettings {
        let (bucket, windows) = (engine.bucketWidth, engine.windows)
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
        for window in windows where window % bucket != 0 {
            throw ConfigurationError(
                "metrics.windows_minutes: \(window / 60_000) min is not a whole number of \(bucket / 1000) s buckets")
        }
        return rebuilt
    }
}
