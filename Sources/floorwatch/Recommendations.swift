import ArgumentParser
import FloorCore
import FloorQueryAPI
import FloorStaffing
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
            let body = try connection.call(.recommendations)
            if json {
                print(body)
                return
            }
            print(Self.render(try DaemonConnection.read(RecommendationBoardDocument.self, body)), terminator: "")
        }

        static func render(_ board: RecommendationBoardDocument) -> String {
            var lines: [String] = []
            if board.active.isEmpty { lines.append("no capacity shift recommended") }
            for recommendation in board.active {
                let state = recommendation.state.rawValue
                lines.append("#\(recommendation.id) [\(state)] \(recommendation.summary)")
                lines.append("    why: \(recommendation.reason)")
                lines.append("    eligible: \(recommendation.eligibleAgents.joined(separator: ", "))")
                if let by = recommendation.decidedBy { lines.append("    \(state) by \(by)") }
            }
            lines.append("")
            lines.append("channel  model     staffed  required  slack  waiting  arrivals/h  AHT s")
            for channel in board.channels {
                let cells: [String] = [
                    channel.channel.name.padding(toLength: 7, withPad: " ", startingAt: 0),
                    channel.model.padding(toLength: 8, withPad: " ", startingAt: 0),
                    "\(channel.staffed)".leftPadded(7),
                    "\(channel.required)".leftPadded(9),
                    "\(channel.slack)".leftPadded(6),
                    "\(channel.waiting)".leftPadded(8),
                    String(format: "%.0f", channel.arrivalsPerHour).leftPadded(11),
                    String(format: "%.0f", channel.handleTimeSeconds).leftPadded(6),
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
            try decide(connection, id: id, accept: true, note: note)
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
            try decide(connection, id: id, accept: false, note: note)
        }
    }

    static func decide(_ connection: DaemonConnection, id: Int64, accept: Bool, note: String?) throws {
        let body = try connection.call(
            .decideRecommendation(id: id, accept: accept), body: ControlRequest.decisionBody(note: note))
        let recommendation = try DaemonConnection.read(Recommendation.self, body)
        print(
            "\(recommendation.state.rawValue) #\(id): \(recommendation.summary) (by \(recommendation.decidedBy ?? "you"))"
        )
    }
}

extension String {
    /// Right-aligned in `width` columns (table cells).
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
