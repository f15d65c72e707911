import Foundation
import Testing

/// `floorwatch staffing` as WFM people run it: the real binary, stdout and stderr apart.
@Suite("floorwatch staffing")
struct StaffingCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
            .appendingPathComponent("floorwatch")
        process.arguments = ["staffing"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func publishedWorkedExample() throws {
        let result = try Self.run([
            "--calls", "100", "--interval", "30m", "--aht", "180", "--target", "80/20", "--shrinkage", "0.3", "--json",
        ])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let json = try Self.object(result.stdout)
        #expect(json["agents"] as? Int == 14)
        #expect(json["scheduled_agents"] as? Int == 20)
        #expect(abs((json["service_level"] as? Double ?? 0) - 0.88835) < 5e-6)
        #expect(abs((json["asa_seconds"] as? Double ?? 0) - 7.835937) < 5e-7)
        #expect(abs((json["probability_wait"] as? Double ?? 0) - 0.1741319) < 5e-8)
        #expect(json["abandon_rate"] as? Double == 0)
        #expect(abs((json["occupancy"] as? Double ?? 0) - 0.7142857) < 5e-8)
    }

    @Test func intervalUnitsAgree() throws {
        var outputs: Set<String> = []
        for interval in ["1800", "1800s", "30m", "0.5h"] {
            let result = try Self.run([
                "--calls", "100", "--interval", interval, "--aht", "180", "--agents", "13", "--json",
            ])
            outputs.insert(result.stdout)
        }
        #expect(outputs.count == 1)
        let json = try Self.object(outputs.first ?? "")
        #expect(abs((json["service_level"] as? Double ?? 0) - 0.79559) < 5e-6)
    }

    @Test func unstableInputsAreExplainedNotGarbage() throws {
        let result = try Self.run(["--calls", "5", "--interval", "1s", "--aht", "1", "--agents", "4", "--json"])
        #expect(result.status == 0)
        let json = try Self.object(result.stdout)
        #expect(json["probability_wait"] as? Double == 1)
        #expect(json["service_level"] as? Double == 0)
        #expect(json["asa_seconds"] is NSNull)
        #expect(result.stderr.contains("unstable"))
    }

    @Test func erlangAWithAbandonmentCapAndTheFloatTrap() throws {
        let patient = try Self.object(
            Self.run([
                "--calls", "100", "--interval", "30m", "--aht", "180", "--target", "80/20", "--patience", "60",
                "--max-abandon", "0.02", "--json",
            ]).stdout)
        #expect(patient["agents"] as? Int == 15)
        #expect(patient["model"] as? String == "erlang_a")
        #expect((patient["abandon_rate"] as? Double ?? 1) <= 0.02)
        // A = 21 (21 calls an hour of 3600 s), 70 % occupancy cap, 30 % shrinkage: 30 and 43.
        let trap = try Self.object(
            Self.run([
                "--calls", "21", "--interval", "1h", "--aht", "3600", "--max-occupancy", "0.7", "--shrinkage", "0.3",
                "--json",
            ]).stdout)
        #expect(trap["agents"] as? Int == 30)
        #expect(trap["scheduled_agents"] as? Int == 43)
    }

    @Test func badInputIsRefused() throws {
        let result = try Self.run(["--calls", "100", "--interval", "soon", "--aht", "180"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a duration"))
        let shrinkage = try Self.run(["--calls", "100", "--interval", "30m", "--aht", "180", "--shrinkage", "1"])
        #expect(shrinkage.status != 0)
    }

    @Test func humanReadableByDefault() throws {
        let result = try Self.run(["--calls", "100", "--interval", "30m", "--aht", "180", "--target", "80/20"])
        #expect(result.stdout.contains("14 productive"))
        #expect(result.stdout.contains("88.8 %"))
    }
}
