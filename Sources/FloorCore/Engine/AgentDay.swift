/// Something an agent did that its figures count: one kind of fact, added the same way to the
/// agent's day and to the minute it fell in (`AgentDay`, `AgentRecentMinutes`).
enum AgentWork {
    /// A contact the agent finished (after-contact work included), on `channel`.
    case handled(channel: Channel, handleMs: Int64, holdMs: Int64, afterContactWorkMs: Int64)
    /// An offer the agent did not answer (missed, rejected).
    case missed
    /// A stretch of logged-in time: on at least one contact, idle while Available, and the slot
    /// time in use and staffed (`FloorEngine.accountOccupancy`).
    case time(onContactMs: Int64, idleMs: Int64, slotBusyMs: Int64, slotCapacityMs: Int64)
}

/// The sums an agent's figures are made of, over any stretch (a day, a window).
struct AgentSums: Sendable, Equatable {
    var handled = PerChannel(repeating: Int64(0))
    var handleMs: Int64 = 0
    var holdMs: Int64 = 0
    var afterContactWorkMs: Int64 = 0
    var missed: Int64 = 0
    var onContactMs: Int64 = 0
    var idleMs: Int64 = 0
    var slotBusyMs: Int64 = 0
    var slotCapacityMs: Int64 = 0

    mutating func add(_ work: AgentWork) {
        switch work {
        case .handled(let channel, let handle, let hold, let afterContactWork):
            handled[channel] += 1
            handleMs += handle
            holdMs += hold
            afterContactWorkMs += afterContactWork
        case .missed: missed += 1
        case .time(let onContact, let idle, let slotBusy, let slotCapacity):
            onContactMs += onContact
            idleMs += idle
            slotBusyMs += slotBusy
            slotCapacityMs += slotCapacity
        }
    }

    var figures: AgentFigures {
        AgentFigures(
            handled: handled, handleMs: handleMs, holdMs: holdMs, afterContactWorkMs: afterContactWorkMs,
            missed: missed, onContactMs: onContactMs, idleMs: idleMs, slotBusyMs: slotBusyMs,
            slotCapacityMs: slotCapacityMs)
    }
}

/// One agent's sums since local midnight: what a supervisor reads per agent (handled, AHT and
/// its parts, missed offers, occupancy). Kept beside the agent records, not in them: the records
/// are read on most events and stay small; compact (`CompactAgentFigures`: 56 bytes an agent,
/// not 104), as snapshots publish them. Reset when the engine's day changes.
struct AgentDay: Sendable, Equatable {
    /// The local midnight these figures count from (`Int64.min` before the first).
    var dayStart = EventTime(milliseconds: Int64.min)
    var figures = CompactAgentFigures()

    /// Adds `work` done on `day`, starting the day's sums afresh when it is another day.
    mutating func add(_ work: AgentWork, on day: EventTime) {
        if dayStart != day {
            self = AgentDay()
            dayStart = day
        }
        figures.add(work)
    }

}

/// An agent's figures over a stretch of time (its day, one of its windows), as published.
/// Value type; thread-safe.
public struct AgentFigures: Sendable, Equatable {
    public var handled: PerChannel<Int64>
    public var handleMs: Int64
    public var holdMs: Int64
    public var afterContactWorkMs: Int64
    public var missed: Int64
    public var onContactMs: Int64
    public var idleMs: Int64
    public var slotBusyMs: Int64
    public var slotCapacityMs: Int64

    public static let zero = AgentSums().figures

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

    /// Concurrency-aware occupancy: slot time in use over slot time staffed.
    public var occupancySlots: Double? {
        slotCapacityMs > 0 ? Double(slotBusyMs) / Double(slotCapacityMs) : nil
    }

    private func average(_ total: Int64) -> Double? {
        handledTotal > 0 ? Double(total) / Double(handledTotal) : nil
    }
}

/// One of an agent's sliding windows, as published.
public struct AgentWindow: Sendable, Equatable {
    public var length: Milliseconds
    public var figures: AgentFigures

    public var label: String { EngineSettings.label(length) }
}
