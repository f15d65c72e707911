import FloorCore
import FloorSimulation
import Foundation
import Testing

/// The truth test: one simulated hour of the energy retailer, outage included, through the real
/// `floorwatch simulate` into a real `floorwatchd` on the event clock, against the simulator's
/// own record of every wait and outcome.
@Suite("simulation against ground truth", .serialized)
struct SimulationTruthTests {
    static let start = RFC3339.parse("2026-03-02T09:00:00Z")!

    @Test func oneSimulatedHourMatchesTheTruth() throws {
        let daemon = try DaemonProcess(clock: "event")
        try daemon.waitUntilServing()
        let run = try QueryCommandTests.run([
            "simulate", "--profile", "energy-retailer", "--seed", "7", "--duration", "1h", "--speed", "0",
            "--to", "tcp://127.0.0.1:\(daemon.tcpPort)",
        ])
        #expect(run.status == 0, "\(run.output)")

        var simulator = ContactCenterSimulator(
            profile: .energyRetailer, start: Self.start, random: SeededGenerator(seed: 7))
        let events = simulator.run(until: Self.start + .hours(1))
        let truth = simulator.truth
        let now = try #require(events.map(\.time).max())
        let expectedOffered = truth.window(channel: .voice, length: .minutes(60), now: now, threshold: .seconds(20))
            .offered

        // Wait until the daemon has applied everything (its event clock reached the last event).
        let snapshot = try daemon.waitForSnapshot(timeout: 60) {
            ($0["generated_at"] as? String) == RFC3339.format(now)
                && (DaemonIntegrationTests.window($0, channel: "voice", "60m")["offered"] as? Int) == expectedOffered
        }
        for (label, length) in [("15m", Milliseconds.minutes(15)), ("60m", .minutes(60))] {
            for channel in [Channel.voice, .chat] {
                let threshold: Milliseconds = channel == .voice ? .seconds(20) : .seconds(60)
                let expected = truth.window(channel: channel, length: length, now: now, threshold: threshold)
                let seen = DaemonIntegrationTests.window(snapshot, channel: channel.name, label)
                let context = "\(channel.name) \(label)"
                #expect(seen["offered"] as? Int == expected.offered, "\(context) offered")
                #expect(seen["answered"] as? Int == expected.answered, "\(context) answered")
                #expect(seen["abandoned"] as? Int == expected.abandoned, "\(context) abandoned")
                #expect(seen["short_abandoned"] as? Int == expected.shortAbandoned, "\(context) short abandoned")
                #expect(expected.answered > 50, "\(context): too little traffic to mean anything")
                let serviceLevel = try #require(seen["service_level"] as? Double)
                #expect(abs(serviceLevel - (expected.serviceLevel ?? -1)) <= 0.005, "\(context) service level")
                let abandonRate = try #require(seen["abandon_rate"] as? Double)
                #expect(abs(abandonRate - (expected.abandonRate ?? -1)) <= 0.005, "\(context) abandon rate")
                let asa = try #require(seen["asa_seconds"] as? Double)
                let trueASA = (expected.averageSpeedOfAnswer ?? 0) / 1000
                #expect(abs(asa - trueASA) <= 0.005 * max(trueASA, 1), "\(context) ASA \(asa) vs \(trueASA)")
                // Percentiles come from log-linear bins documented within 0.8 %; the maximum is exact.
                for (field, fraction) in [
                    ("wait_p50_seconds", 0.5), ("wait_p90_seconds", 0.9), ("wait_p99_seconds", 0.99),
                ] {
                    let value = try #require(seen[field] as? Double)
                    let trueValue = Double(expected.waitPercentile(fraction) ?? 0) / 1000
                    #expect(abs(value - trueValue) <= 0.008 * trueValue + 0.001, "\(context) \(field)")
                }
                let maximum = try #require(seen["wait_max_seconds"] as? Double)
                #expect(abs(maximum - Double(expected.waits.max() ?? 0) / 1000) < 0.0005, "\(context) max wait")
            }
        }
        // The outage is in this hour: voice must show it.
        let voice = truth.window(channel: .voice, length: .minutes(60), now: now, threshold: .seconds(20))
        #expect((voice.serviceLevel ?? 1) < 0.8)
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
    }
}
