import FloorCore
import FloorProtocol

/// One window's figures as the API serves them (`windows.<label>`, `today`, `current_interval`):
/// counts, then ratios, averages and percentiles in seconds (null without data), then arrivals per
/// minute. The field tables below are the one list of these keys: the writer, the reader and the
/// dashboard's figure lookup all walk them.
///
/// Value type; thread-safe.
public struct WindowDocument: QueryDocument {
    public enum Key: String, DocumentKey, CaseIterable {
        case offered, answered, abandoned
        case shortAbandoned = "short_abandoned"
        case timedOut = "timed_out"
        case transfers
        case transfersIn = "transfers_in"
        case transfersInFromQueue = "transfers_in_from_queue"
        case transfersOutFromQueue = "transfers_out_from_queue"
        case callbacksHandled = "callbacks_handled"
        case apiContactsHandled = "api_contacts_handled"
        case agentNonResponse = "agent_non_response"
        case handled
        case outboundHandled = "outbound_handled"
        case abandonRate = "abandon_rate"
        case abandonRateExcludingShort = "abandon_rate_excluding_short"
        case serviceLevel = "service_level"
        case asaSeconds = "asa_seconds"
        case averageAbandonSeconds = "avg_abandon_seconds"
        case ahtSeconds = "aht_seconds"
        case averageTalkSeconds = "avg_talk_seconds"
        case averageHoldSeconds = "avg_hold_seconds"
        case averageACWSeconds = "avg_acw_seconds"
        case waitP50Seconds = "wait_p50_seconds"
        case waitP90Seconds = "wait_p90_seconds"
        case waitP99Seconds = "wait_p99_seconds"
        case waitMaxSeconds = "wait_max_seconds"
        case occupancyTime = "occupancy_time"
        case occupancySlots = "occupancy_slots"
        case arrivalsPerMinute = "arrivals_per_minute"
        case serviceLevels = "service_levels"
    }

    /// The service level at one threshold of the scope (its main one and each additional one).
    public struct ThresholdLevel: Sendable, Equatable {
        public var thresholdSeconds: Double
        public var serviceLevel: Double?

        public init(thresholdSeconds: Double, serviceLevel: Double?) {
            self.thresholdSeconds = thresholdSeconds
            self.serviceLevel = serviceLevel
        }
    }

    public var offered: Int64 = 0
    public var answered: Int64 = 0
    public var abandoned: Int64 = 0
    public var shortAbandoned: Int64 = 0
    public var timedOut: Int64 = 0
    public var transfers: Int64 = 0
    public var transfersIn: Int64 = 0
    public var transfersInFromQueue: Int64 = 0
    public var transfersOutFromQueue: Int64 = 0
    public var callbacksHandled: Int64 = 0
    public var apiContactsHandled: Int64 = 0
    public var agentNonResponse: Int64 = 0
    public var handled: Int64 = 0
    public var outboundHandled: Int64 = 0
    public var abandonRate: Double?
    public var abandonRateExcludingShort: Double?
    public var serviceLevel: Double?
    public var asaSeconds: Double?
    public var averageAbandonSeconds: Double?
    public var ahtSeconds: Double?
    public var averageTalkSeconds: Double?
    public var averageHoldSeconds: Double?
    public var averageACWSeconds: Double?
    public var waitP50Seconds: Double?
    public var waitP90Seconds: Double?
    public var waitP99Seconds: Double?
    public var waitMaxSeconds: Double?
    public var occupancyTime: Double?
    public var occupancySlots: Double?
    /// Contacts offered in each minute of the window, oldest first; the last minute is partial.
    public var arrivalsPerMinute: [Int64] = []
    /// Service level at every threshold of the scope, shortest first, by the scope's definition
    /// (`service_levels`: seconds → ratio); empty for a scope without a goal.
    public var serviceLevels: [ThresholdLevel] = []

    public init() {}

    /// The service level at `seconds`, when the scope reports that threshold.
    public func serviceLevel(atSeconds seconds: Double) -> Double? {
        serviceLevels.first { $0.thresholdSeconds == seconds }?.serviceLevel
    }

    /// The counts, in the order the API writes them.
    static let counts: [(Key, any WritableKeyPath<WindowDocument, Int64> & Sendable)] = [
        (.offered, \.offered), (.answered, \.answered), (.abandoned, \.abandoned),
        (.shortAbandoned, \.shortAbandoned), (.timedOut, \.timedOut), (.transfers, \.transfers),
        (.transfersIn, \.transfersIn), (.transfersInFromQueue, \.transfersInFromQueue),
        (.transfersOutFromQueue, \.transfersOutFromQueue), (.callbacksHandled, \.callbacksHandled),
        (.apiContactsHandled, \.apiContactsHandled), (.agentNonResponse, \.agentNonResponse),
        (.handled, \.handled), (.outboundHandled, \.outboundHandled),
    ]

