import ArgumentParser
import Foundation

/// `floorwatch recommendations`: the capacity shifts floorwatchd recommends, and accepting or
/// dismissing one (who decided is the query socket's peer, as for alerts).
struct Recommendations: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show recommended capacity shifts between channels; accept or dismiss one.",
        subcommands: [List.self, Decide.self, Dismiss.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Active recommendations and each channel's requirement.")

        @OptionGroup var connection: DaemonConnection

        @Flag(help: "Print the JSON as the API returns it.")
        var json = false

        func run() throws {
            let body = try connection.call("GET", "/v1/recommendations")
            if json {
                print(body)
                return
            }
            let board = (try JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            print(Self.render(board), terminator: "")
        }

        static func render(_ board: [String: Any]) -> String {
            var lines: [String] = []
            let active = board["active"] as? [[String: Any]] ?? []
            if active.isEmpty { lines.append("no capacity shift recommended") }
            for recommendation in active {
                let id = recommendation["id"] as? Int ?? 0
                let state = recommendation["state"] as? String ?? ""
                lines.append("#\(id) [\(state)] \(recommendation["summary"] as? String ?? "")")
                lines.append("    why: \(recommendation["reason"] as? String ?? "")")
                let agents = recommendation["eligible_agents"] as? [String] ?? []
                lines.append("    eligible: \(agents.joined(separator: ", "))")
                if let by = recommendation["decided_by"] as? String { lines.append("    \(state) by \(by)") }
            }
            lines.append("")
            lines.append("channel  model     staffed  required  slack  waiting  arrivals/h  AHT s")
            for channel in board["channels"] as? [[String: Any]] ?? [] {
                let cells: [String] = [
                    (channel["channel"] as? String ?? "").padding(toLength: 7, withPad: " ", startingAt: 0),
                    (channel["model"] as? String ?? "").padding(toLength: 8, withPad: " ", startingAt: 0),
                    "\(channel["staffed"] as? Int ?? 0)".leftPadded(7),
                    "\(channel["required"] as? Int ?? 0)".leftPadded(9),
                    "\(channel["slack"] as? Int ?? 0)".leftPadded(6),
                    "\(channel["waiting"] as? Int ?? 0)".leftPadded(8),
                    String(format: "%.0f", channel["arrivals_per_hour"] as? Double ?? 0).leftPadded(11),
                    String(format: "%.0f", channel["aht_seconds"] as? Double ?? 0).leftPadded(6),
                ]
                lines.append(cells.joined(separator: " "))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept", abstract: "Accept a recommendation (you will make the move).")

        @OptionGroup var connection: DaemonConnection

        @Argument(help: "The recommendation id.")
        var id: Int64

        @Option(help: "A note for the record.")
        var note: String?

        func run() throws {
            try decide(connection, id: id, verb: "accept", note: note)
        }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dismiss a recommendation: it is not proposed again until conditions change.")

        @OptionGroup var connection: DaemonConnection

        @Argument(help: "The recommendation id.")
        var id: Int64

        @Option(help: "Why (recorded with who you are).")
        var note: String?

        func run() throws {
            try decide(connection, id: id, verb: "dismiss", note: note)
        }
    }

    static func decide(_ connection: DaemonConnection, id: Int64, verb: String, note: String?) throws {
        let body = try connection.call(
            "POST", "/v1/recommendations/\(id)/\(verb)", body: Alerts.Acknowledge.json(note.map { ["note": $0] } ?? [:])
        )
        let recommendation = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        print(
            "\(recommendation["state"] as? String ?? verb) #\(id): \(recommendation["summary"] as? String ?? "") "
                + "(by \(recommendation["decided_by"] as? String ?? "you"))")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
