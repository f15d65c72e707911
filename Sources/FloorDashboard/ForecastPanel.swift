import FloorCore
import FloorForecast
import FloorQueryAPI

/// The next 30 minutes of each live channel: its projected service level over 15 minutes as a
/// sparkline against the target (cells at or above it green, below it red), and when the
/// forecast predicts the fall below target (`/v1/forecast`).
enum ForecastPanel {
    /// One row per channel under a header.
    static func draw(_ channels: [Channel], _ context: DashboardRenderer.SectionContext, into canvas: inout Canvas) {
        canvas.text("service level 15m, projected over the next 30 min", row: context.row, column: 1, style: .dim)
        for (index, channel) in channels.enumerated() where index + 1 < context.rows {
            let row = context.row + 1 + index
            canvas.text(channel.name, row: row, column: 1, style: .bold)
            guard let scope = context.input.forecast?.board.scope(.channel(channel)) else {
                canvas.text("no forecast yet", row: row, column: 8, style: .dim)
                continue
            }
            guard scope.isWarm, let objective = scope.objective, !scope.trajectory.isEmpty else {
                canvas.text("learning (the forecast needs a few minutes)", row: row, column: 8, style: .dim)
                continue
            }
            let room = max(0, min(scope.trajectory.count, context.width - 48))
            for (offset, minute) in scope.trajectory.prefix(room).enumerated() {
                // Scaled so the target sits at the middle tick: a fall below it shows as a drop.
                let level = minute.trailingServiceLevel
                let height =
                    level >= objective.target
                    ? 4 + Int(((level - objective.target) / max(0.01, 1 - objective.target) * 3).rounded())
                    : Int((level / max(0.01, objective.target) * 3).rounded(.down))
                canvas.text(
                    String(Panels.ticks[max(0, min(7, height))]), row: row, column: 8 + offset,
                    style: level < objective.target ? .red : .green)
            }
            let target = Int((objective.target * 100).rounded())
            let now = context.input.snapshot?.channels[channel].window("15m")?.serviceLevel
            let outlook: String
            if let now, now < objective.target, let last = scope.trajectory.last {
                outlook = "below \(target) % now; in 30 min \(Int((last.trailingServiceLevel * 100).rounded())) %"
            } else if let minutes = scope.breach?.minutesUntilBreach {
                outlook = "below \(target) % in ~\(minutes) min" + (scope.alertRaised ? " (warning)" : "")
            } else {
                outlook = "stays at or above \(target) %"
            }
            canvas.text(
                outlook, row: row, column: 9 + room, style: scope.breach?.minutesUntilBreach == nil ? .dim : .amber)
        }
    }
}
