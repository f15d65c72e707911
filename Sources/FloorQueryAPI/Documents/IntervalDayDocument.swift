import FloorCore
import FloorProtocol

/// `GET /v1/intervals?size=15m|30m|60m[&date=yyyy-MM-dd]`: one local day's completed intervals
/// in the site's time zone (today unless a date is asked), for an intraday planner comparing
/// actuals with its forecast. The daemon holds the last 26 hours of quarter hours: `held_from`
/// says where that begins, so a day before it reads as partial, not as quiet.
///
/// Value type; thread-safe.
public struct IntervalDayDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case timeZone = "time_zone"
        case date
        case sizeMinutes = "size_minutes"
        case heldFrom = "held_from"
        case intervals
    }

    public var timeZone = ""
    /// The local date, `yyyy-MM-dd`.
    public var date = ""
    public var sizeMinutes: Int64 = 15
    /// The start of the oldest quarter hour the daemon still holds.
    public var heldFrom: EventTime?
    public var intervals: [IntervalDocument] = []

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "intervals")
        timeZone = try reader.string(.timeZone)
        date = try reader.string(.date)
        sizeMinutes = try reader.integer(.sizeMinutes)
        heldFrom = try reader.time(.heldFrom)
        intervals = try reader.documents(.intervals)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.timeZone, timeZone)
        json.string(Key.date, date)
        json.integer(Key.sizeMinutes, sizeMinutes)
        json.time(Key.heldFrom, heldFrom)
        json.documents(Key.intervals, intervals)
    }

    /// The day's completed intervals of `size`, counted from the day's local midnight, built from
    /// the engine's quarter hours. Each scope's figures follow its own definition and thresholds.
    public init(_ snapshot: FloorSnapshot, size: Milliseconds, day: QueryReads.LocalDay) {
        timeZone = day.timeZone
        date = day.date
        sizeMinutes = size / 60_000
        let current = floorDivide(snapshot.generatedAt.milliseconds, IntervalLedger.width)
        heldFrom = EventTime(milliseconds: (current - Int64(IntervalLedger.slots) + 1) * IntervalLedger.width)
        let dayStart = day.start
        // An interval is listed once it is over and whole inside the day (a 25-hour day's last
        // hour is its own; a 23-hour day has no 02:00).
        let listedUntil = min(snapshot.generatedAt, day.end)
        var groups: [Int64: IntervalSnapshot] = [:]
        for quarter in snapshot.intervals where quarter.start >= dayStart && quarter.end <= listedUntil {
            let index = (quarter.start - dayStart) / size
            groups[index] = groups[index].map { $0.merged(with: quarter) } ?? quarter
        }
        intervals = groups.keys.sorted().filter { dayStart + ($0 + 1) * size <= listedUntil }.map { index in
            let interval = groups[index]!
            let start = dayStart + index * size
            var document = IntervalDocument(start: start, end: start + size)
            document.channels = PerChannel { channel in
                IntervalDocument.figures(interval.channels[channel], size: size, goal: snapshot.channels[channel].goal)
            }
            document.queues = interval.queues.reduce(into: [:]) { queues, entry in
                queues[entry.key] = IntervalDocument.figures(
                    entry.value, size: size, goal: snapshot.queues[entry.key]?.goal)
            }
            return document
        }
    }
}

/// One interval of the day, per channel and per queue: each scope's figures are a window's
/// (`WindowDocument`, the same keys and definitions) over the interval; the wait percentiles are
/// null and `arrivals_per_minute` empty, because the daemon keeps sums per quarter hour, not each
/// wait.
public struct IntervalDocument: QueryDocument {
    public enum Key: String, DocumentKey { case start, end, channels, queues }

    public var start: EventTime
    public var end: EventTime
    public var channels = PerChannel(repeating: WindowDocument())
    public var queues: [String: WindowDocument] = [:]

    public init(start: EventTime, end: EventTime) {
        self.start = start
        self.end = end
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "interval")
        start = try reader.time(.start) ?? EventTime(milliseconds: 0)
        end = try reader.time(.end) ?? EventTime(milliseconds: 0)
        for (name, figures) in try reader.namedDocuments(.channels, as: WindowDocument.self) {
            if let channel = Channel(name: name) { channels[channel] = figures }
        }
        for (name, figures) in try reader.namedDocuments(.queues, as: WindowDocument.self) { queues[name] = figures }
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

    /// A scope's figures over one interval of `size`, by its goal's definition and thresholds.
    static func figures(_ counts: WindowCounts, size: Milliseconds, goal: ServiceLevelGoal?) -> WindowDocument {
        let window = WindowSnapshot(
            length: size, counts: counts, definition: goal?.definition ?? .connect, waitP50: nil, waitP90: nil,
            waitP99: nil, waitMax: nil, arrivalsPerMinute: [])
        return WindowDocument(window, goal: goal)
    }
}
