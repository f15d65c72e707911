import FloorAlerting
import FloorCore
import FloorForecast
import FloorQueryAPI
import Foundation
import Testing

/// The forecast through the real daemon, a real journald and the real client: the energy
/// retailer's outage from `floorwatch simulate` (120 × real time) into `floorwatchd` on the event
/// clock; `/v1/forecast`, the predictive alert ahead of the service-level alert (in journald too),
/// `floorwatch forecast`, `floorwatch what-if`, and the supervisor layout in tmux.
@Suite("forecast end to end", .serialized)
struct ForecastEndToEndTests {
    @Test func theOutageIsForecastWarnedAheadAndAMoveCanBeTried() throws {
        let journald = try Journald.shared()
        defer { withExtendedLifetime(journald) {} }
        let directory = try DaemonProcess.scratch("forecast")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "[alerts]\njournald = \"on\"\n".write(
            toFile: directory + "/floorwatchd.toml", atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", directory + "/floorwatchd.toml"], clock: "event")
        defer {
            daemon.terminate()
            _ = daemon.waitForExit(timeout: 5)
        }
        try daemon.waitUntilServing()
        // 09:00–09:32: the outage triples voice from 09:20.
        let run = try QueryCommandTests.run([
            "simulate", "--profile", "energy-retailer", "--seed", "7", "--duration", "32m", "--speed", "120",
            "--to", "tcp://127.0.0.1:\(daemon.tcpPort)",
        ])
        #expect(run.status == 0, "\(run.output)")
        let end = RFC3339.parse("2026-03-02T09:32:00Z")!
        _ = try daemon.waitForSnapshot(timeout: 30) {
            ($0["generated_at"] as? String).flatMap(RFC3339.parse).map { $0 >= end - .seconds(5) } ?? false
        }
        // The forecast works once a minute of event time: the last minute's board.
        var board: ForecastBoard?
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let response = try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/forecast")
            #expect(response.status == 200)
            board = try ForecastBoardDocument(json: response.body).board
            if let board, board.generatedAt >= end - .minutes(1) { break }
            usleep(100_000)
        }
        let forecast = try #require(board)
        let voice = try #require(forecast.scope(.channel(.voice)))
        #expect(voice.isWarm)
        #expect(voice.arrivals.map(\.minutes).reduce(0, +) == 60, "an hour in 5-minute intervals of the clock")
        #expect(voice.trajectory.count == 30)
        #expect(voice.objective?.target == 0.8 && voice.objective?.thresholdSeconds == 20)
        #expect((voice.agents ?? 0) > 100)
        // Three times the calls: the next quarter hour's voice arrivals are well above the
        // morning's (about 17 a minute before the outage).
        #expect(voice.arrivals.prefix(3).map(\.expected).reduce(0, +) > 15 * 30)
        #expect(forecast.scope(.queue("faults"))?.isWarm == true)
        #expect(forecast.scope(.channel(.email))?.trajectory.isEmpty == true, "backlog channels are not projected")

        // The predictive warning came before the service level fell below target.
        let alerts = try AlertBoardDocument(json: try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/alerts").body)
        let predicted = alerts.history.first { $0.rule == "service_level_forecast" && $0.transition == "firing" }
        let fell = alerts.history.first { $0.rule == "service_level" && $0.transition == "firing" }
        let warning = try #require(predicted, "history: \(alerts.history.map { "\($0.rule) \($0.transition)" })")
        let breach = try #require(fell)
        #expect(warning.at < breach.at, "warned at \(warning.at), fell at \(breach.at)")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("will fall below target in about"))
        // The same warning in journald, with its own MESSAGE_ID (the catalog explains it).
        let entry = try Journald.waitForEntry([
            "_PID=\(daemon.process.processIdentifier)", "FLOORWATCH_ALERT=service_level_forecast",
            "FLOORWATCH_STATE=firing",
        ])
        #expect(entry["MESSAGE_ID"] == "499be15bee1e4ae783ef695156a00662")
        #expect(entry["FLOORWATCH_CHANNEL"] == "voice" && entry["FLOORWATCH_SEVERITY"] == "warning")
        #expect(entry["MESSAGE"]?.hasPrefix("voice: service level over 15m will fall below target in about") == true)

        // The client's views.
        let text = try QueryCommandTests.run(["forecast", "--socket", daemon.querySocket])
        #expect(text.status == 0 && text.output.contains("voice") && text.output.contains("servers"), "\(text.output)")
        let tried = try QueryCommandTests.run([
            "what-if", "--socket", daemon.querySocket, "--move", "15 email→voice", "--json",
        ])
        try #require(tried.status == 0, "\(tried.output)")
        let answer = try WhatIfDocument(json: tried.output)
        let moved = try #require(answer.channels.first { $0.channel == .voice })
        #expect(moved.agentsAfter == moved.agentsBefore + 15)
        #expect(moved.before.count == 30 && moved.after.count == 30)
        for (before, after) in zip(moved.before, moved.after) {
            #expect(after.queueLength <= before.queueLength + 1e-9)
            #expect(after.trailingServiceLevel >= before.trailingServiceLevel - 1e-9)
        }
        // Fifteen agents against three times the calls: a shorter queue, not yet the target.
        #expect(moved.after.last!.queueLength < moved.before.last!.queueLength - 1)
        let email = try #require(answer.channels.first { $0.channel == .email })
        #expect(email.agentsAfter == email.agentsBefore - 15)
        let tooMany = try QueryCommandTests.run([
            "what-if", "--socket", daemon.querySocket, "--move", "\(email.agentsBefore + 1) email→voice",
        ])
        #expect(
            tooMany.status != 0 && tooMany.output.contains("409") && tooMany.output.contains("cannot move"),
            "\(tooMany.output)")

        // The supervisor's wall screen shows the projection against the target.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (apt-get install tmux)")
            return
        }
        // A tmux server of its own: the dashboard suite stops its server when it ends.
        let server = ["-L", "floorwatch-forecast-\(getpid())"]
        let binary = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
            .appendingPathComponent("floorwatch").path
        let started = DashboardTmuxTests.tmux(
            server + [
                "new-session", "-d", "-s", "forecast", "-x", "120", "-y", "40",
                "\(binary) dash --layout supervisor --socket \(daemon.querySocket)",
            ])
        #expect(started.status == 0, "\(started.output)")
        defer { _ = DashboardTmuxTests.tmux(server + ["kill-server"]) }
        var screen: [String] = []
        let screenDeadline = Date().addingTimeInterval(20)
        while Date() < screenDeadline, !screen.contains(where: { $0.hasPrefix(" voice ") && $0.contains("80 %") }) {
            usleep(200_000)
            screen = DashboardTmuxTests.tmux(server + ["capture-pane", "-t", "forecast", "-pJ"]).output.split(
                separator: "\n"
            ).map(String.init)
        }
        #expect(screen.contains { $0.hasPrefix(" voice ") && $0.contains("80 %") }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.contains("service level 15m, projected over the next 30 min") })
    }
}
