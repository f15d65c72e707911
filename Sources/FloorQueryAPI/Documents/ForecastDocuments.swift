import FloorCore
import FloorForecast
import FloorProtocol

/// `GET /v1/forecast`: each channel's and queue's arrivals over the next hour, and for the live
/// channels the projected queue, oldest wait and service level over the next 30 minutes with the
/// predicted breach. Channels first (in channel order), then queues by name.
///
/// Value type; thread-safe.
public struct ForecastBoardDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case generatedAt = "generated_at"
        case scopes
    }

    public var board: ForecastBoard

    public init(_ board: ForecastBoard) { self.board = board }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "forecast")
        board = ForecastBoard(
            generatedAt: try reader.time(.generatedAt) ?? EventTime(milliseconds: 0),
            scopes: try reader.documents(.scopes))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.time(Key.generatedAt, board.generatedAt)
        json.documents(Key.scopes, board.scopes)
    }
}

extension ScopeForecast: QueryDocument {
    public enum Key: String, DocumentKey {
        case queue, channel, warm
        case arrivals = "arrivals_per_5m"
        case handleTimeSeconds = "handle_time_seconds"
        case patienceSeconds = "patience_seconds"
        case agents, objective, trajectory, breach
        case alertRaised = "alert_raised"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "forecast scope")
        let channel = try reader.channel(.channel)
        if let queue = try reader.optionalString(.queue) {
            self.init(scope: .queue(queue), channel: channel, isWarm: try reader.bool(.warm))
        } else {
            guard let channel else { throw DocumentError("forecast scope: neither a queue nor a channel") }
            self.init(scope: .channel(channel), channel: channel, isWarm: try reader.bool(.warm))
        }
        arrivals = try reader.documents(.arrivals)
        handleTimeSeconds = try reader.number(.handleTimeSeconds)
        patienceSeconds = try reader.number(.patienceSeconds)
        agents = reader.value(.agents) == nil ? nil : try reader.count(.agents)
        objective = try reader.document(.objective)
        trajectory = try reader.documents(.trajectory)
        breach = try reader.document(.breach)
        alertRaised = try reader.bool(.alertRaised)
    }

    public func write(into json: inout JSONObjectWriter) {
        switch scope {
        case .channel: json.null(Key.queue.rawValue)
        case .queue(let name): json.string(Key.queue, name)
        }
        json.string(Key.channel, channel?.name)
        json.bool(Key.warm, isWarm)
        json.documents(Key.arrivals, arrivals)
        json.number(Key.handleTimeSeconds, handleTimeSeconds)
        json.number(Key.patienceSeconds, patienceSeconds)
        if let agents { json.integer(Key.agents, agents) } else { json.null(Key.agents.rawValue) }
        json.document(Key.objective, objective)
        json.documents(Key.trajectory, trajectory)
        json.document(Key.breach, breach)
        json.bool(Key.alertRaised, alertRaised)
    }
}

extension ArrivalForecastInterval: QueryDocument {
    public enum Key: String, DocumentKey {
        case start, minutes, expected, lower, upper
        case expectedLower = "expected_lower"
        case expectedUpper = "expected_upper"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "arrival forecast")
        let start = try reader.time(.start) ?? EventTime(milliseconds: 0)
        self.init(
            startMinute: start.milliseconds / 60_000, minutes: try reader.count(.minutes),
            expected: try reader.number(.expected) ?? 0, lower: try reader.number(.lower) ?? 0,
            upper: try reader.number(.upper) ?? 0, expectedLower: try reader.number(.expectedLower) ?? 0,
            expectedUpper: try reader.number(.expectedUpper) ?? 0)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.time(Key.start, EventTime(milliseconds: startMinute * 60_000))
        json.integer(Key.minutes, minutes)
        json.number(Key.expected, expected)
        json.number(Key.lower, lower)
        json.number(Key.upper, upper)
        json.number(Key.expectedLower, expectedLower)
        json.number(Key.expectedUpper, expectedUpper)
    }
}

