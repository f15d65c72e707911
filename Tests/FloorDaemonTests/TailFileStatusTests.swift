import FloorCore
import FloorQueryAPI
import Foundation
import Testing

/// A followed file that is missing or unreadable is said once in the log and shown in
/// `/v1/sources` until it can be read: an admin learns why nothing arrives.
@Suite("followed file status")
struct TailFileStatusTests {
    @Test func aMissingFileShowsInSourcesUntilItAppears() throws {
        let directory = try DaemonProcess.scratch("tail-status")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/queue_log"
        let daemon = try DaemonProcess(arguments: ["--tail", path + "=asterisk-queue-log"], clock: "event")
        try daemon.waitUntilServing()
        func connection() throws -> String? {
            let body = try HTTPOverUnixSocket.get(daemon.querySocket, "/v1/sources").body
            return try SourceDocument.array(json: body).first { $0.name.hasPrefix("file://") }?.connection
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, try connection() == nil { usleep(100_000) }
        let missing = try connection()
        #expect(missing?.hasPrefix("cannot read: missing") == true, "\(String(describing: missing))")
        try "1700000000|c1|billing|NONE|ENTERQUEUE||1001|1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let appeared = Date().addingTimeInterval(10)
        while Date() < appeared, try connection() != "reading" { usleep(100_000) }
        #expect(try connection() == "reading")
        let log = daemon.log()
        #expect(log.components(separatedBy: "cannot read the followed file").count == 2, "logged once")
    }
}
