import Foundation
import Glibc
import Synchronization
import SystemdSupport

/// The journald this test process started, stopped when the process exits.
private let startedJournald = Atomic<Int32>(0)

/// A real systemd-journald for the alert tests (SYSTEMD.md): started once per test process when
/// none answers on /run/systemd/journal/socket (a stopped one leaves the socket file behind, so
/// the probe connects), shared by every suite (they run in parallel: one suite stopping its own
/// would pull it from under another), stopped at exit; reused when one already runs.
final class Journald: @unchecked Sendable {
    private var process: Process?

    /// The shared instance (tests call `try Journald.shared()`).
    private static let instance = Result { try Journald() }

    static func shared() throws -> Journald { try instance.get() }

    private init() throws {
        if JournalWriter.isJournaldListening() { return }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        let journald = Process()
        journald.executableURL = URL(fileURLWithPath: "/lib/systemd/systemd-journald")
        journald.standardOutput = FileHandle.nullDevice
        journald.standardError = FileHandle.nullDevice
        try journald.run()
        process = journald
        startedJournald.store(journald.processIdentifier, ordering: .relaxed)
        atexit {
            let pid = startedJournald.load(ordering: .relaxed)
            if pid > 0 { kill(pid, SIGTERM) }
        }
        let deadline = Date().addingTimeInterval(10)
        while !JournalWriter.isJournaldListening() {
            guard Date() < deadline, journald.isRunning else { throw DaemonError("systemd-journald did not start") }
            usleep(20_000)
        }
    }

    /// `journalctl -o json` with field matches, one dictionary per entry.
    static func entries(_ matches: [String], extra: [String] = []) throws -> [[String: String]] {
        let output = try run("/usr/bin/journalctl", ["-o", "json", "--no-pager"] + extra + matches)
        return output.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }.map { entry in entry.compactMapValues { $0 as? String } }
    }

    /// Polls until an entry matching `matches` exists.
    static func waitForEntry(_ matches: [String], timeout: Double = 30) throws -> [String: String] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let entry = try entries(matches).last { return entry }
            usleep(100_000)
        }
        throw DaemonError("no journal entry matching \(matches) within \(timeout) s")
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
