import FloorCore
import FloorProtocol

/// `GET /v1/intervals?size=15m|30m|60m`: today's completed intervals in the site's time zone, for
/// an intraday planner comparing actuals with its forecast.
///
/// Value type; thread-safe.
public struct IntervalDayDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case timeZone = "time_zone"
        case date
        case sizeMinutes = "size_minutes"
        case intervals
    }

    public var timeZone = ""
    /// The local date, `yyyy-MM-dd`.
    public var date = ""
    public var sizeMinutes: Int64 = 15
    public var intervals: [IntervalDocument] = []

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "intervals")
        timeZone = try reader.string(.timeZone)
        date = try reader.string(.date)
        sizeMinutes = try reader.integer(.sizeMinutes)
        intervals = try reader.documents(.intervals)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.timeZone, timeZone)
        json.string(Key.date, date)
        json.integer(Key.sizeMinutes, sizeMinutes)
        json.documents(Key.intervals, intervals)
    }

    /// The day's completed intervals of `size`, counted from local midnight `dayStart`, built from
    /// the engine's quarter hours. Scopes' service levels use each scope's own definition.
    public init(
        _ snapshot: FloorSnapshot, size: Milliseconds, dayStart: EventTime, date: String, timeZone: String
    ) {
        self.timeZone = timeZone
        self.date = date
        sizeMinutes = size / 60_000
        var groups: [Int64: IntervalSnapshot] = [:]
        for quarter in snapshot.intervals where quarter.start >= dayStart && quarter.end <= snapshot.generatedAt {
            let index = (quarter.start - dayStart) / size
            groups[index] = groups[index].map { $0.merged(with: quarter) } ?? quarter
        }
        intervals = groups.keys.sorted().filter { dayStart + ($0 + 1) * size <= snapshot.generatedAt }.map { index in
            let interval = groups[index]!
            let start = dayStart + index * size
            var document = IntervalDocument(start: start, end: start + size)
            document.channels = PerChannel { channel in
                IntervalFigures(
                    interval.channels[channel], definition: snapshot.channels[channel].goal?.definition ?? .connect)
            }
            document.queues = interval.queues.reduce(into: [:]) { queues, entry in
                queues[entry.key] = IntervalFigures(
                    entry.value, definition: snapshot.queues[entry.key]?.goal?.definition ?? .connect)
            }
            return document
        }
    }
}

/// One interval of the day, per channel and per queue.
public struct IntervalDocument: QueryDocument {
    public enum Key: String, DocumentKey { case start, end, channels, queues }

    public var start: EventTime
    public var end: EventTime
    public var channels = PerChannel(repeating: IntervalFigures())
    public var queues: [String: IntervalFigures] = [:]

    public init(start: EventTime, end: EventTime) {
        self.start = start
        self.end = end
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "interval")
        start = try reader.time(.start) ?? EventTime(milliseconds: 0)
        end = try reader.time(.end) ?? EventTime(milliseconds: 0)
        for (name, figures) in try reader.namedDocuments(.channels, as: IntervalFigures.self) {
            if let channel = Channel(name: name) { channels[channel] = figures }
        }
        for (name, figures) in try reader.namedDocuments(.queues, as: IntervalFigures.self) { queues[name] = figures }
    }

    public func write(into json: inout JSONObjectWriter) {
        json.time(Key.start, start)
        json.time(Key.end, end)
        var channelMembers = JSONObjectWriter()
        for channel in Channel.allCases { channelMembers.raw(channel.name, channels[channel].json) }
        json.raw(Key.channels.rawValue, channelMembers.finish())
        var queueMembers = JSONObjectWriter()
        for name in queues.keys.sorted() { queueMembers.raw(name, queues[name]!.json) }
        json.raw(Key.queues.rawValue, queueMembers.finish())
    }
}

/// One scope's figures in one interval: the windows' keys and definitions, sums only (no wait
/// percentiles or arrival series).
public struct IntervalFigures: QueryDocument {
    typealias Key = WindowDocument.Key

    public var offered: Int64 = 0
    public var answered: Int64 = 0
    public var abandoned: Int64 = 0
    public var timedOut: Int64 = 0
    public var serviceLevel: Double?
    public var asaSeconds: Double?
    public var ahtSeconds: Double?
    public var occupancyTime: Double?
    public var occupancySlots: Double?

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "interval figures")
        offered = try reader.integer(.offered)
        answered = try reader.integer(.answered)
        abandoned = try reader.integer(.abandoned)
        timedOut = try reader.integer(.timedOut)
        serviceLevel = try reader.number(.serviceLevel)
        asaSeconds = try reader.number(.asaSeconds)
        ahtSeconds = try reader.number(.ahtSeconds)
        occupancyTime = try reader.number(.occupancyTime)
        occupancySlots = try reader.number(.occupancySlots)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.offered, offered)
        json.integer(Key.answered, answered)
        json.integer(Key.abandoned, abandoned)
        json.integer(Key.timedOut, timedOut)
        json.number(Key.serviceLevel, serviceLevel)
        json.number(Key.asaSeconds, asaSeconds)
        json.number(Key.ahtSeconds, ahtSeconds)
        json.number(Key.occupancyTime, occupancyTime)
        json.number(Key.occupancySlots, occupancySlots)
    }

    public init(_ counts: WindowCounts, definition: ServiceLevelDefinition) {
        let window = WindowSnapshot(
            length: IntervalLedger.width, counts: counts, definition: definition, waitP50: nil, waitP90: nil,
            waitP99: nil, waitMax: nil, arrivalsPerMinute: [])
        offered = counts[.offered]
        answered = counts[.answered]
        abandoned = counts[.abandoned]
        timedOut = counts[.timedOut]
        serviceLevel = window.serviceLevel
        asaSeconds = window.averageSpeedOfAnswer.map { $0 / 1000 }
        ahtSeconds = window.averageHandleTime.map { $0 / 1000 }
        occupancyTime = window.occupancyTime
        occupancySlots = window.occupancySlots
    }
}
