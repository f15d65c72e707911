import FloorAlerting
import FloorCore
import FloorQueryAPI

/// One tile per channel: contacts in queue in big digits, then oldest wait, service level
/// against target, agents, and backlog with its oldest age, coloured by the alert thresholds.
enum ChannelTiles {
    static func draw(
        channels: [Channel], window: String, _ context: DashboardRenderer.SectionContext, into canvas: inout Canvas
    ) {
        let perRow = DashboardRenderer.Plan.tilesPerRow(channels.count, width: context.width)
        let tileWidth = context.width / perRow
        let tileHeight = context.big ? 7 + BigDigits.rows(scale: context.scale) : 7
        for (index, channel) in channels.enumerated() {
            let row = context.row + (index / perRow) * tileHeight
            guard row + tileHeight <= context.row + context.rows else { break }
            let column = (index % perRow) * tileWidth
            tile(
                channel, window: window, context, row: row, column: column, width: tileWidth, height: tileHeight,
                &canvas)
        }
    }

    private static func tile(
        _ channel: Channel, window: String, _ context: DashboardRenderer.SectionContext, row: Int, column: Int,
        width: Int, height: Int, _ canvas: inout Canvas
    ) {
        let scope = context.input.snapshot?.channels[channel]
        let target = scope?.serviceLevelTarget
        let thresholdSeconds = scope?.serviceLevelThresholdSeconds
        let inQueue = scope.map { Double($0.inQueue) }
        let oldest = scope?.oldestWaitSeconds
        let serviceLevel = scope?.window(window)?.serviceLevel
        let backlogCount = scope.map { Double($0.backlogCount) }
        let backlogAge = scope?.backlogOldestAgeSeconds
        let thresholds = context.thresholds
        let waitStyle =
            channel.isLive
            ? thresholds.style(
                oldest ?? 0, rule: AlertKinds.DefaultRuleName.oldestWait(channel), target: target,
                thresholdSeconds: thresholdSeconds)
            : thresholds.style(
                backlogAge ?? 0, rule: AlertKinds.DefaultRuleName.backlogAge, target: target,
                thresholdSeconds: thresholdSeconds)
        let levelStyle =
            channel.isLive
            ? thresholds.style(
                serviceLevel, rule: AlertKinds.DefaultRuleName.serviceLevel, target: target,
                thresholdSeconds: thresholdSeconds)
            : .normal
        let worst =
            [waitStyle, levelStyle].contains(.red)
            ? CellStyle.red : [waitStyle, levelStyle].contains(.amber) ? .amber : .green
        canvas.box(
            row: row, column: column, width: width, height: height, title: channel.name.uppercased(), style: worst)
        let inner = width - 4
        let left = column + 2
        var line = row + 1
        let headline = channel.isLive ? Figures.count(inQueue) : Figures.count(backlogCount)
        if context.big, BigDigits.width(headline, scale: context.scale) <= inner {
            for (offset, glyphRow) in BigDigits.render(headline, scale: context.scale).enumerated() {
                canvas.text(glyphRow, row: line + offset, column: left, style: waitStyle, limit: inner)
            }
            line += BigDigits.rows(scale: context.scale)
            canvas.text(channel.isLive ? "in queue" : "in backlog", row: line, column: left, style: .dim, limit: inner)
            line += 1
        } else {
            canvas.text(channel.isLive ? "in queue" : "in backlog", row: line, column: left, style: .dim, limit: inner)
            let offset = inner < 26 ? 11 : 12
            canvas.text(headline, row: line, column: left + offset, style: waitStyle, limit: max(0, inner - offset))
            line += 1
        }
        let agents = scope?.agents
        // Narrow tiles (80 columns, four channels) use short labels so the figures fit.
        let narrow = inner < 26
        let labelWidth = narrow ? 8 : 12
        let free = Figures.count(agents.map { Double($0.available) })
        let busy = Figures.count(agents.map { Double($0.onContact) })
        let whole = { (share: Double?) in share.map { "\(Int(($0 * 100).rounded()))" } ?? "–" }
        let level =
            narrow
            ? "\(whole(serviceLevel))/\(whole(target)) %"
            : "\(Figures.percent(serviceLevel)) / \(Figures.percent(target))"
        let noneFree = (agents?.available ?? 0) == 0 && (inQueue ?? 0) > 0
        let rows: [(String, String, CellStyle)] = [
            channel.isLive
                ? (narrow ? "oldest" : "oldest wait", Figures.duration(oldest), waitStyle)
                : (narrow ? "oldest" : "oldest item", Figures.duration(backlogAge), waitStyle),
            (narrow ? "SL" : "SL \(window)", level, channel.isLive ? levelStyle : .normal),
            (
                narrow ? "free/on" : "agents", narrow ? "\(free)/\(busy)" : "\(free) free · \(busy) busy",
                noneFree ? .amber : .normal
            ),
            (
                narrow ? "items" : "backlog",
                narrow
                    ? Figures.count(backlogCount)
                    : "\(Figures.count(backlogCount)) · \(Figures.duration(backlogAge))",
                channel.isLive ? .normal : waitStyle
            ),
        ]
        for (label, value, style) in rows where line < row + height - 1 {
            canvas.text(label, row: line, column: left, style: .dim, limit: inner)
            canvas.text(value, row: line, column: left + labelWidth, style: style, limit: max(0, inner - labelWidth))
            line += 1
        }
    }
}

/// Tiles for any snapshot figure named by its JSON path (layouts add them without code).
enum MetricTiles {
    static func draw(
        _ tiles: [DashboardLayout.MetricTile], _ context: DashboardRenderer.SectionContext, into canvas: inout Canvas
    ) {
        guard !tiles.isEmpty else { return }
        let width = context.width / tiles.count
        for (index, tile) in tiles.enumerated() where width >= 10 {
            let value = context.input.snapshot?.figure(tile.metric)
            // A tile's thresholds may be relative to its channel's goal (`target`, `sla*0.8`).
            let scope = context.input.snapshot?.scope(of: tile.metric)
            let target = scope?.serviceLevelTarget
            let thresholdSeconds = scope?.serviceLevelThresholdSeconds
            let resolve = { (text: String?) in
                text.flatMap { AlertThreshold(parsing: $0) }?.value(target: target, thresholdSeconds: thresholdSeconds)
            }
            let style = Thresholds.style(
                value, warning: resolve(tile.warning), critical: resolve(tile.critical),
                below: tile.direction == "below")
            let column = index * width
            canvas.box(
                row: context.row, column: column, width: width, height: context.rows, title: tile.label, style: style)
            let text = Figures.format(value, as: tile.format, big: context.big && tile.big)
            let scale = context.scale
            if context.big, tile.big, BigDigits.width(text, scale: scale) <= width - 4,
                context.rows >= 2 + BigDigits.rows(scale: scale)
            {
                for (offset, glyphRow) in BigDigits.render(text, scale: scale).enumerated() {
                    canvas.text(
                        glyphRow, row: context.row + 1 + offset, column: column + 2, style: style, limit: width - 4)
                }
            } else {
                canvas.text(
                    Figures.format(value, as: tile.format, big: false), row: context.row + 1, column: column + 2,
                    style: style, limit: width - 4)
            }
        }
    }
}
