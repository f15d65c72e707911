import ArgumentParser
import FloorCore
import FloorProtocol
import FloorSimulation
import Foundation
import Glibc

/// `floorwatch simulate`: a simulated contact center sending its events, as native lines,
/// Asterisk queue_log lines, or to standard output. The same seed and start give byte-identical
/// output.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a simulated contact center and send its events to floorwatchd (or stdout).")

    @Option(help: "Profile: \(SimulationProfile.all.map(\.name).joined(separator: ", ")).")
    var profile = "energy-retailer"

    @Option(help: "Random seed: the same seed and start give the same day.")
    var seed: UInt64 = 1

    @Option(help: "When the simulated day starts (RFC 3339).")
    var start = Simulate.defaultStart

    @Option(help: "Simulated seconds per real second (0: as fast as possible).")
    var speed: Double = 1

    @Option(help: "How much simulated time: seconds, or a number with s, m or h.")
    var duration = "1h"

    @Option(help: "native, asterisk-queue-log (voice only) or connect-agent (Amazon Connect agent events).")
    var format = "native"

    @Option(help: "udp://HOST:PORT, tcp://HOST:PORT, or - for standard output.")
    var to = "-"

    @Flag(help: "No outage surge.")
    var noSurge = false

    static let defaultStart = "2026-03-02T09:00:00Z"

    func run() throws {
        guard var chosen = SimulationProfile.named(profile) else {
            throw ValidationError("unknown profile \(profile) (known: \(SimulationProfile.all.map(\.name)))")
        }
        if noSurge { chosen.surges = [] }
        guard let startTime = RFC3339.parse(start) else { throw ValidationError("--start must be RFC 3339") }
        guard speed >= 0 else { throw ValidationError("--speed must be 0 or more") }
        let length = try parseDuration(duration)
        var encoder = try EventLineEncoder(format: format)
        let sender = try LineSender(to)
        var simulator = ContactCenterSimulator(profile: chosen, start: startTime, random: SeededGenerator(seed: seed))
        let end = startTime + Milliseconds(length * 1000)
        try Pacer(speed: speed).run(from: startTime, to: end) { until in
            try sender.send(simulator.run(until: until).flatMap { encoder.encode($0) })
        }
        if to != "-" {
            printError("sent \(sender.linesSent) lines (\(format)) to \(to): \(length / 60) simulated minutes")
        }
    }
}