    /// Ratios, averages and percentiles, in the order the API writes them.
    static let measures: [(Key, any WritableKeyPath<WindowDocument, Double?> & Sendable)] = [
        (.abandonRate, \.abandonRate), (.abandonRateExcludingShort, \.abandonRateExcludingShort),
        (.serviceLevel, \.serviceLevel), (.asaSeconds, \.asaSeconds), (.averageAbandonSeconds, \.averageAbandonSeconds),
        (.ahtSeconds, \.ahtSeconds), (.averageTalkSeconds, \.averageTalkSeconds),
        (.averageHoldSeconds, \.averageHoldSeconds), (.averageACWSeconds, \.averageACWSeconds),
        (.waitP50Seconds, \.waitP50Seconds), (.waitP90Seconds, \.waitP90Seconds), (.waitP99Seconds, \.waitP99Seconds),
        (.waitMaxSeconds, \.waitMaxSeconds), (.occupancyTime, \.occupancyTime), (.occupancySlots, \.occupancySlots),
    ]

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "window")
        for (key, path) in Self.counts { self[keyPath: path] = try reader.integer(key) }
        for (key, path) in Self.measures { self[keyPath: path] = try reader.number(key) }
        arrivalsPerMinute = try reader.integers(.arrivalsPerMinute)
        if let levels = reader.value(.serviceLevels) {
            guard case .object(let members) = levels else { throw DocumentError("service_levels: expected an object") }
            for (seconds, level) in members {
                guard let threshold = Double(seconds) else {
                    throw DocumentError("service_levels: \(seconds) is not a number of seconds")
                }
                guard level == .null || level.number != nil else {
                    throw DocumentError("service_levels.\(seconds): expected a number or null")
                }
                serviceLevels.append(ThresholdLevel(thresholdSeconds: threshold, serviceLevel: level.number))
            }
            serviceLevels.sort { $0.thresholdSeconds < $1.thresholdSeconds }
        }
    }

    public func write(into json: inout JSONObjectWriter) {
        for (key, path) in Self.counts { json.integer(key, self[keyPath: path]) }
        for (key, path) in Self.measures { json.number(key, self[keyPath: path]) }
        json.integers(Key.arrivalsPerMinute, arrivalsPerMinute)
        if !serviceLevels.isEmpty {
            var levels = JSONObjectWriter()
            for level in serviceLevels { levels.number(NumberText.plain(level.thresholdSeconds), level.serviceLevel) }
            json.raw(Key.serviceLevels.rawValue, levels.finish())
        }
    }

    /// A figure by its API name (a layout's metric tile names it), nil when unknown or empty.
    public func figure(_ name: String) -> Double? {
        // `service_levels.30`: the service level at 30 s.
        let prefix = Key.serviceLevels.rawValue + "."
        if name.hasPrefix(prefix) { return Double(name.dropFirst(prefix.count)).flatMap(serviceLevel(atSeconds:)) }
        guard let key = Key(rawValue: name) else { return nil }
        if let (_, path) = Self.counts.first(where: { $0.0 == key }) { return Double(self[keyPath: path]) }
        if let (_, path) = Self.measures.first(where: { $0.0 == key }) { return self[keyPath: path] }
        return nil
    }
}

extension WindowDocument {
    /// The figures of one engine window; `goal`: its scope's, for the service level at each
    /// threshold.
    public init(_ window: WindowSnapshot, goal: ServiceLevelGoal? = nil) {
        offered = window[.offered]
        answered = window[.answered]
        abandoned = window[.abandoned]
        shortAbandoned = window[.shortAbandoned]
        timedOut = window[.timedOut]
        transfers = window[.transfers]
        transfersIn = window[.transfersIn]
        transfersInFromQueue = window[.transfersInFromQueue]
        transfersOutFromQueue = window[.transfersOutFromQueue]
        callbacksHandled = window[.callbacksHandled]
        apiContactsHandled = window[.apiHandled]
        agentNonResponse = window[.agentNonResponse]
        handled = window[.handled]
        outboundHandled = window[.outboundHandled]
        abandonRate = window.abandonRate
        abandonRateExcludingShort = window.abandonRateExcludingShort
        serviceLevel = window.serviceLevel
        asaSeconds = window.averageSpeedOfAnswer.map { $0 / 1000 }
        averageAbandonSeconds = window.averageAbandonTime.map { $0 / 1000 }
        ahtSeconds = window.averageHandleTime.map { $0 / 1000 }
        averageTalkSeconds = window.averageTalkTime.map { $0 / 1000 }
        averageHoldSeconds = window.averageHoldTime.map { $0 / 1000 }
        averageACWSeconds = window.averageAfterContactWork.map { $0 / 1000 }
        waitP50Seconds = window.waitP50.map { Double($0) / 1000 }
        waitP90Seconds = window.waitP90.map { Double($0) / 1000 }
        waitP99Seconds = window.waitP99.map { Double($0) / 1000 }
        waitMaxSeconds = window.waitMax.map { Double($0) / 1000 }
        occupancyTime = window.occupancyTime
        occupancySlots = window.occupancySlots
        arrivalsPerMinute = Array(window.arrivalsPerMinute)
        if let goal {
            serviceLevels = [
                ThresholdLevel(thresholdSeconds: Double(goal.threshold) / 1000, serviceLevel: serviceLevel)
            ]
            for (index, threshold) in goal.additionalThresholds.enumerated() {
                serviceLevels.append(
                    ThresholdLevel(
                        thresholdSeconds: Double(threshold) / 1000, serviceLevel: window.serviceLevel(additional: index)
                    ))
            }
            serviceLevels.sort { $0.thresholdSeconds < $1.thresholdSeconds }
        }
    }
}
