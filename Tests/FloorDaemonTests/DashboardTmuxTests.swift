import Foundation
import Glibc
import Testing

/// The real `floorwatch dash` in tmux against a running floorwatchd: the screen is read with
/// `capture-pane -pJ` and polled, never slept on; then the window is resized and read again.
@Suite("floorwatch dash in tmux", .serialized)
struct DashboardTmuxTests {
    /// A private tmux server for the tests (`-L`), apart from anyone's own sessions.
    static let server = "floorwatch-test-\(getpid())"

    /// Runs tmux with posix_spawn and waitpid, output through a file: the first command starts
    /// the tmux server, which inherits the client's descriptors (a pipe would never reach EOF)
    /// and outlives it (Foundation's Process did not return from waitUntilExit then).
    static func tmux(_ arguments: [String]) -> (status: Int32, output: String) {
        let path = NSTemporaryDirectory() + "tmux-\(UUID().uuidString.prefix(8)).out"
        defer { try? FileManager.default.removeItem(atPath: path) }
        defer { unlink(path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = (["/usr/bin/tmux", "-L", server] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The test process blocks signals its children inherit through spawn: a tmux server
        // started with SIGTERM blocked ignores its own `kill-server` and outlives the tests.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, environ) == 0 else {
            return (-1, "cannot start tmux")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, output)
    }

    /// Polls the pane until `condition` holds on its text.
    static func waitForScreen(
        _ session: String, timeout: Double = 20, _ condition: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var lines: [String] = []
        while Date() < deadline {
            lines = tmux(["capture-pane", "-t", session, "-pJ"]).output.split(
                separator: "\n", omittingEmptySubsequences: false
            ).map(String.init)
            if condition(lines) { return lines }
            usleep(100_000)
        }
        throw DaemonError("the screen never matched; last:\n\(lines.joined(separator: "\n"))")
    }

    @Test func supervisorLayoutShowsTheFiguresAndFollowsAResize() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (apt-get install tmux)")
            return
        }
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        let tag = UUID().uuidString.prefix(6).lowercased()
        let queue = "billing-\(tag)"
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        try daemon.sendTCP(
            [
                line(#""type":"agent.login","agent":"a7","name":"Ana Lopez","team":"Billing""#, 120),
                line(#""type":"agent.state","agent":"a7","state":"away","reason":"lunch""#, 90),
                line(#""type":"contact.queued","contact":"c1\#(tag)","queue":"\#(queue)","channel":"voice""#, 75),
                line(#""type":"contact.queued","contact":"c2\#(tag)","queue":"\#(queue)","channel":"voice""#, 50),
                line(#""type":"contact.queued","contact":"c3\#(tag)","queue":"\#(queue)","channel":"voice""#, 10),
                line(#""type":"contact.queued","contact":"c4\#(tag)","queue":"\#(queue)","channel":"voice""#, 40),
                line(#""type":"contact.ended","contact":"c4\#(tag)","reason":"abandoned""#, 30),
            ].joined(separator: "\n") + "\n")
        let session = "floorwatch-dash-\(tag)"
        let binary = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent()
            .appendingPathComponent("floorwatch").path
        let started = Self.tmux([
            "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
            "\(binary) dash --layout supervisor --socket \(daemon.querySocket)",
        ])
        #expect(started.status == 0, "\(started.output)")
        defer { _ = Self.tmux(["kill-server"]) }

        // The queue row: voice, 3 waiting, the oldest for at least 75 s (the wall clock runs on),
        // 4 offered, 0 answered, 1 abandoned; Ana Lopez away on lunch.
        let wide = try Self.waitForScreen(session) { lines in
            lines.contains { $0.hasPrefix(" \(queue)") } && lines.contains { $0.contains("Ana Lopez") }
        }
        let row = try #require(wide.first { $0.hasPrefix(" \(queue)") })
        let cells = row.split(separator: " ").map(String.init)
        #expect(cells.count >= 10, "\(row)")
        if cells.count >= 10 {
            #expect(cells[1] == "voice")
            #expect(cells[2] == "3")
            #expect((Int(cells[3]) ?? 0) >= 75 && cells[4] == "s" || cells[4] == "min", "\(row)")
            #expect(cells[5...].starts(with: ["100", "%", "4", "0", "1"]), "\(row)")
        }
        let agent = try #require(wide.first { $0.contains("Ana Lopez") })
        #expect(agent.contains("away") && agent.contains("lunch") && agent.contains("Billing"))
        #expect(wide.contains { $0.contains("floorwatch · supervisor") })
        // The voice alert fires after its 10 s `for` and shows in the ticker.
        _ = try Self.waitForScreen(session) { lines in
            lines.contains { $0.contains("oldest contact has waited") && $0.contains(queue) }
        }

        _ = Self.tmux(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        let narrow = try Self.waitForScreen(session) { lines in
            lines.allSatisfy { $0.count <= 80 } && lines.contains { $0.hasPrefix(" \(queue)") && $0.contains(" 3 ") }
                && !lines.contains { $0.count > 80 } && lines.first?.contains("supervisor") == true
        }
        #expect(narrow.allSatisfy { $0.count <= 80 })

        // q quits and gives the terminal back (the pane's command exits).
        _ = Self.tmux(["send-keys", "-t", session, "q"])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, Self.tmux(["has-session", "-t", session]).status == 0 { usleep(100_000) }
        #expect(Self.tmux(["has-session", "-t", session]).status != 0)
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
    }
}

@Suite("Grafana dashboard")
struct GrafanaDashboardTests {
    @Test func everyPanelQueriesAMetricTheDaemonExports() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dashboards/grafana/floorwatch.json")
        let dashboard = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        let panels = dashboard["panels"] as? [[String: Any]] ?? []
        #expect(panels.count >= 10)
        var wanted: Set<String> = []
        for panel in panels {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let expression = target["expr"] as? String ?? ""
                for word in expression.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
                where word.hasPrefix("floorwatch_") {
                    wanted.insert(String(word))
                }
            }
        }
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        // A floor with figures behind every ratio (absent without data): an agent, an answered
        // call with handle time, a line the decoder rejects.
        let line = { DaemonIntegrationTests.line($0, secondsAgo: $1) }
        try daemon.sendTCP(
            [
                line(#""type":"agent.login","agent":"a1""#, 120),
                line(#""type":"contact.queued","contact":"g1","queue":"billing","channel":"voice""#, 100),
                line(#""type":"contact.connected","contact":"g1","agent":"a1""#, 90),
                line(#""type":"contact.ended","contact":"g1","reason":"completed""#, 30),
                "not json",
            ].joined(separator: "\n") + "\n")
        var exported: Set<String> = []
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let metrics = try HTTPOverUnixSocket.get(daemon.querySocket, "/metrics").body
            exported = Set(
                metrics.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.compactMap {
                    $0.split(separator: " ").dropFirst(2).first.map(String.init)
                })
            if wanted.isSubset(of: exported) { break }
            usleep(200_000)
        }
        #expect(!wanted.isEmpty)
        #expect(wanted.subtracting(exported).isEmpty, "not exported: \(wanted.subtracting(exported).sorted())")
        daemon.terminate()
        _ = daemon.waitForExit(timeout: 5)
    }
}
