import FloorCore
import FloorQueryAPI
import Foundation

/// Plain-text tables of query results, aligned for a terminal.
enum Tables {
    static func render(what: Query.What, body: String, window: String, state: String) throws -> String {
        switch what {
        case .snapshot:
            let snapshot = try DaemonConnection.read(SnapshotDocument.self, body)
            var channels: [(String, ScopeDocument)] = []
            for channel in Channel.allCases { channels.append((channel.name, snapshot.channels[channel])) }
            return "floor at \(RFC3339.format(snapshot.generatedAt))\n\n"
                + scopes(channels, title: "channel", window: window) + "\n"
                + scopes(snapshot.queues.sorted { $0.key < $1.key }, title: "queue", window: window)
        case .queues:
            let queues = try DaemonConnection.read(ScopeMapDocument.self, body)
            return scopes(queues.scopes.map { ($0.name, $0.scope) }, title: "queue", window: window)
        case .agents:
            let rows = try DaemonConnection.readArray(AgentDocument.self, body).map { agent in
                let today = agent.today
                let recent = agent.window(window)
                return [
                    agent.id, agent.name ?? "", agent.team ?? "", agent.state.rawValue, agent.reason ?? "",
                    duration(agent.secondsInState), agent.contacts.joined(separator: " "),
                    duration(agent.secondsSinceLastContact),
                    today.map { String($0.handledTotal) } ?? "", duration(today?.ahtSeconds),
                    today.map { String($0.missed) } ?? "", percent(today?.occupancy),
                    recent.map { String($0.handledTotal) } ?? "", duration(recent?.ahtSeconds),
                    percent(recent?.occupancy),
                ]
            }
            return table(
                [
                    "agent", "name", "team", "state", "reason", "in state", "contacts", "since last contact",
                    "handled today", "AHT today", "missed today", "occupancy today", "handled \(window)",
                    "AHT \(window)", "occupancy \(window)",
                ], rows)
        case .contacts:
            if state == "abandoned" {
                return table(
                    ["contact", "queue", "channel", "caller", "waited", "abandoned at"],
                    try DaemonConnection.readArray(AbandonedContactDocument.self, body).map {
                        [
                            $0.id, $0.queue, $0.channel.name, $0.caller ?? "", duration($0.waitSeconds),
                            RFC3339.format($0.abandonedAt),
                        ]
                    })
            }
            return table(
                ["contact", "queue", "channel", "position", "waiting"],
                try DaemonConnection.readArray(WaitingContactDocument.self, body).map {
                    [$0.id, $0.queue, $0.channel.name, String($0.position), duration($0.waitSeconds)]
                })
        case .intervals:
            let day = try DaemonConnection.read(IntervalDayDocument.self, body)
            var rows: [[String]] = []
            for interval in day.intervals {
                for channel in Channel.allCases.sorted(by: { $0.name < $1.name }) {
                    let figures = interval.channels[channel]
                    guard figures.offered > 0 || figures.occupancyTime != nil else { continue }
                    rows.append([
                        RFC3339.format(interval.start), channel.name, String(figures.offered),
                        String(figures.answered), String(figures.abandoned), String(figures.handled),
                        percent(figures.serviceLevel),
                        duration(figures.asaSeconds), duration(figures.ahtSeconds), percent(figures.occupancyTime),
                    ])
                }
            }
            let held = day.heldFrom.map { " (held from \(RFC3339.format($0)))" } ?? ""
            return "\(day.date) (\(day.timeZone))\(held)\n"
                + table(
                    [
                        "interval start (UTC)", "channel", "offered", "answered", "abandoned", "handled", "SL",
                        "ASA", "AHT", "occupancy",
                    ], rows)
        case .sources:
            return table(
                ["source", "format", "events", "errors", "anomalies", "last event age"],
                try DaemonConnection.readArray(SourceDocument.self, body).map {
                    [
                        $0.name, $0.format, String($0.events), counts($0.decodeErrors), counts($0.anomalies),
                        duration($0.lastEventAgeSeconds),
                    ]
                })
        }
    }

    static func scopes(_ scopes: [(String, ScopeDocument)], title: String, window: String) -> String {
        let rows: [[String]] = scopes.map { name, scope in
            let figures = scope.window(window)
            return [
                name, String(scope.inQueue), duration(scope.oldestWaitSeconds), percent(figures?.serviceLevel),
                String(figures?.offered ?? 0), String(figures?.answered ?? 0), String(figures?.abandoned ?? 0),
                duration(figures?.asaSeconds), duration(figures?.ahtSeconds),
                "\(scope.agents.available)/\(scope.agents.staffed)",
            ]
        }
        return table(
            [
                title, "in queue", "oldest", "SL \(window)", "offered", "answered", "abandoned", "ASA", "AHT",
                "avail/staffed",
            ], rows)
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return header.joined(separator: "  ") + "\n(none)\n" }
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    /// `—` for no data, otherwise seconds, minutes or hours.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "—" }
        if seconds < 120 { return String(format: "%.0fs", seconds) }
        if seconds < 7200 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
    }

    static func percent(_ ratio: Double?) -> String { ratio.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }

    static func counts(_ map: [String: Int64]) -> String {
        map.isEmpty ? "0" : map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
