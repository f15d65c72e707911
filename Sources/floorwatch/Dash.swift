import ArgumentParser
import FloorCore
import FloorDashboard
import FloorProtocol
import FloorQueryAPI
import Foundation
import Glibc
import Synchronization

/// `floorwatch dash`: the wall dashboard. Follows `/v1/stream` on the query socket (or the TCP
/// query port with its token), draws full-screen, reconnects by itself.
struct Dash: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The wall dashboard: live tiles per channel, alerts and recommended moves (q quits, l next layout).")

    @OptionGroup var connection: DaemonConnection

    @Option(help: "Layout name (a file NAME.json in the layouts directories).")
    var layout = "wallboard"

    @Option(help: "Extra directory with layout files (searched first).")
    var layouts: String?

    func run() throws {
        let library = try LayoutLibrary.load(extraDirectory: layouts)
        guard let start = library.firstIndex(where: { $0.name == layout }) else {
            throw ValidationError("no layout named \(layout) (found: \(library.map(\.name).joined(separator: ", ")))")
        }
        let session = DashboardSession(
            client: try connection.client(), layouts: library, start: start)
        session.run(until: { false })
    }
}

/// Layouts from files (`--layouts DIR`, `$FLOORWATCH_DASHBOARDS`, `./Dashboards`,
/// `/usr/share/floorwatch/dashboards`), then the compiled-in defaults; the first of a name wins.
enum LayoutLibrary {
    static func load(extraDirectory: String?) throws -> [DashboardLayout] {
        var directories = [extraDirectory, ProcessInfo.processInfo.environment["FLOORWATCH_DASHBOARDS"]].compactMap {
            $0
        }
        directories += ["Dashboards", "/usr/share/floorwatch/dashboards"]
        var layouts: [DashboardLayout] = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".json") {
                let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                do {
                    let layout = try DashboardLayout.parse(text)
                    if !layouts.contains(where: { $0.name == layout.name }) { layouts.append(layout) }
                } catch {
                    throw ValidationError("\(directory)/\(file): \(error)")
                }
            }
        }
        for (_, json) in DefaultLayouts.files {
            let layout = try DashboardLayout.parse(json)
            if !layouts.contains(where: { $0.name == layout.name }) { layouts.append(layout) }
        }
        return layouts
    }
}

/// The dashboard's loop: connection, data, keys, signals, drawing.
final class DashboardSession {
    let client: QueryClient
    let layouts: [DashboardLayout]
    private var index: Int
    private var input = DashboardInput()
    private var stream: EventStream?
    private var lastData: Double?
    private var nextConnect = 0.0
    private var nextAgents = 0.0
    private var nextForecast = 0.0
    private var nextRules = 0.0
    private var failure = "not connected yet"
    let color = ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true

    init(client: QueryClient, layouts: [DashboardLayout], start: Int) {
        self.client = client
        self.layouts = layouts
        index = start
    }

    /// Runs until `q`, SIGINT/SIGTERM, or `stop()` returns true; the terminal is restored after.
    func run(until stop: () -> Bool) {
        let terminal = Terminal()
        defer { terminal.restore() }
        var full = true
        var lastDraw = 0.0
        while !terminalQuit.load(ordering: .relaxed), !stop() {
            let now = Pacer.monotonic()
            connectIfNeeded(now)
            var changed = read(now)
            changed = fetch(now) || changed
            switch terminal.key() {
            case "q", "Q": return
            case "l", "L":
                index = (index + 1) % layouts.count
                full = true
            default: break
            }
            if terminalResized.exchange(false, ordering: .relaxed) { full = true }
            if changed || full || now - lastDraw >= 1 {
                input.connection = connectionState(now)
                input.clock = Self.clock(input.snapshot)
                input.source = "\(index + 1)/\(layouts.count) (l: next, q: quit)"
                let size = terminal.size()
                let frame = DashboardRenderer.render(
                    input, layout: layouts[index], width: size.width, height: size.height, color: color)
                terminal.draw(frame, full: full)
                full = false
                lastDraw = now
            }
            waitForData(timeout: 200)
        }
    }

    private func connectIfNeeded(_ now: Double) {
        guard stream == nil || stream?.closed == true, now >= nextConnect else { return }
        stream = nil
        do {
            stream = try EventStream(client: client)
            nextRules = now
            nextAgents = now
            nextForecast = now
        } catch {
            failure = "\(error)"
            nextConnect = now + 2
        }
    }

    private func read(_ now: Double) -> Bool {
        guard let stream else { return false }
        let events = stream.read()
        if stream.closed {
            failure = "the connection closed"
            self.stream = nil
            nextConnect = now + 1
        }
        // A document the daemon wrote but this build cannot read keeps the last good one.
        for (event, data) in events {
            switch StreamEvent(rawValue: event) {
            case .snapshot?:
                guard let snapshot = try? SnapshotDocument(json: data) else { continue }
                input.snapshot = snapshot
                lastData = now
            case .alerts?:
                guard let live = try? AlertBoardDocument(json: data) else { continue }
                // The stream carries the active alerts; the rules come from `/v1/alerts`.
                var board = input.alerts ?? AlertBoardDocument()
                board.active = live.active
                board.firing = live.firingAlerts.count
                input.alerts = board
            case .recommendations?:
                if let board = try? RecommendationBoardDocument(json: data) { input.recommendations = board }
            default: break
            }
        }
        return !events.isEmpty
    }

    /// Agents every 5 s (for the per-agent table) and the alert rules every 30 s, on short
    /// requests next to the stream.
    private func fetch(_ now: Double) -> Bool {
        guard stream != nil else { return false }
        var changed = false
        if now >= nextAgents,
            layouts[index].sections.contains(where: { if case .agentTable = $0 { true } else { false } })
        {
            nextAgents = now + 5
            if let response = try? client.get(QueryRoute.agents.path), response.status == 200 {
                input.agents = try? AgentDocument.array(json: response.body)
                changed = true
            }
        }
        if now >= nextForecast,
            layouts[index].sections.contains(where: { if case .forecast = $0 { true } else { false } })
        {
            // The forecast moves once a minute: every 15 s is fresh enough.
            nextForecast = now + 15
            if let response = try? client.get(QueryRoute.forecast.path), response.status == 200 {
                input.forecast = try? ForecastBoardDocument(json: response.body)
                changed = true
            }
        }
        if now >= nextRules {
            nextRules = now + 30
            if let response = try? client.get(QueryRoute.alerts.path), response.status == 200,
                let board = try? AlertBoardDocument(json: response.body)
            {
                input.rules = board.rules
                if input.alerts == nil { input.alerts = board }
                changed = true
            }
        }
        return changed
    }

    private func connectionState(_ now: Double) -> DashboardInput.Connection {
        guard stream != nil else {
            return .unreachable(reason: failure, lastDataSeconds: lastData.map { Int(now - $0) })
        }
        if let lastData, now - lastData > 5 { return .stale(seconds: Int(now - lastData)) }
        return .live
    }

    private func waitForData(timeout: Int32) {
        var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        if let stream { descriptors.append(pollfd(fd: stream.descriptor, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
    }

    /// The snapshot's time of day (UTC, as the engine's clock says: the simulated day in a demo).
    static func clock(_ snapshot: SnapshotDocument?) -> String {
        guard let text = snapshot.map({ RFC3339.format($0.generatedAt) }), text.count >= 19 else { return "--:--:--" }
        let start = text.index(text.startIndex, offsetBy: 11)
        return String(text[start..<text.index(start, offsetBy: 8)]) + " UTC"
    }
}
