import Foundation
import Glibc
import Testing

/// A queue_log backlog far larger than one read (the first start on a busy center's file) is
/// read in slices: the engine loop keeps ticking, so systemd's watchdog keeps being fed and the
/// query socket answers, and every line is counted exactly once across the slice boundaries.
@Suite("floorwatchd queue_log catch-up", .serialized)
struct TailCatchUpTests {
    /// Writes `pairs` callers who queue and hang up, all inside the last hour (at least a
    /// thousand per second of queue_log time), in chunks: the 2 GB run does not fit in memory.
    static func writeBacklog(pairs: Int, to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let perSecond = max(1000, pairs / 3000)
        let start = 1_795_597_200
        var text = ""
        for id in 0..<pairs {
            let time = start + id / perSecond
            text += "\(time)|backlog-\(id)|support|NONE|ENTERQUEUE||7000\(id % 100)|1\n"
            text += "\(time)|backlog-\(id)|support|NONE|ABANDON|1|1|0\n"
            if text.utf8.count > 8 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Watchdog pings as they arrive, each with the time it came.
    final class WatchdogLog: @unchecked Sendable {
        private let descriptor: Int32
        let path: String
        private let lock = NSLock()
        private var times: [Date] = []
        private var running = true

        init(directory: String) throws {
            path = directory + "/notify.sock"
            descriptor = try NotifySocket.bind(path, receiveTimeoutMicroseconds: 50_000)
            Thread.detachNewThread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while lock.withLock({ running }) {
                    let count = recv(descriptor, &buffer, buffer.count, 0)
                    guard count > 0 else { continue }
                    if String(decoding: buffer[0..<count], as: UTF8.self).contains("WATCHDOG=1") {
                        let now = Date()
                        lock.withLock { times.append(now) }
                    }
                }
            }
        }

        func pings(from start: Date, to end: Date) -> [Date] {
            lock.withLock { times.filter { $0 >= start && $0 <= end } }
        }

        func stop() {
            lock.withLock { running = false }
            usleep(100_000)
            close(descriptor)
            unlink(path)
        }
    }

    @Test func aLargeBacklogIsReadInSlicesWhileTheWatchdogIsFed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fw-catchup-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // About 36 MB: dozens of slices, several seconds of applying in a debug build.
        // FLOORWATCH_CATCHUP_PAIRS=24000000 with a release FLOORWATCHD_BINARY makes the 2 GB run.
        let pairs = ProcessInfo.processInfo.environment["FLOORWATCH_CATCHUP_PAIRS"].flatMap { Int($0) } ?? 400_000
        let log = directory + "/queue_log"
        try Self.writeBacklog(pairs: pairs, to: log)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        let watchdog = try WatchdogLog(directory: directory)
        defer { watchdog.stop() }
        let started = Date()
        let daemon = try DaemonProcess(
            arguments: ["--tail", "\(log)=asterisk-queue-log"],
            environment: ["NOTIFY_SOCKET": watchdog.path, "WATCHDOG_USEC": "2000000"],
            directory: directory + "/daemon", clock: "event")
        try daemon.waitUntilServing(timeout: 60)

        // The query socket answers during the catch-up, with the count still rising.
        var answeredMidway = false
        var offered = 0
        let deadline = Date().addingTimeInterval(max(120, Double(pairs) / 20_000))
        while Date() < deadline {
            let snapshot = try daemon.json("/v1/snapshot")
            let queue = (snapshot["queues"] as? [String: Any])?["support"] as? [String: Any]
            offered = ((queue?["windows"] as? [String: Any])?["60m"] as? [String: Any])?["offered"] as? Int ?? 0
            if offered > 0, offered < pairs { answeredMidway = true }
            if offered >= pairs { break }
            usleep(20_000)
        }
        let finished = Date()
        #expect(offered == pairs, "every line counted once across slices")
        #expect(answeredMidway, "the query socket answered while the backlog was being read")

        let logText = daemon.log()
        #expect(logText.contains("catching up on the followed file"), "\(logText.suffix(2000))")
        // The watchdog (every second for WatchdogSec=2 s) kept coming: no gap close to 2 s.
        let pings = watchdog.pings(from: started, to: finished)
        let gaps = zip(pings.dropFirst(), pings).map { $0.timeIntervalSince($1) }
        #expect(!pings.isEmpty)
        #expect((gaps.max() ?? 0) < 1.9, "largest watchdog gap \(gaps.max() ?? 0) s over \(pings.count) pings")
        let holds = logText.split(separator: "\n").filter { $0.contains("checkpoint capture held") }
        print(
            "checkpoint captures over 100 ms: \(holds.count) \(holds.suffix(3))\n"
                + "catch-up: \(fileBytes) bytes, \(pairs) contacts in \(finished.timeIntervalSince(started)) s, "
                + "\(pings.count) watchdog pings, largest gap \(gaps.max() ?? 0) s")
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 10)
    }
}
