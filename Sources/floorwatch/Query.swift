import ArgumentParser
import FloorQueryAPI
import Foundation

/// `floorwatch query`: the daemon's figures for people at a shell, as tables (or raw JSON).
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the live floor: snapshot, queues, agents, contacts or sources.")

    enum What: String, ExpressibleByArgument, CaseIterable {
        case snapshot, queues, agents, contacts, sources, intervals
    }

    @Argument(help: "What to show: \(What.allCases.map(\.rawValue).joined(separator: ", ")).")
    var what: What

    @OptionGroup var connection: DaemonConnection

    @Option(help: "For contacts: waiting or abandoned.")
    var state = "waiting"

    @Option(help: "For intervals: 15m, 30m or 60m.")
    var size = "15m"

    @Option(help: "For intervals: the local date (yyyy-MM-dd) in the site's time zone; today by default.")
    var date: String?

    @Option(help: "Window for figures: 5m, 15m or 60m.")
    var window = "15m"

    @Flag(help: "Print the JSON as the API returns it.")
    var json = false

    func run() throws {
        let client = try connection.client()
        let resource: String
        switch what {
        case .snapshot: resource = QueryRoute.snapshot.target()
        case .queues: resource = QueryRoute.queues.target()
        case .agents: resource = QueryRoute.agents.target()
        case .contacts: resource = QueryRoute.contacts.target([.state: state])
        case .sources: resource = QueryRoute.sources.target()
        case .intervals: resource = QueryRoute.intervals.target([.size: size, .date: date])
        }
        let response: (status: Int, body: String)
        do {
            response = try client.get(resource)
        } catch {
            FileHandle.standardError.write(Data("floorwatch: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard response.status == 200 else {
            FileHandle.standardError.write(Data("floorwatch: \(response.status): \(response.body)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            print(response.body)
            return
        }
        print(try Tables.render(what: what, body: response.body, window: window, state: state), terminator: "")
    }
}
