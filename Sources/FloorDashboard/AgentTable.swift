import FloorCore
import FloorQueryAPI

/// The supervisor's agent table: who needs attention first (a missed contact, then the longest
/// past their allowance in after-contact work, away for their reason, or on one contact), then
/// everyone else by state. Ids are never cut: the team and name columns give way first, then
/// the day's figures.
enum AgentTable {
    struct Column {
        var title: String
        var width: Int
        /// Lower gives way first when the screen is narrow.
        var priority: Int
        var value: (Row) -> String
    }

    struct Row {
        var agent: AgentDocument
        /// Seconds past the allowance (a missed contact counts from when it was missed).
        var overrun: Double?
    }

    static func rows(_ agents: [AgentDocument], allowances: DashboardLayout.AgentAllowances) -> [Row] {
        agents.map { agent in
            let overrun: Double? =
                agent.state == .error
                ? agent.secondsInState
                : allowances.seconds(state: agent.state, reason: agent.reason).flatMap {
                    agent.secondsInState > $0 ? agent.secondsInState - $0 : nil
                }
            return Row(agent: agent, overrun: overrun)
        }.sorted { left, right in
            switch (left.overrun, right.overrun) {
            case (let l?, let r?):
                if (left.agent.state == .error) != (right.agent.state == .error) {
                    return left.agent.state == .error
                }
                return l > r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil):
                let (l, r) = (order(left.agent.state), order(right.agent.state))
                if l != r { return l < r }
                if left.agent.secondsInState != right.agent.secondsInState {
                    return left.agent.secondsInState > right.agent.secondsInState
                }
                return left.agent.id < right.agent.id
            }
        }
    }

    static func draw(
        allowances: DashboardLayout.AgentAllowances, _ context: DashboardRenderer.SectionContext,
        into canvas: inout Canvas
    ) {
        guard context.rows >= 2 else { return }
        let rows = rows(context.input.agents ?? [], allowances: allowances)
        let idWidth = max(6, (rows.map(\.agent.id.count).max() ?? 0) + 1)
        var columns: [Column] = [
            Column(title: "AGENT", width: idWidth, priority: 9) { $0.agent.id },
            Column(title: "NAME", width: 22, priority: 2) { $0.agent.name ?? "" },
            Column(title: "TEAM", width: 13, priority: 1) { $0.agent.team ?? "" },
            Column(title: "STATE", width: 12, priority: 8) { stateText($0.agent.state) },
            Column(title: "REASON", width: 11, priority: 7) { reason($0.agent) },
            Column(title: "FOR", width: 8, priority: 8) { Figures.duration($0.agent.secondsInState) },
            Column(title: "OVER", width: 8, priority: 8) { row in row.overrun.map { "+" + Figures.duration($0) } ?? ""
            },
            Column(title: "ON", width: 4, priority: 6) { "\($0.agent.contacts.count)" },
            Column(title: "HANDLED", width: 8, priority: 5) { row in row.agent.today.map { "\($0.handledTotal)" } ?? ""
            },
            Column(title: "AHT", width: 7, priority: 4) { Figures.duration($0.agent.today?.ahtSeconds) },
            Column(title: "OCC", width: 5, priority: 3) { Figures.percent($0.agent.today?.occupancy) },
            // The last hour beside the day: an agent who handled 30 today but none in the hour.
            Column(title: "60M", width: 5, priority: 4) { row in
                row.agent.window("60m").map { "\($0.handledTotal)" } ?? ""
            },
            Column(title: "LAST", width: 8, priority: 5) { Figures.duration($0.agent.secondsSinceLastContact) },
        ]
        let room = context.width - 2
        while columns.reduce(0, { $0 + $1.width }) > room,
            let weakest = columns.indices.filter({ columns[$0].priority < 9 }).min(by: {
                columns[$0].priority < columns[$1].priority
            })
        {
            // The name shrinks to 12 before it goes; every other column goes whole.
            if columns[weakest].title == "NAME", columns[weakest].width > 12 {
                columns[weakest].width = max(12, columns[weakest].width - (columns.reduce(0) { $0 + $1.width } - room))
                continue
            }
            columns.remove(at: weakest)
        }
        // Spare width goes to the name (up to 32 columns), so long names show whole on a wide screen.
        if let name = columns.firstIndex(where: { $0.title == "NAME" }) {
            columns[name].width = min(32, columns[name].width + max(0, room - columns.reduce(0) { $0 + $1.width }))
        }
        let widths = columns.map(\.width)
        canvas.text(
            Tables.pad(columns.map(\.title), widths), row: context.row, column: 1, style: .bold, limit: room)
        for (index, row) in rows.prefix(context.rows - 1).enumerated() {
            let style: CellStyle =
                row.agent.state == .error
                ? .red
                : row.overrun != nil ? .amber : row.agent.state == .available ? .green : .normal
            canvas.text(
                Tables.pad(columns.map { $0.value(row) }, widths), row: context.row + 1 + index, column: 1,
                style: style, limit: room)
        }
    }

    static func stateText(_ state: AgentSnapshot.Activity) -> String {
        switch state {
        case .error: "missed"
        case .afterContactWork: "after work"
        case .onContact: "on contact"
        case .available, .incoming, .away, .offline: state.rawValue
        }
    }

    /// The away reason, or the status the agent chose for after the work in hand ("→ Lunch"):
    /// a supervisor sees who is about to leave the floor.
    static func reason(_ agent: AgentDocument) -> String {
        switch agent.nextState {
        case .away?: "→ " + (agent.nextReason ?? "away")
        case .offline?: "→ offline"
        case .available?, nil: agent.reason ?? ""
        }
    }

    static func order(_ state: AgentSnapshot.Activity) -> Int {
        switch state {
        case .error: 0
        case .available: 1
        case .incoming: 2
        case .onContact: 3
        case .afterContactWork: 4
        case .away: 5
        case .offline: 6
        }
    }
}
