import ArgumentParser
import FloorAlerting
import FloorCore
import FloorQueryAPI
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
            let body = try connection.call(.alerts)
            if json {
                print(body)
                return
            }
            print(
                Self.render(try DaemonConnection.read(AlertBoardDocument.self, body), history: history), terminator: "")
        }

        static func render(_ board: AlertBoardDocument, history: Bool) -> String {
            var lines: [String] = []
            if board.active.isEmpty { lines.append("no active alerts") }
            for alert in board.active {
                let severity = alert.severity.rawValue
                var line = "#\(alert.id) \(alert.state == .firing ? severity.uppercased() : "pending (\(severity))")"
                line += "  \(alert.rule)"
                if !alert.message.isEmpty { line += "  \(alert.message)" }
                if let since = alert.firingSince { line += "  since \(RFC3339.format(since))" }
                if let ack = alert.acknowledged { line += "  [acknowledged by \(ack.by): \(ack.reason)]" }
                if let suppressed = alert.suppressed { line += "  [\(suppressed)]" }
                lines.append(line)
            }
            for silence in board.silences {
                lines.append(
                    "silence #\(silence.id) \(silence.matchers) until \(RFC3339.format(silence.endsAt)) by "
                        + "\(silence.createdBy): \(silence.comment)")
            }
            if history {
                lines.append("history (newest first):")
                for entry in board.history.prefix(50) {
                    lines.append("  \(RFC3339.format(entry.at)) #\(entry.id) \(entry.transition): \(entry.message)")
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
            let body = try connection.call(
                .acknowledgeAlert(id: id), body: ControlRequest.acknowledgementBody(reason: reason))
            let alert = try DaemonConnection.read(AlertDocument.self, body)
            print("acknowledged #\(id) as \(alert.acknowledged?.by ?? "you")")
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
            let request = ControlRequest.silenceBody(
                rule: rule, channel: channel, queue: queue, durationSeconds: try parseDuration(duration),
                comment: comment)
            let body = try connection.call(.addSilence, body: request)
            let silence = try DaemonConnection.read(SilenceDocument.self, body)
            print("silence #\(silence.id) until \(RFC3339.format(silence.endsAt))")
        }
    }

    struct Unsilence: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a silence.")

        @OptionGroup var connection: DaemonConnection

        @Argument(help: "The silence id.")
        var id: Int64

        func run() throws {
            _ = try connection.call(.removeSilence(id: id))
            print("removed silence #\(id)")
        }
    }
}
