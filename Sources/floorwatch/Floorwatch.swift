import ArgumentParser

@main
struct Floorwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floorwatch",
        abstract:
            "The floorwatch client: the wall dashboard, the demo, queries, alerts, recommendations, simulation and staffing math.",
        subcommands: [
            Demo.self, Query.self, Dash.self, Alerts.self, Recommendations.self, Simulate.self, Replay.self, Load.self,
            StaffingCommand.self, ForecastCommand.self, WhatIfCommand.self, Reload.self,
        ])
}
