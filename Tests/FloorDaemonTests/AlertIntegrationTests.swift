import FloorAlerting
import FloorCore
import Foundation
import Glibc
import Testing

@testable import FloorDaemon

/// Alerts end to end: the real floorwatchd driven into an alert by events, a real journald read
/// back with journalctl, the message catalog through `journalctl -x`, acknowledgement with the
/// `floorwatch` client, and a real Prometheus Alertmanager.
@Suite("alerts end to end", .serialized)
struct AlertIntegrationTests {
    static func line(_ fields: String, _ secondsAgo: Double) -> String {
        DaemonIntegrationTests.line(fields, secondsAgo: secondsAgo)
    }

    /// The default voice rule with `for` shortened to 1 s so the test does not wait 10.
    static func configuration(_ directory: String, extra: String = "") throws -> String {
        let path = directory + "/alerts.toml"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        [alerts]
        journald = "on"
        \(extra)
        [alerts.rules.voice_oldest_wait]
        for_seconds = 1
        [alerts.rules.voice_no_agent_available]
        enabled = false
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func uniqueQueue() -> String { "billing-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test func journaldEntriesCarryEveryFieldAndTheCatalogExplainsThem() throws {
        let journald = try Journald.shared()
        let directory = NSTemporaryDirectory() + "floorwatch-alerts-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let daemon = try DaemonProcess(arguments: ["--config", try Self.configuration(directory)])
        try daemon.waitUntilServing()
        let queue = Self.uniqueQueue()
        try daemon.sendTCP(
            Self.line(#""type":"contact.queued","contact":"c-\#(queue)","queue":"\#(queue)","channel":"voice""#, 200)
                + "\n")

        let firing = try Journald.waitForEntry(["FLOORWATCH_QUEUE=\(queue)", "FLOORWATCH_STATE=firing"])
        #expect(firing["MESSAGE_ID"] == JournalMessageIDs.byKind["oldest_wait"]?.firing)
        #expect(firing["PRIORITY"] == "2")
        #expect(firing["SYSLOG_IDENTIFIER"] == "floorwatchd")
        #expect(firing["FLOORWATCH_ALERT"] == "voice_oldest_wait")
        #expect(firing["FLOORWATCH_SEVERITY"] == "critical")
        #expect(firing["FLOORWATCH_CHANNEL"] == "voice")
        #expect(firing["FLOORWATCH_THRESHOLD"] == "120")
        #expect(firing["FLOORWATCH_WINDOW"] == "now")
        let value = Double(firing["FLOORWATCH_VALUE"] ?? "") ?? 0
        #expect(value >= 200 && value < 260)
        let since = RFC3339.parse(firing["FLOORWATCH_SINCE"] ?? "")
        #expect(since != nil)
        let message = firing["MESSAGE"] ?? ""
        #expect(message.hasPrefix("\(queue) (voice): oldest contact has waited "))
        #expect(message.hasSuffix(" s (critical above 120 s)"))
        let id = try #require(firing["FLOORWATCH_ALERT_ID"].flatMap { Int64($0) })

        // Acknowledged with the client: the daemon records who from the socket's peer credentials.
        let ack = try QueryCommandTests.run([
            "alerts", "ack", "\(id)", "--reason", "carrier outage", "--socket", daemon.querySocket,
        ])
        #expect(ack.status == 0)
        #expect(ack.output.contains("uid \(getuid())"))
        let listed = try QueryCommandTests.run(["alerts", "--socket", daemon.querySocket])
        #expect(listed.output.contains("#\(id) CRITICAL  voice_oldest_wait"))
        #expect(listed.output.contains("carrier outage"))

        // Answered: the oldest wait drops below the clear threshold and the entry resolves.
        try daemon.sendTCP(
            Self.line(#""type":"contact.connected","contact":"c-\#(queue)","agent":"a1""#, 0) + "\n")
        let resolved = try Journald.waitForEntry(["FLOORWATCH_QUEUE=\(queue)", "FLOORWATCH_STATE=resolved"])
        #expect(resolved["MESSAGE_ID"] == JournalMessageIDs.byKind["oldest_wait"]?.resolved)
        #expect(resolved["PRIORITY"] == "5")
        #expect(resolved["FLOORWATCH_ALERT_ID"] == "\(id)")
        #expect(resolved["FLOORWATCH_SINCE"] == firing["FLOORWATCH_SINCE"])
        #expect(resolved["FLOORWATCH_THRESHOLD"] == "45")
        #expect((resolved["MESSAGE"] ?? "").contains("resolved"))
        let history = try daemon.json("/v1/alerts")["history"] as? [[String: Any]] ?? []
        #expect(history.compactMap { $0["transition"] as? String }.prefix(3) == ["resolved", "acknowledged", "firing"])

        // The catalog: `journalctl -x` adds the explanation with the fields substituted.
        if getuid() == 0 {
            let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("systemd/floorwatch.catalog")
            try FileManager.default.createDirectory(
                atPath: "/usr/lib/systemd/catalog", withIntermediateDirectories: true)
            _ = try? FileManager.default.removeItem(atPath: "/usr/lib/systemd/catalog/floorwatch.catalog")
            try FileManager.default.copyItem(
                atPath: catalog.path, toPath: "/usr/lib/systemd/catalog/floorwatch.catalog")
            _ = try Journald.run("/usr/bin/journalctl", ["--update-catalog"])
            let explained = try Journald.run(
                "/usr/bin/journalctl", ["-x", "--no-pager", "FLOORWATCH_QUEUE=\(queue)", "FLOORWATCH_STATE=firing"])
            #expect(explained.contains("floorwatch alert firing: a contact has waited too long in queue \(queue)"))
            #expect(explained.contains("floorwatch alerts ack \(id)"))
        }
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
        withExtendedLifetime(journald) {}
    }

    @Test func alertmanagerReceivesAndResolvesTheAlert() throws {
        let manager = try Alertmanager()
        let directory = NSTemporaryDirectory() + "floorwatch-am-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try Self.configuration(
            directory, extra: "webhook_url = \"http://127.0.0.1:\(manager.port)\"\nwebhook_resend_seconds = 5")
        let daemon = try DaemonProcess(arguments: ["--config", config])
        try daemon.waitUntilServing()
        let queue = Self.uniqueQueue()
        try daemon.sendTCP(
            Self.line(#""type":"contact.queued","contact":"c-\#(queue)","queue":"\#(queue)","channel":"voice""#, 90)
                + "\n")
        let alert = try manager.waitForAlert { ($0["labels"] as? [String: String])?["queue"] == queue }
        let labels = alert["labels"] as? [String: String] ?? [:]
        #expect(labels["alertname"] == "voice_oldest_wait")
        #expect(labels["severity"] == "warning")
        #expect(labels["channel"] == "voice")
        #expect(labels["kind"] == "oldest_wait")
        let annotations = alert["annotations"] as? [String: String] ?? [:]
        #expect((annotations["summary"] ?? "").hasPrefix("\(queue) (voice): "))
        #expect((annotations["summary"] ?? "").contains("(warning above 60 s)"))
        #expect(annotations["threshold"] == "60")
        #expect((alert["status"] as? [String: Any])?["state"] as? String == "active")

        try daemon.sendTCP(
            Self.line(#""type":"contact.connected","contact":"c-\#(queue)","agent":"a1""#, 0) + "\n")
        try manager.waitUntilGone { ($0["labels"] as? [String: String])?["queue"] == queue }
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
    }
}

extension AlertIntegrationTests {
    @Test func alertsFiredWhileAlertmanagerIsDownArriveWhenItComesUp() throws {
        // The port is chosen first; Alertmanager starts there only after the alert has fired.
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let directory = NSTemporaryDirectory() + "floorwatch-am-retry-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try Self.configuration(directory, extra: "webhook_url = \"http://127.0.0.1:\(port)\"")
        let daemon = try DaemonProcess(arguments: ["--config", config])
        try daemon.waitUntilServing()
        let queue = Self.uniqueQueue()
        try daemon.sendTCP(
            Self.line(#""type":"contact.queued","contact":"c-\#(queue)","queue":"\#(queue)","channel":"voice""#, 90)
                + "\n")
        let deadline = Date().addingTimeInterval(20)
        var firing = false
        while Date() < deadline, !firing {
            let active = try daemon.json("/v1/alerts")["active"] as? [[String: Any]] ?? []
            firing = active.contains { $0["queue"] as? String == queue && $0["state"] as? String == "firing" }
            if !firing { usleep(100_000) }
        }
        #expect(firing)
        let manager = try Alertmanager(port: port)
        let alert = try manager.waitForAlert(timeout: 60) { ($0["labels"] as? [String: String])?["queue"] == queue }
        #expect((alert["labels"] as? [String: String])?["alertname"] == "voice_oldest_wait")
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
    }
}

/// Debian's prometheus-alertmanager on a free loopback port (TESTING-TOOLS.md).
final class Alertmanager: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let directory = NSTemporaryDirectory() + "alertmanager-\(UUID().uuidString.prefix(8))"

    init(port: Int = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))) throws {
        self.port = port
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        route:
          receiver: "null"
        receivers:
          - name: "null"
        """.write(toFile: directory + "/alertmanager.yml", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus-alertmanager")
        process.arguments = [
            "--config.file=\(directory)/alertmanager.yml", "--storage.path=\(directory)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while (try? HTTPOverUnixSocket.getTCP(port: port, "/-/ready"))?.status != 200 {
            guard Date() < deadline, process.isRunning else { throw DaemonError("alertmanager did not start") }
            usleep(50_000)
        }
    }

    deinit {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func alerts() throws -> [[String: Any]] {
        let response = try HTTPOverUnixSocket.getTCP(port: port, "/api/v2/alerts")
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [[String: Any]] ?? []
    }

    func waitForAlert(timeout: Double = 30, _ matches: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let alert = try alerts().first(where: matches) { return alert }
            usleep(100_000)
        }
        throw DaemonError("Alertmanager never showed the alert")
    }

    func waitUntilGone(timeout: Double = 30, _ matches: ([String: Any]) -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !(try alerts().contains(where: matches)) { return }
            usleep(100_000)
        }
        throw DaemonError("Alertmanager still shows the alert as active")
    }
}
