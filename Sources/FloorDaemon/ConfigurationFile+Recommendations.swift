import FloorCore
import FloorStaffing
import TOMLKit

extension ConfigurationFile {
    static func readRecommendations(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        let context = "recommendations"
        try reader.allow(
            table,
            keys: [
                "interval_seconds", "dwell_minutes", "window", "trigger_margin", "release_margin", "max_occupancy",
                "max_abandon", "deferred_occupancy", "deferred_ageing_share", "cross_training", "act_on_forecast",
            ], in: context)
        var settings = configuration.recommender
        if let value = table["act_on_forecast"] {
            guard let flag = value.bool else {
                throw ConfigurationError("recommendations.act_on_forecast must be true or false")
            }
            settings.actOnForecast = flag
        }
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
}
