import Foundation

/// Plain-text tables of query results, aligned for a terminal.
enum Tables {
    static func render(what: Query.What, value: Any, window: String, state: String) -> String {
        switch what {
        case .snapshot:
            let snapshot = value as? [String: Any] ?? [:]
            var out = "floor at \(snapshot["generated_at"] as? String ?? "?")\n\n"
            out += scopes(
                snapshot["channels"] as? [String: Any] ?? [:], order: ["voice", "chat", "email", "task"],
                title: "channel", window: window)
            out +=
                "\n" + scopes(snapshot["queues"] as? [String: Any] ?? [:], order: nil, title: "queue", window: window)
            return out
        case .queues:
            return scopes(value as? [String: Any] ?? [:], order: nil, title: "queue", window: window)
        case .agents:
            let rows = (value as? [[String: Any]] ?? []).map { agent in
                let today = agent["today"] as? [String: Any] ?? [:]
                return [
                    agent["id"] as? String ?? "", agent["name"] as? String ?? "", agent["team"] as? String ?? "",
                    agent["state"] as? String ?? "", agent["reason"] as? String ?? "",
                    duration(agent["seconds_in_state"] as? Double),
                    ((agent["contacts"] as? [String]) ?? []).joined(separator: " "),
                    today.isEmpty ? "" : String(today["handled_total"] as? Int ?? 0),
                    duration(today["aht_seconds"] as? Double),
                    today.isEmpty ? "" : String(today["missed"] as? Int ?? 0),
                    percent(today["occupancy"] as? Double),
                ]
            }
            return table(
                [
                    "agent", "name", "team", "state", "reason", "in state", "contacts", "handled today", "AHT today",
                    "missed today", "occupancy today",
                ], rows)
        case .contacts:
            let list = value as? [[String: Any]] ?? []
            if state == "abandoned" {
                return table(
                    ["contact", "queue", "channel", "caller", "waited", "abandoned at"],
                    list.map {
                        [
                            $0["id"] as? String ?? "", $0["queue"] as? String ?? "", $0["channel"] as? String ?? "",
                            $0["caller"] as? String ?? "", duration($0["wait_seconds"] as? Double),
                            $0["abandoned_at"] as? String ?? "",
                        ]
                    })
            }
            return table(
                ["contact", "queue", "channel", "position", "waiting"],
                list.map {
                    [
                        $0["id"] as? String ?? "", $0["queue"] as? String ?? "", $0["channel"] as? String ?? "",
                        String($0["position"] as? Int ?? 0), duration($0["wait_seconds"] as? Double),
                    ]
                })
        case .intervals:
            let day = value as? [String: Any] ?? [:]
            var rows: [[String]] = []
            for interval in day["intervals"] as? [[String: Any]] ?? [] {
                let start = interval["start"] as? String ?? ""
                for (name, figures) in (interval["channels"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let figures = figures as? [String: Any] ?? [:]
                    guard (figures["offered"] as? Int ?? 0) > 0 || figures["occupancy_time"] as? Double != nil else {
                        continue
                    }
                    rows.append([
                        start, name, String(figures["offered"] as? Int ?? 0), String(figures["answered"] as? Int ?? 0),
                        String(figures["abandoned"] as? Int ?? 0), percent(figures["service_level"] as? Double),
                        duration(figures["asa_seconds"] as? Double), duration(figures["aht_seconds"] as? Double),
                        percent(figures["occupancy_time"] as? Double),
                    ])
                }
            }
            return "\(day["date"] as? String ?? "") (\(day["time_zone"] as? String ?? ""))\n"
                + table(
                    [
                        "interval start (UTC)", "channel", "offered", "answered", "abandoned", "SL", "ASA", "AHT",
                        "occupancy",
                    ], rows)
        case .sources:
            return table(
                ["source", "format", "events", "errors", "anomalies", "last event age"],
                (value as? [[String: Any]] ?? []).map {
                    [
                        $0["name"] as? String ?? "", $0["format"] as? String ?? "", String($0["events"] as? Int ?? 0),
                        counts($0["decode_errors"]), counts($0["anomalies"]),
                        duration($0["last_event_age_seconds"] as? Double),
                    ]
                })
        }
    }

    static func scopes(_ scopes: [String: Any], order: [String]?, title: String, window: String) -> String {
        let names = order ?? scopes.keys.sorted()
        let rows: [[String]] = names.compactMap { name in
            guard let scope = scopes[name] as? [String: Any] else { return nil }
            let agents = scope["agents"] as? [String: Any] ?? [:]
            let figures = (scope["windows"] as? [String: Any])?[window] as? [String: Any] ?? [:]
            return [
                name, String(scope["in_queue"] as? Int ?? 0), duration(scope["oldest_wait_seconds"] as? Double),
                percent(figures["service_level"] as? Double), String(figures["offered"] as? Int ?? 0),
                String(figures["answered"] as? Int ?? 0), String(figures["abandoned"] as? Int ?? 0),
                duration(figures["asa_seconds"] as? Double), duration(figures["aht_seconds"] as? Double),
                "\(agents["available"] as? Int ?? 0)/\(agents["staffed"] as? Int ?? 0)",
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

    static func counts(_ value: Any?) -> String {
        let map = value as? [String: Int] ?? [:]
        return map.isEmpty ? "0" : map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
