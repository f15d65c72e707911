import FloorCore
import Foundation
import TOMLKit

extension ConfigurationFile {
    /// `[lists]`: the callback worklist and how much of a caller id people see.
    /// `[limits]`: how much the engine may hold, in total and per source.
    static func readLimits(
        _ table: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        guard let limits = try reader.table(table, "limits") else { return }
        let keys: [(String, WritableKeyPath<EngineLimits, Int>)] = [
            ("open_contacts", \.openContacts), ("open_contacts_per_source", \.openContactsPerSource),
            ("agents", \.agents), ("agents_per_source", \.agentsPerSource), ("queues", \.queues),
            ("queues_per_source", \.queuesPerSource), ("ended_contacts", \.endedContacts),
        ]
        try reader.allow(limits, keys: keys.map(\.0) + ["agent_expiry_hours"], in: "limits")
        for (key, path) in keys {
            if let value = try reader.int(limits, key, in: "limits", range: 1...100_000_000) {
                engine.limits[keyPath: path] = value
            }
        }
        if let value = try reader.int(limits, "agent_expiry_hours", in: "limits", range: 1...(24 * 90)) {
            engine.limits.agentExpiry = .hours(Int64(value))
        }
    }

    static func readLists(
        _ table: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
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
    }

    /// `[channels.<channel>]`: each channel's goal, short-abandon threshold and contact age.
    static func readChannels(
        _ table: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let channels = try reader.table(table, "channels") {
            try reader.allow(channels, keys: Channel.allCases.map(\.name), in: "channels")
            for channel in Channel.allCases {
                guard let settings = try reader.table(channels, channel.name) else { continue }
                let context = "channels.\(channel.name)"
                try reader.allow(
                    settings,
                    keys: [
                        "service_level_threshold_seconds", "service_level_target", "max_contact_age_hours",
                        "short_abandon_seconds", "additional_service_level_thresholds_seconds",
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
                if let thresholds = try reader.seconds(
                    settings, "additional_service_level_thresholds_seconds", in: context, range: 1...604_800,
                    maximum: ServiceLevelGoal.maximumAdditionalThresholds)
                {
                    let goal = engine.channelGoals[channel]
                    engine.channelGoals[channel] = ServiceLevelGoal(
                        threshold: goal.threshold, target: goal.target, definition: goal.definition,
                        additionalThresholds: thresholds)
                }
                if let value = try reader.int(settings, "max_contact_age_hours", in: context, range: 1...2160) {
                    engine.maximumContactAge[channel] = .hours(Int64(value))
                }
            }
        }
    }

    /// `[queues."<name>"]`: what differs per queue from its channel.
    static func readQueues(
        _ table: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let queues = try reader.table(table, "queues") {
            for name in queues.keys {
                let context = "queues.\"\(name)\""
                guard let settings = queues[name]?.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    settings,
                    keys: [
                        "channel", "service_level_threshold_seconds", "service_level_target",
                        "service_level_definition", "short_abandon_seconds", "aliases",
                        "additional_service_level_thresholds_seconds",
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
                queue.additionalServiceLevelThresholds = try reader.seconds(
                    settings, "additional_service_level_thresholds_seconds", in: context, range: 1...604_800,
                    maximum: ServiceLevelGoal.maximumAdditionalThresholds)
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
    }

    /// `[agents."<id>"]`: people's names and teams.
    static func readAgents(
        _ table: TOMLTable, into engine: inout EngineSettings, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
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
    }
}
