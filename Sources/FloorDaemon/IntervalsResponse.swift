import FloorCore
import FloorProtocol
import Foundation

/// `/v1/intervals?size=15m|30m`: today's completed intervals in the site's time zone, for an
/// intraday planner comparing actuals with its forecast.
///
/// Stateless; thread-safe.
enum IntervalsResponse {
    static func json(snapshot: FloorSnapshot, size: Milliseconds, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let now = Date(timeIntervalSince1970: snapshot.generatedAt.seconds)
        let dayStart = calendar.startOfDay(for: now)
        let dayStartTime = EventTime(seconds: dayStart.timeIntervalSince1970)
        let today = snapshot.intervals.filter { $0.start >= dayStartTime && $0.end <= snapshot.generatedAt }
        // Group quarter hours into intervals of `size` counted from local midnight.
        var groups: [Int64: IntervalSnapshot] = [:]
        for quarter in today {
            let index = (quarter.start - dayStartTime) / size
            groups[index] = groups[index].map { $0.merged(with: quarter) } ?? quarter
        }
        let completed = groups.keys.sorted().filter { dayStartTime + ($0 + 1) * size <= snapshot.generatedAt }
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        var json = JSONObjectWriter()
        json.string("time_zone", timeZone.identifier)
        json.string("date", formatter.string(from: now))
        json.integer("size_minutes", size / 60_000)
        let rows = completed.map { index -> String in
            let interval = groups[index]!
            let start = dayStartTime + index * size
            var row = JSONObjectWriter()
            row.string("start", RFC3339.format(start))
            row.string("end", RFC3339.format(start + size))
            var channels = JSONObjectWriter()
            for channel in Channel.allCases {
                channels.raw(
                    channel.name,
                    figures(
                        interval.channels[channel], definition: snapshot.channels[channel].goal?.definition ?? .connect)
                )
            }
            row.raw("channels", channels.finish())
            var queues = JSONObjectWriter()
            for name in interval.queues.keys.sorted() {
                queues.raw(
                    name,
                    figures(interval.queues[name]!, definition: snapshot.queues[name]?.goal?.definition ?? .connect))
            }
            row.raw("queues", queues.finish())
            return row.finish()
        }
        json.raw("intervals", "[" + rows.joined(separator: ",") + "]")
        return json.finish()
    }

    private static func figures(_ counts: WindowCounts, definition: ServiceLevelDefinition) -> String {
        let window = WindowSnapshot(
            length: IntervalLedger.width, counts: counts, definition: definition, waitP50: nil, waitP90: nil,
            waitP99: nil,
            waitMax: nil, arrivalsPerMinute: [])
        var json = JSONObjectWriter()
        json.integer("offered", counts[.offered])
        json.integer("answered", counts[.answered])
        json.integer("abandoned", counts[.abandoned])
        json.integer("timed_out", counts[.timedOut])
        json.number("service_level", window.serviceLevel)
        json.number("asa_seconds", window.averageSpeedOfAnswer.map { $0 / 1000 })
        json.number("aht_seconds", window.averageHandleTime.map { $0 / 1000 })
        json.number("occupancy_time", window.occupancyTime)
        json.number("occupancy_slots", window.occupancySlots)
        return json.finish()
    }
}
