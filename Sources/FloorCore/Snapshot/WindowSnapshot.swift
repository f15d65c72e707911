/// One sliding window of one scope: the counts, and the ratios derived from them. Ratios,
/// averages and percentiles are nil when there is nothing to compute them from, never a made-up 0.
public struct WindowSnapshot: Sendable, Equatable {
    public var length: Milliseconds
    public var counts: WindowCounts
    public var definition: ServiceLevelDefinition
    /// The wait percentiles and maximum, `Int64.min` for none: four optionals took 64 bytes of
    /// every window of every scope in each published snapshot, four plain integers take 32.
    private var waits: (p50: Int64, p90: Int64, p99: Int64, maximum: Int64)
    public var waitP50: Milliseconds? {
        get { Self.wait(waits.p50) }
        set { waits.p50 = Self.stored(newValue) }
    }
    public var waitP90: Milliseconds? {
        get { Self.wait(waits.p90) }
        set { waits.p90 = Self.stored(newValue) }
    }
    public var waitP99: Milliseconds? {
        get { Self.wait(waits.p99) }
        set { waits.p99 = Self.stored(newValue) }
    }
    public var waitMax: Milliseconds? {
        get { Self.wait(waits.maximum) }
        set { waits.maximum = Self.stored(newValue) }
    }
    /// Contacts offered in each minute of the window, oldest first; the last minute is partial.
    public var arrivalsPerMinute: MinuteCounts

    public init(
        length: Milliseconds, counts: WindowCounts, definition: ServiceLevelDefinition, waitP50: Milliseconds?,
        waitP90: Milliseconds?, waitP99: Milliseconds?, waitMax: Milliseconds?, arrivalsPerMinute: MinuteCounts
    ) {
        self.length = length
        self.counts = counts
        self.definition = definition
        waits = (Self.stored(waitP50), Self.stored(waitP90), Self.stored(waitP99), Self.stored(waitMax))
        self.arrivalsPerMinute = arrivalsPerMinute
    }

    /// Takes `other`'s wait percentiles and maximum (the engine's unchanged scopes).
    mutating func copyWaits(from other: WindowSnapshot) { waits = other.waits }

    /// No wait is `Int64.min`, a value no wait takes (waits are never negative).
    private static func stored(_ wait: Milliseconds?) -> Int64 { wait ?? Int64.min }
    private static func wait(_ stored: Int64) -> Milliseconds? { stored == Int64.min ? nil : stored }

    public static func == (left: WindowSnapshot, right: WindowSnapshot) -> Bool {
        left.length == right.length && left.counts == right.counts && left.definition == right.definition
            && left.waits == right.waits && left.arrivalsPerMinute == right.arrivalsPerMinute
    }

    public var label: String { EngineSettings.label(length) }

    public subscript(field: WindowField) -> Int64 { counts[field] }

    /// Contacts that left the queue: answered, abandoned or timed out.
    public var leftQueue: Int64 { counts[.answered] + counts[.abandoned] + counts[.timedOut] }

    public var serviceLevel: Double? {
        serviceLevel(answered: .answeredWithinThreshold, abandoned: .abandonedWithinThreshold)
    }

    /// The service level at the scope's additional threshold number `index` (0…3), by the same
    /// definition; nil without data or without that threshold's counters.
    public func serviceLevel(additional index: Int) -> Double? {
        guard let answered = WindowField.additional(.answeredWithinThreshold, index),
            let abandoned = WindowField.additional(.abandonedWithinThreshold, index)
        else { return nil }
        return serviceLevel(answered: answered, abandoned: abandoned)
    }

    private func serviceLevel(answered: WindowField, abandoned: WindowField) -> Double? {
        let answeredInTime = Double(counts[answered])
        // Answered contacts whose queue time nobody saw (a source that joined mid-call) are
        // neither met nor missed: they are left out of every definition.
        let leftWithKnownWait = leftQueue - (counts[.answered] - counts[.answeredWithWait])
        switch definition {
        case .connect:
            let removedInTime = answeredInTime + Double(counts[abandoned])
            return ratio(removedInTime, Double(leftWithKnownWait))
        case .answeredOverOffered:
            return ratio(answeredInTime, Double(leftWithKnownWait))
        case .answeredOverAnswered:
            return ratio(answeredInTime, Double(counts[.answeredWithWait]))
        case .excludeShortAbandons:
            return ratio(answeredInTime, Double(leftWithKnownWait - counts[.shortAbandoned]))
        }
    }

    /// Abandoned over contacts that left the queue.
    public var abandonRate: Double? { ratio(Double(counts[.abandoned]), Double(leftQueue)) }

    /// Average speed of answer, over answered contacts whose queue time is known.
    public var averageSpeedOfAnswer: Double? {
        average(counts[.answeredWaitMs], counts[.answeredWithWait])
    }

    public var averageAbandonTime: Double? { average(counts[.abandonedWaitMs], counts[.abandoned]) }

    /// Average handle time: talk + hold + after-contact work.
    public var averageHandleTime: Double? { average(counts[.handleMs], counts[.handled]) }

    /// Amazon Connect's occupancy: time on contact over time on contact plus idle time.
    public var occupancyTime: Double? {
        ratio(Double(counts[.onContactMs]), Double(counts[.onContactMs] + counts[.idleMs]))
    }

    /// Concurrency-aware occupancy: slot time in use over slot time staffed.
    public var occupancySlots: Double? {
        ratio(Double(counts[.slotBusyMs]), Double(counts[.slotCapacityMs]))
    }

    /// Waiting time of every contact that left the queue (for a patience estimate).
    public var totalWaitMs: Int64 { counts[.answeredWaitMs] + counts[.abandonedWaitMs] + counts[.timedOutWaitMs] }

    public var abandonedExcludingShort: Int64 { counts[.abandoned] - counts[.shortAbandoned] }

    /// Abandoned over contacts that left the queue, short abandons out of both (callers who hung
    /// up within the short-abandon threshold: misdials, not service).
    public var abandonRateExcludingShort: Double? {
        ratio(Double(abandonedExcludingShort), Double(leftQueue - counts[.shortAbandoned]))
    }

    /// Hold time per handled contact (held or not), like AHT's denominator.
    public var averageHoldTime: Double? { average(counts[.holdMs], counts[.handled]) }

    /// After-contact work per handled contact.
    public var averageAfterContactWork: Double? { average(counts[.afterContactWorkMs], counts[.handled]) }

    /// Talk time per handled contact: handle time without hold and after-contact work.
    public var averageTalkTime: Double? {
        average(counts[.handleMs] - counts[.holdMs] - counts[.afterContactWorkMs], counts[.handled])
    }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator > 0 ? numerator / denominator : nil
    }

    /// Averages are in milliseconds, unrounded.
    private func average(_ sum: Int64, _ count: Int64) -> Double? {
        count > 0 ? Double(sum) / Double(count) : nil
    }
}
