import FloorCore
import Foundation
import Testing

/// Who may change what: on the query socket the kiosk account of a wall screen reads the floor
/// but cannot silence it; over TCP only the write token writes. The peers are real: a process
/// running as `nobody` (setpriv) and curl over TCP.
@Suite("query write permission", .serialized)
struct WriteAccessTests {
    static func curl(_ arguments: [String], as user: (String, String)? = nil) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let prefix = user.map { ["setpriv", "--reuid=\($0.0)", "--regid=\($0.1)", "--clear-groups"] } ?? []
        process.arguments = prefix + ["curl", "-s", "--max-time", "5", "-o", "-", "-w", "\n%{http_code}"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    static let silence = #"{"channel":"email","duration_seconds":600,"comment":"test"}"#

    @Test func onTheSocketOnlyTheWriteGroupAndRootChangeThings() throws {
        let directory = try DaemonProcess.scratch("write-access")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The socket's group reads (nogroup: nobody's primary group); the write group is another.
        let config = directory + "/floorwatchd.toml"
        try "[query]\nsocket_group = \"nogroup\"\nwrite_group = \"floorwatch-test-writers\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        // nobody must reach the socket: its directory is searchable by all.
        chmod(directory, 0o755)
        let daemon = try DaemonProcess(arguments: ["--config", config], querySocket: directory + "/query.sock")
        try daemon.waitUntilServing()
        let socket = ["--unix-socket", daemon.querySocket]
        let read = try Self.curl(socket + ["http://localhost/v1/alerts"], as: ("nobody", "nogroup"))
        #expect(read.status == 200)
        let refused = try Self.curl(
            socket + ["-X", "POST", "-d", Self.silence, "http://localhost/v1/silences"], as: ("nobody", "nogroup"))
        #expect(refused.status == 403, "\(refused)")
        #expect(refused.body.contains("floorwatch-test-writers"))
        #expect(try Self.curl(socket + ["http://localhost/v1/silences"]).body == "[]", "nothing was silenced")
        // Root writes.
        let created = try Self.curl(socket + ["-X", "POST", "-d", Self.silence, "http://localhost/v1/silences"])
        #expect(created.status == 201, "\(created)")
        // A refusal is logged, once.
        #expect(daemon.log().contains("query request refused"))
    }

    @Test func overTCPOnlyTheWriteTokenWrites() throws {
        let directory = try DaemonProcess.scratch("write-token")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let readToken = String(repeating: "r", count: 40)
        let writeToken = String(repeating: "w", count: 40)
        try readToken.write(toFile: directory + "/read", atomically: true, encoding: .utf8)
        try writeToken.write(toFile: directory + "/write", atomically: true, encoding: .utf8)
        let port = DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue))
        let daemon = try DaemonProcess(arguments: [
            "--query-tcp", "127.0.0.1:\(port)", "--query-token-file", directory + "/read",
            "--query-write-token-file", directory + "/write",
        ])
        try daemon.waitUntilServing()
        let url = "http://127.0.0.1:\(port)/v1/silences"
        func bearer(_ token: String) -> [String] { ["-H", "Authorization: Bearer \(token)"] }
        #expect(try Self.curl([url]).status == 401)
        #expect(try Self.curl(bearer(readToken) + [url]).status == 200)
        #expect(try Self.curl(bearer(writeToken) + [url]).status == 200, "the write token reads too")
        let withReadToken = try Self.curl(bearer(readToken) + ["-X", "POST", "-d", Self.silence, url])
        #expect(withReadToken.status == 403, "\(withReadToken)")
        let withWriteToken = try Self.curl(bearer(writeToken) + ["-X", "POST", "-d", Self.silence, url])
        #expect(withWriteToken.status == 201, "\(withWriteToken)")
        // An end time is bounded like a duration.
        let forever = #"{"channel":"voice","ends_at":"9999-01-01T00:00:00Z"}"#
        #expect(try Self.curl(bearer(writeToken) + ["-X", "POST", "-d", forever, url]).status == 409)
    }
}
