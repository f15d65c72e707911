import FloorAlerting
import FloorCore
import FloorQueryAPI
import FloorStaffing

/// Sparklines, the agent-state bar, the alerts ticker and the recommendations panel.
enum Panels {
    /// Sparkline cells, lowest to highest (also the forecast panel's).
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func sparklines(
        _ channels: [Channel], window: String, _ context: DashboardRenderer.SectionContext, into canvas: inout Canvas
    ) {
        canvas.text("arrivals per minute, last \(window)", row: context.row, column: 1, style: .dim)
        for (index, channel) in channels.enumerated() where index + 1 < context.rows {
            let series =
                context.input.snapshot?.channels[channel].window(window)?.arrivalsPerMinute.map(Double.init) ?? []
            let row = context.row + 1 + index
            canvas.text(channel.name, row: row, column: 1, style: .bold)
            let room = max(0, context.width - 18)
            let shown = Array(series.suffix(room))
            let peak = max(1, shown.max() ?? 1)
            let line = String(shown.map { ticks[min(7, Int(($0 / peak * 7).rounded()))] })
            canvas.text(line, row: row, column: 8, style: .cyan)
            canvas.text("\(Int(shown.last ?? 0))/min", row: row, column: 9 + shown.count, style: .dim)
        }
    }

    static func agentBar(_ context: DashboardRenderer.SectionContext, into canvas: inout Canvas) {
        let agents = context.input.snapshot?.agents ?? AgentCountsDocument()
        let parts: [(String, Double, CellStyle)] = [
            ("available", Double(agents.available), .green),
            ("on contact", Double(agents.onContact), .cyan),
            ("after work", Double(agents.afterContactWork), .normal),
            ("away", Double(agents.away), .amber),
        ]
        let total = max(1, parts.reduce(0) { $0 + $1.1 })
        let width = max(0, context.width - 2)
        var column = 1
        for (index, part) in parts.enumerated() {
            let cells = index == parts.count - 1 ? width + 1 - column : Int((part.1 / total * Double(width)).rounded())
            canvas.fill(row: context.row, from: column, count: max(0, cells), "█", style: part.2)
            column += max(0, cells)
        }
        var x = 1
        for part in parts {
            let text = "■ \(part.0) \(Int(part.1))"
            canvas.text("■", row: context.row + 1, column: x, style: part.2)
            canvas.text(String(text.dropFirst()), row: context.row + 1, column: x + 1, style: .normal)
            x += text.count + 3
        }
    }

    static func alerts(_ context: DashboardRenderer.SectionContext, into canvas: inout Canvas) {
        let active = DashboardRenderer.firingAlerts(context.input)
        let ordered = active.sorted { ($0.severity == .critical ? 0 : 1) < ($1.severity == .critical ? 0 : 1) }
        let room = context.rows - 1
        let hidden = max(0, ordered.count - room)
        let more = hidden > 0 ? ", \(hidden) more not shown" : ""
        canvas.text("ALERTS (\(ordered.count) firing\(more))", row: context.row, column: 1, style: .bold)
        guard !ordered.isEmpty else {
            canvas.text("no active alerts", row: context.row + 1, column: 3, style: .green)
            return
        }
        for (index, alert) in ordered.prefix(room).enumerated() {
            let critical = alert.severity == .critical
            var text = "\(critical ? "▲ CRITICAL" : "△ WARNING ") \(alert.message)"
            if alert.acknowledged != nil { text += "  [acknowledged]" }
            canvas.text(
                text, row: context.row + 1 + index, column: 1, style: critical ? .red : .amber,
                limit: context.width - 2)
        }
    }

    static func recommendations(_ context: DashboardRenderer.SectionContext, into canvas: inout Canvas) {
        let active = context.input.recommendations?.active ?? []
        canvas.text("RECOMMENDED MOVES", row: context.row, column: 1, style: .bold)
        guard !active.isEmpty else {
            // Say why nothing moves: covered, or short with nobody eligible to move.
            if let short = context.input.recommendations?.shortChannel {
                let text =
                    "no move possible: \(short.channel.name) needs \(short.required) agents, "
                    + "\(short.staffed) on it, nobody eligible elsewhere"
                canvas.text(text, row: context.row + 1, column: 3, style: .amber, limit: context.width - 4)
            } else {
                canvas.text("no move recommended", row: context.row + 1, column: 3, style: .dim)
            }
            return
        }
        for (index, recommendation) in active.prefix(context.rows - 1).enumerated() {
            let text = "→ \(recommendation.summary)  (#\(recommendation.id) \(recommendation.state.rawValue))"
            canvas.text(text, row: context.row + 1 + index, column: 1, style: .cyan, limit: context.width - 2)
        }
    }
}

/// The supervisor's plain-text detail per queue.
enum Tables {
    static func queues(window: String, _ context: DashboardRenderer.SectionContext, into canvas: inout Canvas) {
        let header = pad(
            ["QUEUE", "CHANNEL", "IN QUEUE", "OLDEST", "SL \(window)", "OFFERED", "ANSWERED", "ABANDONED", "ASA"],
            [18, 8, 9, 9, 8, 8, 9, 10, 7])
        canvas.text(header, row: context.row, column: 1, style: .bold, limit: context.width - 2)
        let queues = context.input.snapshot?.queues ?? [:]
        for (index, name) in queues.keys.sorted().prefix(max(0, context.rows - 1)).enumerated() {
            let queue = queues[name]!
            let figures = queue.window(window)
            let count = { (value: Int64?) in Figures.count(value.map(Double.init)) }
            let cells = [
                name, queue.channel?.name ?? "", Figures.count(Double(queue.inQueue)),
                Figures.duration(queue.oldestWaitSeconds), Figures.percent(figures?.serviceLevel),
                count(figures?.offered), count(figures?.answered), count(figures?.abandoned),
                Figures.duration(figures?.asaSeconds),
            ]
            canvas.text(
                pad(cells, [18, 8, 9, 9, 8, 8, 9, 10, 7]), row: context.row + 1 + index, column: 1,
                limit: context.width - 2)
        }
    }

    static func pad(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            let clipped = String(cell.prefix(width - 1))
            return clipped + String(repeating: " ", count: width - clipped.count)
        }.joined()
    }
}
