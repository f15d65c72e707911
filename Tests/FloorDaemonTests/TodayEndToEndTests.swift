import Foundation
import Testing

/// `today` in /v1/snapshot starts at local midnight in the configured site zone (here the first
/// day of Melbourne's daylight saving, 2026-10-05 00:00 AEDT = 2026-10-04T13:00Z, from zoneinfo).
@Suite("floorwatchd today in the site's zone", .serialized)
struct TodayEndToEndTests {
    @Test func todayCountsFromLocalMidnight() throws {
        let directory = try DaemonProcess.scratch("today")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let config = directory + "/floorwatchd.toml"
        try """
        [daemon]
        clock = "event"
        time_zone = "Australia/Melbourne"

        [[listener]]
        transport = "tcp"
        address = "127.0.0.1:\(port)"
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(
            arguments: ["--config", config], directory: directory, clock: "event", listenerFlags: false)
        try daemon.waitUntilServing()
        let midnight = 1_791_118_800_000
        func queued(_ id: String, _ offset: Int) -> String {
            #"{"v":1,"type":"contact.queued","time_ms":\#(midnight + offset),"contact":"\#(id)","queue":"billing","channel":"voice"}"#
                + "\n"
        }
        try daemon.sendTCP(
            queued("yesterday", -60_000) + queued("today-1", 60_000) + queued("today-2", 120_000), port: port)
        let snapshot = try daemon.waitForSnapshot {
            let voice = ($0["channels"] as? [String: Any])?["voice"] as? [String: Any]
            return voice?["in_queue"] as? Int == 3
        }
        let voice = try #require((snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any])
        #expect((voice["today"] as? [String: Any])?["offered"] as? Int == 2)
        #expect((voice["current_interval"] as? [String: Any])?["offered"] as? Int == 2)
        #expect(((voice["windows"] as? [String: Any])?["15m"] as? [String: Any])?["offered"] as? Int == 3)
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 20)
    }
}
