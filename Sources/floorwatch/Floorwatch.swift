import ArgumentParser

@main
struct Floorwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floorwatch",
        abstract: "The floorwatch client: query a running floorwatchd.",
        subcommands: [Query.self, Load.self])
}
