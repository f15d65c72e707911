/// One agent's figures since local midnight: what a supervisor reads per agent (handled, AHT and
/// its parts, missed offers, occupancy). Kept beside the agent records, not in them: the records
/// are read on most events and stay small. Reset when the engine's day changes.
struct AgentDay: Sendable, Equatable {
    /// The local midnight these figures count from (`Int64.min` before the first).
    var dayStart = EventTime(milliseconds: Int64.min)
    var handled = PerChannel(repeating: Int64(0))
    var handleMs: Int64 = 0
    var holdMs: Int64 = 0
    var afterContactWorkMs: Int64 = 0
    /// Offers the agent did not answer (missed, rejected).
    var missed: Int64 = 0
    var onContactMs: Int64 = 0
    var idleMs: Int64 = 0

    /// The figures for `day`, reset when it is another day than these count.
    mutating func on(_ day: EventTime) {
        guard dayStart != day else { return }
        self = AgentDay()
        dayStart = day
    }

    var snapshot: AgentDayFigures {
        AgentDayFigures(
            handled: handled, handleMs: handleMs, holdMs: holdMs, afterContactWorkMs: afterContactWorkMs,
            missed: missed, onContactMs: onContactMs, idleMs: idleMs)
    }
}

/// An agent's figures since local midnight, as published. Value type; thread-safe.
public struct AgentDayFigures: Sendable, Equatable {
    public var handled: PerChannel<Int64>
    public var handleMs: Int64
    public var holdMs: Int64
    public var afterContactWorkMs: Int64
    public var missed: Int64
    public var onContactMs: Int64
    public var idleMs: Int64

    public var handledTotal: Int64 { Channel.allCases.reduce(0) { $0 + handled[$1] } }

    /// Per handled contact, in milliseconds; nil before the first.
    public var averageHandleTime: Double? { average(handleMs) }
    public var averageHoldTime: Double? { average(holdMs) }
    public var averageAfterContactWork: Double? { average(afterContactWorkMs) }
    public var averageTalkTime: Double? { average(handleMs - holdMs - afterContactWorkMs) }

    /// Amazon Connect's occupancy: time on contact over time on contact plus idle time.
    public var occupancy: Double? {
        onContactMs + idleMs > 0 ? Double(onContactMs) / Double(onContactMs + idleMs) : nil
    }

    private func average(_ total: Int64) -> Double? {
        handledTotal > 0 ? Double(total) / Double(handledTotal) : nil
    }
}
