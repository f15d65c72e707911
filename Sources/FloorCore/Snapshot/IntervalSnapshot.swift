/// Totals of one completed quarter hour (UTC-aligned), per scope. Value type; thread-safe.
public struct IntervalSnapshot: Sendable {
    public var start: EventTime
    public var overall: WindowCounts
    public var channels: PerChannel<WindowCounts>
    public var queues: [String: WindowCounts]

    public var end: EventTime { start + IntervalLedger.width }

    /// Adds another interval's totals (to build half hours and hours from quarter hours).
    public func merged(with other: IntervalSnapshot) -> IntervalSnapshot {
        var result = self
        result.start = min(start, other.start)
        result.overall = overall.adding(other.overall)
        for channel in Channel.allCases { result.channels[channel] = channels[channel].adding(other.channels[channel]) }
        for (name, counts) in other.queues { result.queues[name] = (queues[name] ?? WindowCounts()).adding(counts) }
        return result
    }
}
