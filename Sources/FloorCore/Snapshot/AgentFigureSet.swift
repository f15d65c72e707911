/// One agent's figures of the day and of each window, as snapshots publish them: one immutable
/// box of compact figures, shared by consecutive snapshots while equal (a logged-out agent's
/// figures stay the same for hours). It replaced a 104-byte day inside every entry and an array
/// of 104-byte windows per agent per snapshot. Thread-safe.
final class AgentFigureSet: Sendable, Equatable {
    let today: CompactAgentFigures?
    /// The engine's window lengths, the same array for every agent (no copy per agent).
    let windowLengths: [Milliseconds]
    /// One per window length, in the same order.
    let windows: [CompactAgentFigures]

    init(today: CompactAgentFigures?, windowLengths: [Milliseconds], windows: [CompactAgentFigures]) {
        self.today = today
        self.windowLengths = windowLengths
        self.windows = windows
    }

    convenience init(today: AgentFigures?, windows: [AgentWindow]) {
        self.init(
            today: today.map(CompactAgentFigures.init), windowLengths: windows.map(\.length),
            windows: windows.map { CompactAgentFigures($0.figures) })
    }

    var publishedWindows: [AgentWindow] {
        zip(windowLengths, windows).map { AgentWindow(length: $0, figures: $1.figures) }
    }

    static func == (lhs: AgentFigureSet, rhs: AgentFigureSet) -> Bool {
        lhs === rhs
            || (lhs.today == rhs.today && lhs.windowLengths == rhs.windowLengths && lhs.windows == rhs.windows)
    }
}
