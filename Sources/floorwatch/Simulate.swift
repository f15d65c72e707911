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

/// Encodes canonical events in a wire format.
struct EventLineEncoder {
    private var queueLog = AsteriskQueueLogEncoder()
    private var connectAgent = ConnectAgentEventEncoder()
    let format: SourceFormat

    /// The formats floorwatch can write as well as read.
    static let formats: [SourceFormat] = [.native, .asteriskQueueLog, .connectAgent]

    init(format name: String) throws {
        guard let format = SourceFormat(rawValue: name), Self.formats.contains(format) else {
            throw ValidationError("--format must be one of \(Self.formats.map(\.rawValue).joined(separator: ", "))")
        }
        self.format = format
    }

    mutating func encode(_ event: Event) -> [String] {
        switch format {
        case .asteriskQueueLog: queueLog.encode(event)
        case .connectAgent: connectAgent.encode(event)
        case .native: [NativeEncoder.encode(event)]
        // Refused by init: floorwatch writes no contact events and no AMI.
        case .connectContact, .asteriskAMI: []
        }
    }
}

/// Advances simulated time at `speed` simulated seconds per real second, in small steps, so a
/// long run never holds a day of events in memory.
struct Pacer {
    var speed: Double

    func run(from start: EventTime, to end: EventTime, step: (EventTime) throws -> Void) throws {
        let began = Self.monotonic()
        var cursor = start
        while cursor < end {
            if speed == 0 {
                cursor = min(end, cursor + .minutes(1))
            } else {
                usleep(100_000)
                let elapsed = Self.monotonic() - began
                cursor = min(end, start + Milliseconds(elapsed * speed * 1000))
            }
            try step(cursor)
        }
    }

    static func monotonic() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
