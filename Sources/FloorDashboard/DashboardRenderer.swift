import FloorCore
import FloorQueryAPI

/// The pure renderer: input + layout + terminal size → frame (lines, with or without ANSI
/// colour). No line is wider than the terminal; sections shrink (big digits give way to plain
/// figures) and then drop out on small screens. Stateless; thread-safe.
public enum DashboardRenderer {
    public static func render(
        _ input: DashboardInput, layout: DashboardLayout, width: Int, height: Int, color: Bool
    ) -> [String] {
        var canvas = Canvas(width: width, height: height)
        guard width >= 20, height >= 5 else {
            canvas.text("floorwatch: terminal too small", row: 0, column: 0)
            return canvas.lines(color: color)
        }
        var row = title(input, layout: layout, into: &canvas)
        row += banner(input, row: row, into: &canvas)
        let thresholds = Thresholds(rules: input.rules ?? input.alerts?.rules)
        let plan = Plan(layout.sections, input: input, available: height - row, width: width)
        for (section, mode) in plan.sections {
            guard row < height else { break }
            let context = SectionContext(
                input: input, thresholds: thresholds, row: row, width: width, rows: mode.rows, big: mode.big,
                scale: mode.scale)
            row += draw(section, context, into: &canvas)
        }
        return canvas.lines(color: color)
    }

    // MARK: Title and banners

    private static func title(_ input: DashboardInput, layout: DashboardLayout, into canvas: inout Canvas) -> Int {
        canvas.fill(row: 0, from: 0, count: canvas.width, " ", style: .bold)
        let staffed = input.snapshot.map { "\($0.agents.staffed) staffed" } ?? "no data yet"
        let firing = firingAlerts(input).count
        let left = "floorwatch · \(layout.name)\(input.source.isEmpty ? "" : " · \(input.source)")"
        let right = "\(staffed) · \(firing) alert\(firing == 1 ? "" : "s") · \(input.clock)"
        canvas.text(left, row: 0, column: 1, style: .bold)
        canvas.text(right, row: 0, column: max(left.count + 3, canvas.width - right.count - 1), style: .bold)
        return 1
    }

    private static func banner(_ input: DashboardInput, row: Int, into canvas: inout Canvas) -> Int {
        let text: String
        switch input.connection {
        case .live: return 0
        case .stale(let seconds): text = "DATA STALE: no update from floorwatchd for \(seconds) s"
        case .unreachable(let reason, let last):
            text =
                "FLOORWATCHD UNREACHABLE (\(reason)): reconnecting"
                + (last.map { "; figures below are \($0) s old" } ?? "")
        }
        canvas.fill(row: row, from: 0, count: canvas.width, " ", style: .banner)
        canvas.text(" " + text, row: row, column: 0, style: .banner)
        return 1
    }

    // MARK: Planning heights

    struct Mode {
        var rows: Int
        var big: Bool
        /// How many times the big digits are magnified (1: five rows tall).
        var scale = 1
    }

    /// Decides each section's height for the screen: tall first, then compact, then fewer rows,
    /// then sections drop out from the bottom.
    struct Plan {
        var sections: [(DashboardLayout.Section, Mode)] = []

        init(_ layoutSections: [DashboardLayout.Section], input: DashboardInput, available: Int, width: Int) {
            var modes = layoutSections.map { Self.tall($0, input: input, width: width) }
            func total() -> Int { modes.reduce(0) { $0 + $1.rows } }
            // Shrink the big ones first, then lists, until it fits.
            for index in modes.indices where total() > available {
                if modes[index].big {
                    modes[index] = Self.compact(layoutSections[index], input: input, width: width)
                }
            }
            for index in modes.indices.reversed() where total() > available {
                if case .alerts = layoutSections[index] { modes[index].rows = 2 }
                if case .recommendations = layoutSections[index] { modes[index].rows = 2 }
                if case .sparklines = layoutSections[index] { modes[index].rows = 0 }
            }
            // Rows left over go to the lists that have more to show: alerts, then moves.
            var spare = available - total()
            let firing = DashboardRenderer.firingAlerts(input).count
            let moves = input.recommendations?.active.count ?? 0
            for index in modes.indices where spare > 0 {
                var wanted = 0
                if case .alerts = layoutSections[index] { wanted = firing + 1 - modes[index].rows }
                if case .recommendations = layoutSections[index] { wanted = moves + 1 - modes[index].rows }
                let extra = max(0, min(spare, wanted))
                modes[index].rows += extra
                spare -= extra
            }
            // Still room: the big digits grow, channel tiles first, while they fit across too.
            for index in modes.indices where modes[index].big {
                while let grown = Self.grown(layoutSections[index], modes[index], width: width),
                    grown.rows - modes[index].rows <= spare
                {
                    spare -= grown.rows - modes[index].rows
                    modes[index] = grown
                }
            }
            var remaining = available
            for (section, var mode) in zip(layoutSections, modes) {
                if case .agentTable = section { mode.rows = remaining }
                if case .queueTable = section,
                    layoutSections.contains(where: { if case .agentTable = $0 { true } else { false } })
                {
                    mode.rows = min(mode.rows, max(3, remaining / 2))
                }
                guard remaining > 0, mode.rows > 0 else { continue }
                mode.rows = min(mode.rows, remaining)
                remaining -= mode.rows
                sections.append((section, mode))
            }
        }

