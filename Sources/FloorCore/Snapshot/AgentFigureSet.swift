/// One agent's figures of the day and of each window as snapshots publish them: compact figures
/// taken at `base` with the agent's accrual then (`AgentAccrual`), in one immutable allocation
/// (the windows follow the header). A snapshot entry reads them `elapsed` milliseconds after
/// `base` (`AgentFigureReading`): the time figures are linear between two changes of the agent,
/// so consecutive snapshots share one set while it predicts the agent's figures – an agent
/// Available keeps its set until a minute leaves one of its windows, instead of a fresh set per
/// agent per snapshot (20,000 agents: 20,000 allocations a snapshot, and two sets per agent alive
/// while the next snapshot is built). Immutable after `make`, so safe to share between threads;
/// `ManagedBuffer` cannot say so itself, `AgentFigureReading` does.
final class AgentFigureSet: ManagedBuffer<AgentFigureSet.Header, CompactAgentFigures> {
    struct Header {
        /// When the figures were taken.
        let base: EventTime
        let accrual: AgentAccrual
        let today: CompactAgentFigures?
        /// The engine's window lengths, the same array for every agent (no copy per agent).
        let windowLengths: [Milliseconds]
    }

    /// `windows`: one per window length, in the same order.
    static func make(
        base: EventTime, accrual: AgentAccrual, today: CompactAgentFigures?, windowLengths: [Milliseconds],
        windows: UnsafeBufferPointer<CompactAgentFigures>
    ) -> AgentFigureSet {
        precondition(windows.count == windowLengths.count, "one figure set per window length")
        let set = unsafeDowncast(
            create(minimumCapacity: windows.count) { _ in
                Header(base: base, accrual: accrual, today: today, windowLengths: windowLengths)
            }, to: AgentFigureSet.self)
        set.withUnsafeMutablePointerToElements { elements in
            if let start = windows.baseAddress { elements.initialize(from: start, count: windows.count) }
        }
        return set
    }

    /// Figures set by hand (tests, tools): no accrual.
    static func make(today: AgentFigures?, windows: [AgentWindow]) -> AgentFigureSet {
        let compact = windows.map { CompactAgentFigures($0.figures) }
        return compact.withUnsafeBufferPointer {
            make(
                base: EventTime(milliseconds: 0), accrual: .none, today: today.map(CompactAgentFigures.init),
                windowLengths: windows.map(\.length), windows: $0)
        }
    }

    deinit {
        _ = withUnsafeMutablePointers { header, elements in
            elements.deinitialize(count: header.pointee.windowLengths.count)
        }
    }

    var base: EventTime { header.base }
    var windowLengths: [Milliseconds] { header.windowLengths }

    /// The day's figures `elapsed` milliseconds after `base`.
    func today(after elapsed: Milliseconds) -> CompactAgentFigures? {
        header.today.map { accrued($0, elapsed) }
    }

    /// The figures of the window at `index`, `elapsed` milliseconds after `base`.
    func window(_ index: Int, after elapsed: Milliseconds) -> CompactAgentFigures {
        withUnsafeMutablePointerToElements { accrued($0[index], elapsed) }
    }

    func windows(after elapsed: Milliseconds) -> [AgentWindow] {
        header.windowLengths.indices.map {
            AgentWindow(length: header.windowLengths[$0], figures: window($0, after: elapsed).figures)
        }
    }

    /// Whether this set read at `now` gives exactly `today` and `windows` over `windowLengths`:
    /// then the snapshot taken at `now` shares it. Nil when it does not (or `now` is before
    /// `base` or too far after it to count in 32 bits); else the elapsed milliseconds.
    func elapsed(
        at now: EventTime, predicting today: CompactAgentFigures?, windowLengths: [Milliseconds],
        windows: UnsafeBufferPointer<CompactAgentFigures>
    ) -> UInt32? {
        let elapsed = now - header.base
        guard elapsed >= 0, elapsed <= Milliseconds(UInt32.max), header.windowLengths == windowLengths,
            self.today(after: elapsed) == today
        else { return nil }
        for index in windows.indices where window(index, after: elapsed) != windows[index] { return nil }
        return UInt32(elapsed)
    }

    private func accrued(_ figures: CompactAgentFigures, _ elapsed: Milliseconds) -> CompactAgentFigures {
        guard elapsed > 0, header.accrual != .none else { return figures }
        var figures = figures
        figures.add(header.accrual.work(for: elapsed))
        return figures
    }
}

/// An agent's figures as one snapshot entry holds them: the shared set and how long after its
/// `base` the snapshot was taken. Equal when they give the same figures. Thread-safe: the set is
/// immutable.
struct AgentFigureReading: @unchecked Sendable, Equatable {
    let figureSet: AgentFigureSet
    let elapsed: UInt32

    var today: AgentFigures? { figureSet.today(after: Milliseconds(elapsed))?.figures }
    var windows: [AgentWindow] { figureSet.windows(after: Milliseconds(elapsed)) }

    static func == (lhs: AgentFigureReading, rhs: AgentFigureReading) -> Bool {
        if lhs.figureSet === rhs.figureSet && lhs.elapsed == rhs.elapsed { return true }
        let left = Milliseconds(lhs.elapsed)
        let right = Milliseconds(rhs.elapsed)
        return lhs.figureSet.windowLengths == rhs.figureSet.windowLengths
            && lhs.figureSet.today(after: left) == rhs.figureSet.today(after: right)
            && lhs.figureSet.windowLengths.indices.allSatisfy {
                lhs.figureSet.window($0, after: left) == rhs.figureSet.window($0, after: right)
            }
    }
}
