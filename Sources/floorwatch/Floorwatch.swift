import ArgumentParser

@main
struct Floorwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floorwatch",
        abstract: "The floorwatch client: query a running floorwatchd, and staffing math for WFM.",
        subcommands: [
            Demo.self, Query.self, Dash.self, Alerts.self, Recommendations.self, Simulate.self, Replay.self, Load.self,
            StaffingCommand.self,
        ])
}
