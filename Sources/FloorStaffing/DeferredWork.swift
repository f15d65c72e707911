/// One open email or back-office item. Value type; thread-safe.
public struct DeferredItem: Sendable, Equatable {
    /// Seconds until its deadline (SLA − age); zero or negative when already breached.
    public var dueIn: Double
    /// Seconds of agent work it needs (the channel's AHT when nothing better is known).
    public var work: Double

    public init(dueIn: Double, work: Double) {
        self.dueIn = dueIn
        self.work = work
    }
}

/// What a backlog needs to meet its deadlines. Value type; thread-safe.
public struct DeferredRequirement: Sendable, Equatable {
    /// Agents working continuously (Erlangs) needed so that no item that can still make its
    /// deadline misses it.
    public var erlangs: Double
    /// The long-run floor, λ·AHT: the inflow alone.
    public var inflowLoad: Double
    /// Seconds from now to the deadline that sets `erlangs` (nil when the inflow floor does).
    public var bindingDeadline: Double?
    /// Items already past their deadline.
    public var overdue: Int
    /// Items whose time to deadline is below their own work: no number of agents saves them
    /// (work is not divisible), so they are flagged, not used to inflate capacity.
    public var atRisk: Int
}

/// Deferred work (email, tasks) is staffed by throughput against deadlines, never by Erlang:
/// items wait hours and nobody abandons (STAFFING-MATH §7). Pure; thread-safe.
public enum DeferredWork {
    /// Earliest-deadline-first capacity: serving the earliest deadline first meets every deadline
    /// iff capacity·t ≥ work due by t for all t, so the need is max_t (work due by t)/t, floored
    /// by the inflow load. Overdue and at-risk items still take their work first (EDF serves
    /// them first), but their own deadlines are not used as points (they cannot be met).
    /// - Parameters:
    ///   - items: the open items.
    ///   - arrivalRate: new items per second; each is due `deadline` seconds after it arrives.
    ///   - handleTime: mean work per new item (seconds).
    ///   - deadline: the SLA (seconds).
    public static func deadlineCapacity(
        items: [DeferredItem], arrivalRate: Double, handleTime: Double, deadline: Double
    ) -> DeferredRequirement {
        let inflowLoad = arrivalRate * handleTime
        var requirement = DeferredRequirement(
            erlangs: inflowLoad, inflowLoad: inflowLoad, bindingDeadline: nil, overdue: 0, atRisk: 0)
        var workDue = 0.0
        for item in items.sorted(by: { $0.dueIn < $1.dueIn }) {
            workDue += item.work
            if item.dueIn <= 0 {
                requirement.overdue += 1
                continue
            }
            if item.dueIn < item.work {
                requirement.atRisk += 1
                continue
            }
            // New arrivals are due only after `deadline`; they add nothing before it.
            let arrivingWork = inflowLoad * max(0, item.dueIn - deadline)
            let need = (workDue + arrivingWork) / item.dueIn
            if need > requirement.erlangs {
                requirement.erlangs = need
                requirement.bindingDeadline = item.dueIn
            }
        }
        return requirement
    }

    /// The simple throughput rule: agents = (backlog + inflow·H)·AHT / (H · productive share ·
    /// occupancy target), for clearing the backlog and the inflow within the horizon H.
    public static func throughputAgents(
        backlog: Double, arrivalRate: Double, handleTime: Double, horizon: Double, productiveShare: Double = 1,
        occupancy: Double = 1
    ) -> Double {
        (backlog + arrivalRate * horizon) * handleTime / (horizon * productiveShare * occupancy)
    }
}
