import ArgumentParser
import FloorCore
import FloorForecast
import FloorQueryAPI
import Foundation

/// `floorwatch forecast`: the next hour's arrivals per channel and queue, and the live channels'
/// projected queue and service level with the predicted breach (`GET /v1/forecast`).
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Show the next hour's forecast arrivals and the live channels' projected service level.")

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print the JSON as the API returns it.")
    var json = false

    func run() throws {
        let body = try connection.call(.forecast)
        if json {
            print(body)
            return
        }
        print(Self.render(try DaemonConnection.read(ForecastBoardDocument.self, body).board), terminator: "")
    }

    static func render(_ board: ForecastBoard) -> String {
        var lines = ["forecast as of \(RFC3339.format(board.generatedAt))", ""]
        lines.append("scope                 next 15m  next 60m  (80 % interval)   AHT s  patience s")
        for scope in board.scopes {
            let name: String
            switch scope.scope {
            case .channel(let channel): name = channel.name
            case .queue(let queue): name = "  " + queue
            }
            guard scope.isWarm else {
                lines.append(name.padding(toLength: 20, withPad: " ", startingAt: 0) + "  (learning)")
                continue
            }
            let quarter = scope.arrivals.prefix(3)
            let hour = scope.arrivals.prefix(12)
            let cells = [
                name.padding(toLength: 20, withPad: " ", startingAt: 0),
                String(format: "%.0f", quarter.map(\.expected).reduce(0, +)).leftPadded(9),
                String(format: "%.0f", hour.map(\.expected).reduce(0, +)).leftPadded(9),
                String(
                    format: "  (%.0f–%.0f)", hour.map(\.expectedLower).reduce(0, +),
                    hour.map(\.expectedUpper).reduce(0, +)
                ).padding(toLength: 18, withPad: " ", startingAt: 0),
                scope.handleTimeSeconds.map { String(format: "%.0f", $0) }?.leftPadded(6) ?? "     -",
                scope.patienceSeconds.map { String(format: "%.0f", $0) }?.leftPadded(11) ?? "          -",
            ]
            lines.append(cells.joined(separator: " "))
        }
        for scope in board.scopes where !scope.trajectory.isEmpty {
            guard let objective = scope.objective, let channel = scope.channel else { continue }
            lines.append("")
            lines.append(
                "\(channel.name): \(scope.agents ?? 0) servers, target \(percent(objective.target)) in "
                    + "\(Int(objective.thresholdSeconds)) s" + (scope.alertRaised ? "  ** breach predicted **" : ""))
            if let breach = scope.breach, let minutes = breach.minutesUntilBreach {
                lines.append(
                    "  service level over 15m below target in about \(minutes) min "
                        + "(confidence \(percent(breach.confidence)))")
            }
            lines.append("  in    queue  oldest s  SL minute  SL 15m")
            for minute in scope.trajectory where [1, 5, 10, 15, 20, 30].contains(minute.minute) {
                let figures = String(format: "%8.1f%10.0f", minute.queueLength, minute.oldestWaitSeconds)
                let levels =
                    percent(minute.serviceLevel).leftPadded(11) + percent(minute.trailingServiceLevel).leftPadded(9)
                lines.append("  " + "\(minute.minute)m".leftPadded(3) + figures + levels)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `floorwatch what-if --move 10 email→voice`: the projections with and without moves
/// (`POST /v1/what-if`); nothing changes on the floor.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Try moving agents between channels: the projected service level with and without the move.")

    @OptionGroup var connection: DaemonConnection

    @Option(
        name: .customLong("move"), parsing: .unconditionalSingleValue,
        help: "A move: AGENTS FROM→TO (or FROM->TO), e.g. --move \"10 email→voice\". Repeat for several.")
    var moves: [String] = []

    @Flag(help: "Print the JSON as the API returns it.")
    var json = false

    func run() throws {
        guard !moves.isEmpty else { throw ValidationError("give at least one --move, e.g. --move \"10 email→voice\"") }
        var parsed: [CapacityMove] = []
        for text in moves {
            guard let move = Self.parse(text) else {
                throw ValidationError("\(text): expected AGENTS FROM→TO, e.g. \"10 email→voice\"")
            }
            parsed.append(move)
        }
        let body = try connection.call(.whatIf, body: WhatIfRequestDocument(moves: parsed).json)
        if json {
            print(body)
            return
        }
        print(Self.render(try DaemonConnection.read(WhatIfDocument.self, body)), terminator: "")
    }

    /// "10 email→voice", "10 email->voice", "10 email voice".
    static func parse(_ text: String) -> CapacityMove? {
        let words = text.replacingOccurrences(of: "→", with: " ").replacingOccurrences(of: "->", with: " ")
            .split(separator: " ").map(String.init)
        guard words.count == 3, let agents = Int(words[0]), agents > 0, let from = Channel(name: words[1]),
            let to = Channel(name: words[2])
        else { return nil }
        return CapacityMove(from: from, to: to, agents: agents)
    }

    static func render(_ answer: WhatIfDocument) -> String {
        var lines: [String] = []
        for channel in answer.channels {
            lines.append("\(channel.channel.name): \(channel.agentsBefore) → \(channel.agentsAfter) agents")
            guard !channel.before.isEmpty else {
                lines.append("  (a backlog channel: its queue is not projected)")
                continue
            }
            func breach(_ prediction: BreachPrediction?) -> String {
                prediction?.minutesUntilBreach.map { "below target in about \($0) min" } ?? "no breach in 30 min"
            }
            lines.append("  now:  \(breach(channel.breachBefore))")
            lines.append("  with: \(breach(channel.breachAfter))")
            lines.append("  in    queue now → with    SL 15m now → with")
            for (before, after) in zip(channel.before, channel.after) where [5, 10, 15, 20, 30].contains(before.minute)
            {
                let queue = String(format: "%9.1f → %-6.1f", before.queueLength, after.queueLength)
                let level =
                    percent(before.trailingServiceLevel).leftPadded(10) + " → " + percent(after.trailingServiceLevel)
                lines.append("  " + "\(before.minute)m".leftPadded(3) + queue + level)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
