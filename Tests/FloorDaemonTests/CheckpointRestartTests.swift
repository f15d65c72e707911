import Foundation
import Testing

/// Restarts mid-traffic keep the floor: the daemon checkpoints its whole state (and where it had
/// read each followed file to) and takes it back at start. The reference is a daemon that never
/// stopped, fed the same queue_log: after a SIGTERM nothing may differ; after `kill -9` at random
/// moments the followed file is read again from the position saved *with* the state, so once it
/// is read to the end nothing may differ either (no line counted twice, none lost).
@Suite("floorwatchd checkpoints across restarts", .serialized)
struct CheckpointRestartTests {
    /// A queue_log of `contacts` callers over two queues, in the last hour: most answered by one
    /// of 12 members, some abandoned, the last `waiting` still in the queue.
    static func queueLog(contacts: Int, waiting: Int, start: Int) -> String {
        var lines: [String] = []
        for member in 0..<12 {
            lines.append("\(start)|NONE|\(member % 2 == 0 ? "support" : "billing")|PJSIP/40\(10 + member)|ADDMEMBER|")
        }
        for id in 0..<contacts {
            let time = start + 1 + id * 3000 / max(contacts, 1)
            let queue = id % 3 == 0 ? "billing" : "support"
            let call = "restart-\(id)"
            lines.append("\(time)|\(call)|\(queue)|NONE|ENTERQUEUE||0400\(id % 1000)|1")
            guard id < contacts - waiting else { continue }
            if id % 7 == 3 {
                lines.append("\(time + 9)|\(call)|\(queue)|NONE|ABANDON|1|1|9")
            } else {
                let member = "PJSIP/40\(10 + (id % 6) * 2 + (queue == "billing" ? 1 : 0))"
                lines.append("\(time + 5)|\(call)|\(queue)|\(member)|CONNECT|5|\(call)-b|2")
                lines.append("\(time + 65)|\(call)|\(queue)|\(member)|COMPLETECALLER|5|60|1")
            }
        }
        // Sorted by time, as Asterisk writes it.
        return lines.sorted { Int($0.prefix { $0 != "|" })! < Int($1.prefix { $0 != "|" })! }
            .joined(separator: "\n") + "\n"
    }

    /// The daemon's configuration: one file followed, one TCP listener on a port fixed for the
    /// test (a restart keeps its sources, as a real configuration does).
    static func configuration(tail: String, checkpointMilliseconds: Int) -> String {
        """
        [daemon]
        clock = "event"
        checkpoint_interval_ms = \(checkpointMilliseconds)

        [[listener]]
        transport = "tcp"
        address = "127.0.0.1:\(DaemonProcess.freePort(type: Int32(SOCK_STREAM.rawValue)))"

        [[tail]]
        path = "\(tail)"
        format = "asterisk-queue-log"
        """
    }

    /// The figures a restart must keep, without what belongs to one process (the snapshot's
    /// sequence, bytes and connection facts of the transport).
    static func documents(_ daemon: DaemonProcess) throws -> [String: Any] {
        var documents: [String: Any] = [:]
        for path in ["/v1/snapshot", "/v1/intervals?from=0", "/v1/alerts", "/v1/recommendations"] {
            documents[path] = Self.withoutVolatile(try daemon.json(path))
        }
        return documents
    }

    static let volatileKeys: Set<String> = ["sequence", "bytes", "reconnects", "connection", "generated_at_wall"]

