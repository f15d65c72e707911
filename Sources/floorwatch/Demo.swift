import ArgumentParser
import FloorCore
import FloorDashboard
import FloorProtocol
import FloorQueryAPI
import FloorSimulation
import Foundation
import Glibc
import Synchronization

/// `floorwatch demo`: the one command a newcomer runs first. Starts floorwatchd with an
/// embedded configuration (temporary sockets, no root, the event clock so accelerated time is
/// exact), runs the energy retailer's day at `--speed` with its outage, and opens the wall
/// dashboard. Ctrl-C (or q) stops everything and removes the temporary directory.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulated contact center + floorwatchd + wall dashboard in one command (q or Ctrl-C stops).")

    @Option(help: "Profile: \(SimulationProfile.all.map(\.name).joined(separator: ", ")).")
    var profile = "energy-retailer"

    @Option(help: "Simulated seconds per real second (the outage starts 20 simulated minutes in).")
    var speed: Double = 30

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Dashboard layout.")
    var layout = "wallboard"

    @Option(help: "The floorwatchd binary (default: next to this one, then PATH).")
    var daemon: String?

    func run() throws {
        guard let chosen = SimulationProfile.named(profile) else { throw ValidationError("unknown profile \(profile)") }
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = try Self.freePort()
        let socket = directory + "/query.sock"
        let config = directory + "/floorwatchd.toml"
        try """
        # floorwatch demo: everything in \(directory), removed on exit.
        [daemon]
        state_dir = "\(directory)/state"
        clock = "event"
        [[listener]]
        transport = "tcp"
        address = "127.0.0.1:\(port)"
        [query]
        socket = "\(socket)"
        [alerts]
        journald = "off"
        # The email team is trained for calls: in the outage floorwatch recommends moving them.
        [recommendations.cross_training]
        email = ["voice"]
        """.write(toFile: config, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try daemon ?? Self.daemonBinary())
        process.arguments = ["--config", config]
        _ = FileManager.default.createFile(atPath: directory + "/floorwatchd.log", contents: nil)
        guard let log = FileHandle(forWritingAtPath: directory + "/floorwatchd.log") else {
            throw ValidationError("cannot write \(directory)/floorwatchd.log")
        }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let client = QueryClient(socketPath: socket, url: nil, token: nil)
        try Self.waitUntilServing(client, process: process, log: directory + "/floorwatchd.log")

        let control = DemoControl()
        let start = RFC3339.parse(Simulate.defaultStart)!
        let speed = self.speed
        let seed = self.seed
        let thread = Thread {
            do {
                let sender = try LineSender("tcp://127.0.0.1:\(port)")
                var simulator = ContactCenterSimulator(
                    profile: chosen, start: start, random: SeededGenerator(seed: seed))
                try Pacer(speed: speed).run(from: start, to: start + .hours(10)) { until in
                    if control.stop.load(ordering: .relaxed) { throw CancellationError() }
                    try sender.send(simulator.run(until: until).map(NativeEncoder.encode))
                }
            } catch is CancellationError {
            } catch {
                control.failure.store(true, ordering: .relaxed)
            }
            control.finished.store(true, ordering: .relaxed)
        }
        thread.start()
        let library = try LayoutLibrary.load(extraDirectory: nil)
        let index = library.firstIndex { $0.name == layout } ?? 0
        DashboardSession(client: client, layouts: library, start: index).run(until: {
            control.failure.load(ordering: .relaxed) || !process.isRunning
        })
        control.stop.store(true, ordering: .relaxed)
        let deadline = Date().addingTimeInterval(6)
        while !control.finished.load(ordering: .relaxed), Date() < deadline { usleep(20_000) }
        if control.failure.load(ordering: .relaxed) || !process.isRunning {
            printError("the demo stopped: floorwatchd or the simulation failed; see \(directory)/floorwatchd.log")
            printError((try? String(contentsOfFile: directory + "/floorwatchd.log", encoding: .utf8)) ?? "")
            throw ExitCode(1)
        }
        print("floorwatch demo stopped; nothing is left running.")
    }

    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "floorwatch-demo-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ValidationError("cannot create a temporary directory") }
        return String(cString: made)
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw ValidationError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func daemonBinary() throws -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent("floorwatchd").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/floorwatchd"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ValidationError("floorwatchd not found next to floorwatch or on PATH (--daemon PATH)")
    }

    static func waitUntilServing(_ client: QueryClient, process: Process, log: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let response = try? client.get(QueryRoute.health.path), response.status == 200 { return }
            guard process.isRunning else {
                throw ValidationError(
                    "floorwatchd exited: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
        throw ValidationError("floorwatchd did not answer within 30 s")
    }
}

/// Flags between the demo's simulation thread and its dashboard loop.
final class DemoControl: Sendable {
    let stop = Atomic<Bool>(false)
    let failure = Atomic<Bool>(false)
    let finished = Atomic<Bool>(false)
}
