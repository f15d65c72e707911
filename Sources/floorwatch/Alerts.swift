import ArgumentParser
import Foundation

/// `floorwatch alerts`: what is firing, acknowledging it, silencing it. Who acknowledged is what
/// the kernel says about this process on the query socket, not something typed here.
struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List active alerts, acknowledge one, or silence some.",
        subcommands: [List.self, Acknowledge.self, Silence.self, Unsilence.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Active alerts and silences.")

        @OptionGroup var connection: DaemonConnection

        @Flag(help: "Also show the recent history.")
        var history = false

        @Flag(help: "Print the JSON as the API returns it.")
        var json = false

        func run() throws {
            let body = try connection.call("GET", "/v1/alerts")
            if json {
                print(body)
                return
            }
            let board = (try JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            print(Self.render(board, history: history), terminator: "")
        }

        static func render(_ board: [String: Any], history: Bool) -> String {
            let active = board["active"] as? [[String: Any]] ?? []
            var lines: [String] = []
            if active.isEmpty { lines.append("no active alerts") }
            for alert in active {
                let id = alert["id"] as? Int ?? 0
                let state = alert["state"] as? String ?? ""
                let severity = (alert["severity"] as? String ?? "").uppercased()
                var line = "#\(id) \(state == "firing" ? severity : "pending (\(severity.lowercased()))")"
                line += "  \(alert["rule"] as? String ?? "")"
                if let message = alert["message"] as? String, !message.isEmpty { line += "  \(message)" }
                if let since = alert["firing_since"] as? String { line += "  since \(since)" }
                if let ack = alert["acknowledged"] as? [String: Any] {
                    line += "  [acknowledged by \(ack["by"] as? String ?? "?"): \(ack["reason"] as? String ?? "")]"
                }
                if let suppressed = alert["suppressed"] as? String { line += "  [\(suppressed)]" }
                lines.append(line)
            }
            for silence in board["silences"] as? [[String: Any]] ?? [] {
                let matchers = ["rule", "channel", "queue"].compactMap { key in
                    (silence[key] as? String).map { "\(key)=\($0)" }
                }
                lines.append(
                    "silence #\(silence["id"] as? Int ?? 0) \(matchers.joined(separator: " ")) until "
                        + "\(silence["ends_at"] as? String ?? "") by \(silence["created_by"] as? String ?? ""): "
                        + "\(silence["comment"] as? String ?? "")")
            }
            if history {
                lines.append("history (newest first):")
                for entry in (board["history"] as? [[String: Any]] ?? []).prefix(50) {
                    lines.append(
                        "  \(entry["at"] as? String ?? "") #\(entry["id"] as? Int ?? 0) "
                            + "\(entry["transition"] as? String ?? ""): \(entry["message"] as? String ?? "")")
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    struct Acknowledge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Acknowledge a firing alert: no re-notification until it resolves.")

        @OptionGroup var connection: DaemonConnection

        @Argument(help: "The alert id (floorwatch alerts list).")
        var id: Int64

        @Option(help: "Why (recorded with who you are).")
        var reason: String

        func run() throws {
            let body = try connection.call("POST", "/v1/alerts/\(id)/ack", body: Self.json(["reason": reason]))
            let alert = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            let by = (alert["acknowledged"] as? [String: Any])?["by"] as? String ?? "you"
            print("acknowledged #\(id) as \(by)")
        }

        static func json(_ object: [String: Any]) -> String {
            String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8), as: UTF8.self)
        }
    }

    struct Silence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Silence alerts by rule, channel or queue for a while (they still show, nobody is paged).")

        @OptionGroup var connection: DaemonConnection

        @Option(help: "Rule name (e.g. voice_oldest_wait).")
        var rule: String?

        @Option(help: "Channel: voice, chat, email or task.")
        var channel: String?

        @Option(help: "Queue name.")
        var queue: String?

        @Option(name: .customLong("for"), help: "How long: seconds, or a number with s, m or h (2h).")
        var duration: String

        @Option(help: "Why.")
        var comment: String = ""

        func run() throws {
            guard rule != nil || channel != nil || queue != nil else {
                throw ValidationError("give at least one of --rule, --channel, --queue")
            }
            var object: [String: Any] = ["duration_seconds": try parseDuration(duration), "comment": comment]
            if let rule { object["rule"] = rule }
            if let channel { object["channel"] = channel }
            if let queue { object["queue"] = queue }
            let body = try connection.call("POST", "/v1/silences", body: Acknowledge.json(object))
            let silence = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            print("silence #\(silence["id"] as? Int ?? 0) until \(silence["ends_at"] as? String ?? "")")
        }
    }

    struct Unsilence: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a silence.")

        @OptionGroup var connection: DaemonConnection

        @Argument(help: "The silence id.")
        var id: Int64

        func run() throws {
            _ = try connection.call("DELETE", "/v1/silences/\(id)")
            print("removed silence #\(id)")
        }
    }
}