extension ProjectedMinute: QueryDocument {
    public enum Key: String, DocumentKey {
        case minute, arrivals
        case queueLength = "queue_length"
        case stationaryQueueLength = "stationary_queue_length"
        case oldestWaitSeconds = "oldest_wait_seconds"
        case serviceLevel = "service_level"
        case trailingServiceLevel = "service_level_15m"
        case trailingOffered = "offered_15m"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "projected minute")
        self.init(
            minute: try reader.count(.minute), arrivals: try reader.number(.arrivals) ?? 0,
            queueLength: try reader.number(.queueLength) ?? 0,
            stationaryQueueLength: try reader.number(.stationaryQueueLength) ?? 0,
            oldestWaitSeconds: try reader.number(.oldestWaitSeconds) ?? 0,
            serviceLevel: try reader.number(.serviceLevel) ?? 0,
            trailingServiceLevel: try reader.number(.trailingServiceLevel) ?? 0,
            trailingOffered: try reader.number(.trailingOffered) ?? 0)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.minute, minute)
        json.number(Key.arrivals, arrivals)
        json.number(Key.queueLength, queueLength)
        json.number(Key.stationaryQueueLength, stationaryQueueLength)
        json.number(Key.oldestWaitSeconds, oldestWaitSeconds)
        json.number(Key.serviceLevel, serviceLevel)
        json.number(Key.trailingServiceLevel, trailingServiceLevel)
        json.number(Key.trailingOffered, trailingOffered)
    }
}

extension ServiceLevelObjective: QueryDocument {
    public enum Key: String, DocumentKey {
        case thresholdSeconds = "threshold_seconds"
        case target, measure
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "objective")
        let name = try reader.string(.measure)
        guard let measure = ProjectedServiceLevelMeasure(rawValue: name) else {
            throw DocumentError("measure: unknown \(name)")
        }
        self.init(
            thresholdSeconds: try reader.number(.thresholdSeconds) ?? 0, target: try reader.number(.target) ?? 0,
            measure: measure)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.number(Key.thresholdSeconds, thresholdSeconds)
        json.number(Key.target, target)
        json.string(Key.measure, measure.rawValue)
    }
}

extension BreachPrediction: QueryDocument {
    public enum Key: String, DocumentKey {
        case minutesUntilBreach = "minutes_until_breach"
        case confidence
        case projectedServiceLevel = "projected_service_level"
        case expectedContacts = "expected_contacts_15m"
        case scenarios
        // Members of `scenarios`: the first breached minute with the lower, mean and upper arrivals.
        case lower, mean, upper
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "breach")
        func minute(_ reader: DocumentReader<Key>, _ key: Key) throws(DocumentError) -> Int? {
            reader.value(key) == nil ? nil : try reader.count(key)
        }
        var scenarios = ScenarioBreaches(lowerArrivals: nil, meanArrivals: nil, upperArrivals: nil)
        if let value = reader.value(.scenarios) {
            let nested = try DocumentReader<Key>(value, "breach.scenarios")
            scenarios = ScenarioBreaches(
                lowerArrivals: try minute(nested, .lower), meanArrivals: try minute(nested, .mean),
                upperArrivals: try minute(nested, .upper))
        }
        self.init(
            minutesUntilBreach: try minute(reader, .minutesUntilBreach),
            confidence: try reader.number(.confidence) ?? 0,
            projectedServiceLevel: try reader.number(.projectedServiceLevel),
            expectedContactsInWindow: try reader.number(.expectedContacts) ?? 0, scenarios: scenarios)
    }

    public func write(into json: inout JSONObjectWriter) {
        func minute(_ json: inout JSONObjectWriter, _ key: Key, _ value: Int?) {
            if let value { json.integer(key, value) } else { json.null(key.rawValue) }
        }
        minute(&json, .minutesUntilBreach, minutesUntilBreach)
        json.number(Key.confidence, confidence)
        json.number(Key.projectedServiceLevel, projectedServiceLevel)
        json.number(Key.expectedContacts, expectedContactsInWindow)
        var nested = JSONObjectWriter()
        minute(&nested, .lower, scenarios.lowerArrivals)
        minute(&nested, .mean, scenarios.meanArrivals)
        minute(&nested, .upper, scenarios.upperArrivals)
        json.raw(Key.scenarios.rawValue, nested.finish())
    }
}