        static func tall(_ section: DashboardLayout.Section, input: DashboardInput, width: Int) -> Mode {
            switch section {
            case .channelTiles(let channels, _):
                let perRow = tilesPerRow(channels.count, width: width)
                return Mode(rows: 12 * Int((Double(channels.count) / Double(perRow)).rounded(.up)), big: true)
            case .metricTiles(let tiles):
                return Mode(rows: tiles.contains { $0.big } ? 8 : 3, big: tiles.contains { $0.big })
            case .sparklines(let channels, _): return Mode(rows: channels.count + 1, big: false)
            case .agentBar: return Mode(rows: 2, big: false)
            // A list no longer than what it has to show (its header and at least one line).
            case .alerts(let rows):
                return Mode(rows: min(rows, max(1, DashboardRenderer.firingAlerts(input).count)) + 1, big: false)
            case .recommendations(let rows):
                return Mode(rows: min(rows, max(1, input.recommendations?.active.count ?? 0)) + 1, big: false)
            case .queueTable: return Mode(rows: 2 + (input.snapshot?.queues.count ?? 0), big: false)
            case .agentTable: return Mode(rows: 0, big: false)
            case .forecast(let channels): return Mode(rows: channels.count + 1, big: false)
            }
        }

        static func compact(_ section: DashboardLayout.Section, input: DashboardInput, width: Int) -> Mode {
            switch section {
            case .channelTiles(let channels, _):
                let perRow = tilesPerRow(channels.count, width: width)
                return Mode(rows: 7 * Int((Double(channels.count) / Double(perRow)).rounded(.up)), big: false)
            case .metricTiles: return Mode(rows: 3, big: false)
            default: return tall(section, input: input, width: width)
            }
        }

        /// The section with its digits one size larger, if they still fit across ("9999" in a
        /// channel tile, "99.9 %" in a metric tile).
        static func grown(_ section: DashboardLayout.Section, _ mode: Mode, width: Int) -> Mode? {
            let scale = mode.scale + 1
            switch section {
            case .channelTiles(let channels, _):
                let perRow = tilesPerRow(channels.count, width: width)
                guard BigDigits.width("9999", scale: scale) <= width / perRow - 4 else { return nil }
                let tileRows = Int((Double(channels.count) / Double(perRow)).rounded(.up))
                return Mode(rows: (7 + BigDigits.rows(scale: scale)) * tileRows, big: true, scale: scale)
            case .metricTiles(let tiles):
                guard !tiles.isEmpty, BigDigits.width("99.9 %", scale: scale) <= width / tiles.count - 4 else {
                    return nil
                }
                return Mode(rows: 3 + BigDigits.rows(scale: scale), big: true, scale: scale)
            default: return nil
            }
        }

        /// Tiles of at least 20 columns side by side (four channels fit on 80 columns).
        static func tilesPerRow(_ count: Int, width: Int) -> Int {
            max(1, min(count, width / 20))
        }
    }

    struct SectionContext {
        var input: DashboardInput
        var thresholds: Thresholds
        var row: Int
        var width: Int
        var rows: Int
        var big: Bool
        var scale = 1
    }

    private static func draw(
        _ section: DashboardLayout.Section, _ context: SectionContext, into canvas: inout Canvas
    ) -> Int {
        switch section {
        case .channelTiles(let channels, let window):
            ChannelTiles.draw(channels: channels, window: window, context, into: &canvas)
        case .metricTiles(let tiles): MetricTiles.draw(tiles, context, into: &canvas)
        case .sparklines(let channels, let window): Panels.sparklines(channels, window: window, context, into: &canvas)
        case .agentBar: Panels.agentBar(context, into: &canvas)
        case .alerts: Panels.alerts(context, into: &canvas)
        case .recommendations: Panels.recommendations(context, into: &canvas)
        case .queueTable(let window): Tables.queues(window: window, context, into: &canvas)
        case .agentTable(let allowances): AgentTable.draw(allowances: allowances, context, into: &canvas)
        case .forecast(let channels): ForecastPanel.draw(channels, context, into: &canvas)
        }
        return context.rows
    }

    static func firingAlerts(_ input: DashboardInput) -> [AlertDocument] {
        input.alerts?.firingAlerts ?? []
    }
}