    static func withoutVolatile(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var copy: [String: Any] = [:]
            for (key, item) in object where !volatileKeys.contains(key) { copy[key] = withoutVolatile(item) }
            return copy
        }
        if let array = value as? [Any] { return array.map(withoutVolatile) }
        return value
    }

    /// Paths where two JSON trees differ (empty when equal).
    static func differences(_ left: Any, _ right: Any, path: String = "") -> [String] {
        if let a = left as? [String: Any], let b = right as? [String: Any] {
            return Set(a.keys).union(b.keys).sorted().flatMap { key -> [String] in
                guard let x = a[key], let y = b[key] else { return ["\(path)/\(key) (only on one side)"] }
                return differences(x, y, path: "\(path)/\(key)")
            }
        }
        if let a = left as? [Any], let b = right as? [Any] {
            guard a.count == b.count else { return ["\(path) (\(a.count) vs \(b.count) items)"] }
            return zip(a, b).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]") }
        }
        return (left as? NSObject) == (right as? NSObject) ? [] : ["\(path): \(left) vs \(right)"]
    }

    /// Callers offered in the last hour over every queue (the whole file is within it).
    static func offered(_ daemon: DaemonProcess) -> Int {
        guard let snapshot = try? daemon.json("/v1/snapshot"), let queues = snapshot["queues"] as? [String: Any]
        else { return -1 }
        return queues.values.reduce(0) { total, queue in
            let windows = (queue as? [String: Any])?["windows"] as? [String: Any]
            return total + ((windows?["60m"] as? [String: Any])?["offered"] as? Int ?? 0)
        }
    }

    static func waitForOffered(_ daemon: DaemonProcess, _ expected: Int, timeout: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if offered(daemon) == expected { return }
            usleep(50_000)
        }
        throw DaemonError("offered stayed at \(offered(daemon)), expected \(expected)\n\(daemon.log().suffix(3000))")
    }

    @Test func aCleanStopKeepsEveryFigureAcknowledgementAndSilence() throws {
        let directory = try DaemonProcess.scratch("sigterm")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = Int(Date().timeIntervalSince1970) - 3600
        let contacts = 3_000
        let text = Self.queueLog(contacts: contacts, waiting: 40, start: start)
        let log = directory + "/queue_log"
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        let config = directory + "/floorwatchd.toml"
        try Self.configuration(tail: log, checkpointMilliseconds: 1000).write(
            toFile: config, atomically: true, encoding: .utf8)

        let first = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/daemon", clock: "event",
            listenerFlags: false)
        try first.waitUntilServing()
        try Self.waitForOffered(first, contacts)
        // The event clock moves on only with events: one more caller 2 minutes later lets the
        // waiting callers' alert (pending since the first evaluation) outlast its `for`.
        usleep(1_200_000)
        let handle = try #require(FileHandle(forWritingAtPath: log))
        handle.seekToEndOfFile()
        handle.write(Data("\(start + 3_180)|late-1|support|NONE|ENTERQUEUE||0400|1\n".utf8))
        try handle.close()
        try Self.waitForOffered(first, contacts + 1)
        // An acknowledgement and a silence: a restart must not page again nor lift the silence.
        var firing: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        while firing.isEmpty, Date() < deadline {
            usleep(200_000)
            let alerts = try first.json("/v1/alerts")
            firing = (alerts["active"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "firing" }
        }
        let id = try #require(firing.first?["id"] as? Int, "the waiting callers fire an alert")
        let ack = try QueryCommandTests.run([
            "alerts", "ack", "\(id)", "--reason", "restart test", "--socket", first.querySocket,
        ])
        #expect(ack.status == 0, "\(ack.output)")
        let silence = try QueryCommandTests.run([
            "alerts", "silence", "--channel", "chat", "--for", "2h", "--comment", "maintenance", "--socket",
            first.querySocket,
        ])
        #expect(silence.status == 0, "\(silence.output)")
        usleep(300_000)
        let before = try Self.documents(first)
        first.terminate()
        #expect(first.waitForExit(timeout: 20)?.status == 0)
        #expect(first.logAfterExit().contains("state saved"), "\(first.logAfterExit().suffix(2000))")

        let second = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/daemon", clock: "event",
            listenerFlags: false)
        try second.waitUntilServing()
        usleep(1_500_000)
        let after = try Self.documents(second)
        #expect(second.log().contains("state restored from checkpoint"), "\(second.log().suffix(2000))")
        let alertsAfter = try second.json("/v1/alerts")
        let acknowledged = (alertsAfter["active"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == id }
        #expect((acknowledged?["acknowledged"] as? [String: Any])?["reason"] as? String == "restart test")
        #expect((alertsAfter["silences"] as? [Any])?.count == 1)
        let changed = Self.differences(before, after)
        #expect(changed.isEmpty, "\(changed.prefix(20).joined(separator: "\n"))")
        second.terminate()
        _ = second.waitForExit(timeout: 20)
    }

    /// A checkpoint that is truncated, damaged or of another version is refused with one log
    /// line and moved aside; the daemon starts fresh and rebuilds the floor from the followed
    /// file, read again from its start (so the figures come back whole).
    @Test(arguments: ["truncated", "flipped", "future version"])
    func aBadCheckpointIsMovedAsideAndTheFloorRebuilt(damage: String) throws {
        let directory = try DaemonProcess.scratch("corrupt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = Int(Date().timeIntervalSince1970) - 3600
        let log = directory + "/queue_log"
        try Self.queueLog(contacts: 500, waiting: 10, start: start).write(
            toFile: log, atomically: true, encoding: .utf8)
        let config = directory + "/floorwatchd.toml"
        try Self.configuration(tail: log, checkpointMilliseconds: 1000).write(
            toFile: config, atomically: true, encoding: .utf8)
        let first = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/daemon", clock: "event", listenerFlags: false)
        try first.waitUntilServing()
        try Self.waitForOffered(first, 500)
        first.terminate()
        _ = first.waitForExit(timeout: 20)

        let path = directory + "/daemon/state/checkpoint.bin"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count * 2 / 3))
        case "flipped": bytes[bytes.count / 2] ^= 0x5A
        default: bytes[4] &+= 1  // the version, right after the magic number
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let second = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/daemon", clock: "event", listenerFlags: false)
        try second.waitUntilServing()
        try Self.waitForOffered(second, 500)
        let text = second.log()
        #expect(text.components(separatedBy: "checkpoint refused, starting fresh").count == 2, "\(text)")
        #expect(!text.contains("state restored from checkpoint"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory + "/daemon/state")
            .filter { $0.hasPrefix("checkpoint.bin.refused-") }
        #expect(aside.count == 1, "moved aside: \(aside)")
        second.terminate()
        _ = second.waitForExit(timeout: 20)
    }

    /// `kill -9` at random moments while the daemon reads a queue_log that Asterisk keeps
    /// appending to (each trial appends the next part, so every start has a backlog to read over
    /// several slices and checkpoints), 20 times, then a start that reads it to the end: every
    /// figure equals the never-stopped daemon's. Lines after the last checkpoint are read again
    /// from the position saved with it, so none is lost and none counted twice.
    @Test func killedAtRandomMomentsItEndsWhereTheUninterruptedDaemonEnds() throws {
        let directory = try DaemonProcess.scratch("kill9")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = Int(Date().timeIntervalSince1970) - 3600
        let trials = Int(ProcessInfo.processInfo.environment["FLOORWATCH_KILL_TRIALS"] ?? "") ?? 20
        let contacts = 200_000
        let whole = Self.queueLog(contacts: contacts, waiting: 25, start: start)
        let log = directory + "/queue_log"
        try whole.write(toFile: log, atomically: true, encoding: .utf8)
        let config = directory + "/floorwatchd.toml"
        try Self.configuration(tail: log, checkpointMilliseconds: 200).write(
            toFile: config, atomically: true, encoding: .utf8)

        let reference = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/reference", clock: "event",
            listenerFlags: false)
        try reference.waitUntilServing()
        let readStarted = Date()
        try Self.waitForOffered(reference, contacts, timeout: 300)
        let readSeconds = Date().timeIntervalSince(readStarted)
        usleep(500_000)
        let expected = try Self.documents(reference)
        reference.terminate()
        _ = reference.waitForExit(timeout: 20)

        // The same lines, appended in parts: part k before trial k (cut anywhere, mid-contact).
        let bytes = Array(whole.utf8)
        var cuts = [0]
        for part in 1...trials {
            let target = bytes.count * part / (trials + 1)
            cuts.append((bytes[target...].firstIndex(of: 0x0A) ?? bytes.count - 1) + 1)
        }
        cuts.append(bytes.count)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        func append(part: Int) throws {
            let handle = try #require(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data(bytes[cuts[part]..<cuts[part + 1]]))
            try handle.close()
        }

        var random = SystemRandomNumberGenerator()
        var restoredCount = 0
        var checkpointsFound = 0
        var offeredAtKill: [Int] = []
        let checkpointPath = directory + "/trial/state/checkpoint.bin"
        let partSeconds = readSeconds / Double(trials + 1)
        for trial in 0..<trials {
            try append(part: trial)
            if FileManager.default.fileExists(atPath: checkpointPath) { checkpointsFound += 1 }
            let daemon = try DaemonProcess(
                arguments: ["--config", config], directory: directory + "/trial", clock: "event",
                listenerFlags: false)
            try daemon.waitUntilServing()
            // Once it has begun reading this start's backlog, anywhere in the read.
            let restored = Self.offered(daemon)
            let begun = Date().addingTimeInterval(5)
            while Self.offered(daemon) == restored, Date() < begun { usleep(5_000) }
            usleep(UInt32.random(in: 0...UInt32(max(20_000, partSeconds * 1_000_000)), using: &random))
            offeredAtKill.append(Self.offered(daemon))
            daemon.terminate(signal: SIGKILL)
            _ = daemon.waitForExit(timeout: 20)
            let trialLog = daemon.logAfterExit()
            if trialLog.contains("state restored from checkpoint") { restoredCount += 1 }
            if ProcessInfo.processInfo.environment["FLOORWATCH_KILL_DEBUG"] != nil {
                print(
                    "trial \(trial): \(trialLog.split(separator: "\n").filter { !$0.contains("alert") }.joined(separator: "\n"))"
                )
            }
        }
        try append(part: trials)
        let last = try DaemonProcess(
            arguments: ["--config", config], directory: directory + "/trial", clock: "event", listenerFlags: false)
        try last.waitUntilServing()
        try Self.waitForOffered(last, contacts, timeout: 300)
        usleep(500_000)
        let actual = Self.withoutPaceDependent(try Self.documents(last))
        let changed = Self.differences(Self.withoutPaceDependent(expected), actual)
        // Alert ids are never reused across the restarts: every id in the history is distinct.
        let history = (try last.json("/v1/alerts")["history"] as? [[String: Any]] ?? [])
        let firings = history.filter { $0["transition"] as? String == "firing" }.compactMap { $0["id"] as? Int }
        #expect(Set(firings).count == firings.count, "alert ids reused: \(firings)")
        #expect(changed.isEmpty, "\(changed.prefix(20).joined(separator: "\n"))")
        // Every start that found a checkpoint restored it (a trial killed before its first
        // checkpoint leaves none for the next).
        #expect(
            restoredCount == checkpointsFound && restoredCount >= trials / 2,
            "restored \(restoredCount) of \(checkpointsFound)")
        let killedMidRead = offeredAtKill.filter { $0 >= 0 && $0 < contacts }.count
        print(
            "kill -9: \(trials) trials (\(killedMidRead) killed while offered < \(contacts)), offered when killed: "
                + "\(offeredAtKill), restored \(restoredCount) times; reference read in \(readSeconds) s; "
                + "differences after the final read: \(changed.count)")
        last.terminate()
        _ = last.waitForExit(timeout: 20)
    }

    /// Alerts and recommendations are evaluated on snapshots taken once a wall second (rules)
    /// or every interval of event time at a tick (recommender): during a replay, which moments
    /// they see depends on the read's pace, in any two runs, stopped or not. The figures do not.
    static func withoutPaceDependent(_ documents: [String: Any]) -> [String: Any] {
        documents.filter { $0.key == "/v1/snapshot" || $0.key.hasPrefix("/v1/intervals") }
    }

    static func without(_ keys: Set<String>, in value: Any) -> Any {
        if let object = value as? [String: Any] {
            var copy: [String: Any] = [:]
            for (key, item) in object where !keys.contains(key) { copy[key] = without(keys, in: item) }
            return copy
        }
        if let array = value as? [Any] { return array.map { without(keys, in: $0) } }
        return value
    }
}
