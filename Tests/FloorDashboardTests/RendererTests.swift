import FloorCore
import FloorProtocol
import FloorQueryAPI
import FloorTestSupport
import Foundation
import Testing

@testable import FloorDashboard

@Suite struct RendererTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The energy retailer's floor during its outage, from a live engine (`LiveFloor`).
    static func input(connection: DashboardInput.Connection = .live) throws -> DashboardInput {
        var input = LiveFloor.outage
        input.connection = connection
        return input
    }

    static func layout(_ name: String) throws -> DashboardLayout {
        let text = try String(
            contentsOf: fixtures.deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Dashboards/\(name).json"), encoding: .utf8)
        return try DashboardLayout.parse(text)
    }

    /// Visible width: ANSI escapes take no columns.
    static func visibleWidth(_ line: String) -> Int {
        var count = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    @Test(arguments: [
        ("wallboard", 160, 45), ("wallboard", 80, 24), ("wallboard", 300, 90), ("supervisor", 120, 40),
        ("supervisor", 80, 24),
    ])
    func goldenFrames(layout name: String, width: Int, height: Int) throws {
        let frame = DashboardRenderer.render(
            try Self.input(), layout: try Self.layout(name), width: width, height: height, color: false)
        #expect(frame.count == height)
        #expect(frame.allSatisfy { $0.count == width })
        let golden = Self.fixtures.appendingPathComponent("golden/dash-\(name)-\(width)x\(height).txt").path
        let mismatch = Golden.mismatch(frame.joined(separator: "\n") + "\n", file: golden)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test(arguments: [(80, 24), (120, 40), (160, 45), (300, 90), (40, 10)])
    func noLineIsWiderThanTheTerminalWithColoursOn(width: Int, height: Int) throws {
        for name in ["wallboard", "supervisor"] {
            let frame = DashboardRenderer.render(
                try Self.input(), layout: try Self.layout(name), width: width, height: height, color: true)
            #expect(frame.count == height)
            #expect(frame.allSatisfy { Self.visibleWidth($0) == width })
            #expect(frame.joined().contains("\u{1B}[1;31m"))  // critical alerts are red
        }
    }

    @Test func theWallboardShowsTheFloorInBigDigitsWhenThereIsRoom() throws {
        let input = try Self.input()
        let inQueue = input.snapshot?.channels.voice.inQueue ?? -1
        let big = DashboardRenderer.render(
            input, layout: try Self.layout("wallboard"), width: 160, height: 45, color: false)
        let rows = BigDigits.render("\(inQueue)")
        #expect(big.contains { $0.contains(rows[0]) } && big.contains { $0.contains(rows[4]) })
        // On 80×24 the tiles fall back to plain figures and keep the numbers.
        let small = DashboardRenderer.render(
            input, layout: try Self.layout("wallboard"), width: 80, height: 24, color: false)
        #expect(!small.contains { $0.contains("███ ███") })
        #expect(small.contains { $0.contains("in queue") && $0.contains("\(inQueue)") })
        #expect(small.contains { $0.contains("ALERTS") })
    }

    @Test func bannersSayWhenDataIsStaleOrTheDaemonIsGone() throws {
        let layout = try Self.layout("wallboard")
        let stale = DashboardRenderer.render(
            try Self.input(connection: .stale(seconds: 12)), layout: layout, width: 100, height: 30, color: false)
        #expect(stale[1].contains("DATA STALE: no update from floorwatchd for 12 s"))
        let gone = DashboardRenderer.render(
            try Self.input(connection: .unreachable(reason: "connection refused", lastDataSeconds: 40)), layout: layout,
            width: 100, height: 30, color: false)
        #expect(gone[1].contains("FLOORWATCHD UNREACHABLE (connection refused)"))
        #expect(gone[1].contains("40 s old"))
    }

    @Test func aUserAddsATileForAnySnapshotMetricWithoutCode() throws {
        let layout = try DashboardLayout.parse(
            """
            {"name": "mine", "sections": [{"kind": "metric_tiles", "tiles": [
              {"label": "faults waiting", "metric": "queues.faults.in_queue", "format": "count", "warning": 5, "critical": 20}
            ]}]}
            """)
        let input = try Self.input()
        let waiting = input.snapshot?.queues["faults"]?.inQueue ?? -1
        let frame = DashboardRenderer.render(input, layout: layout, width: 60, height: 10, color: true)
        #expect(frame.joined().contains("faults waiting"))
        #expect(frame[2].contains("\(waiting)"))
        #expect(frame[2].contains(waiting > 20 ? "\u{1B}[1;31m" : waiting > 5 ? "\u{1B}[1;33m" : "\u{1B}[1;32m"))
    }

    @Test func theAgentTableShowsWhoChoseABreakForAfterTheirContact() throws {
        var input = try Self.input()
        let layout = try DashboardLayout.parse(#"{"name":"x","sections":[{"kind":"agent_table"}]}"#)
        var lunch = AgentDocument()
        (lunch.id, lunch.state, lunch.secondsInState, lunch.contacts) = ("a-1", .onContact, 65, ["c1"])
        (lunch.nextState, lunch.nextReason) = (.away, "Lunch")
        var training = AgentDocument()
        (training.id, training.state, training.reason, training.secondsInState) = ("a-2", .away, "Training", 600)
        input.agents = [lunch, training]
        let frame = DashboardRenderer.render(input, layout: layout, width: 100, height: 5, color: false)
        let lunchLine = frame.first { $0.contains("a-1") } ?? ""
        let trainingLine = frame.first { $0.contains("a-2") } ?? ""
        #expect(lunchLine.contains("→ Lunch"))
        #expect(trainingLine.contains("Training") && !trainingLine.contains("→"))
    }

    @Test func theAgentTableLeadsWithWhoNeedsAttentionAndNeverCutsAnId() throws {
        var input = try Self.input()
        let layout = try DashboardLayout.parse(
            #"{"name":"x","sections":[{"kind":"agent_table","away_allowance_minutes":{"Break":15}}]}"#)
        func agent(
            _ id: String, _ state: AgentSnapshot.Activity, _ seconds: Double, reason: String? = nil
        ) -> AgentDocument {
            var agent = AgentDocument()
            (agent.id, agent.state, agent.secondsInState, agent.reason) = (id, state, seconds, reason)
            agent.name = "A long display name for \(id)"
            return agent
        }
        input.agents = [
            agent("SIP/4101", .available, 30), agent("SIP/4102", .afterContactWork, 100),
            agent("SIP/4103", .afterContactWork, 400), agent("SIP/4104", .away, 1200, reason: "Break"),
            agent("SIP/4105", .onContact, 1510), agent("SIP/4106", .error, 5),
            agent("SIP/4107", .away, 600, reason: "Break"),
        ]
        for width in [80, 120, 160] {
            let frame = DashboardRenderer.render(input, layout: layout, width: width, height: 12, color: false)
            let order = frame.compactMap { line in (1...7).first { line.contains("SIP/410\($0) ") } }
            // Missed first; then past the allowance, most overdue first (on one contact 25 min is 5 min 10 s over,
            // a 20-minute Break 5 min over, ACW 400 s 280 s over); then the rest by state.
            #expect(order == [6, 5, 4, 3, 1, 2, 7], "\(width): \(order)")
            #expect(frame.contains { $0.contains("SIP/4104") && $0.contains("+5 min") }, "\(width)")
        }
    }

    @Test func theDigitsGrowWithTheScreen() throws {
        let input = try Self.input()
        let layout = try Self.layout("wallboard")
        let inQueue = "\(input.snapshot?.channels.voice.inQueue ?? -1)"
        for (width, height, scale, blankRows) in [(160, 45, 2, 4), (300, 90, 4, 30)] {
            let frame = DashboardRenderer.render(input, layout: layout, width: width, height: height, color: false)
            let glyphs = BigDigits.render(inQueue, scale: scale)
            #expect(
                frame.contains { $0.contains(glyphs[0]) } && frame.contains { $0.contains(glyphs.last!) }, "\(width)")
            // No empty half: a few blank rows at 160×45; at 300×90 the digits are as wide as the
            // tiles allow and a third of the screen stays free.
            let blank = frame.reversed().prefix { $0.allSatisfy { $0 == " " } }.count
            #expect(blank <= blankRows, "\(width)x\(height): \(blank) blank rows")
        }
    }

    @Test func theMovesPanelSaysWhyNothingMoves() throws {
        var input = try Self.input()
        let layout = try DashboardLayout.parse(#"{"name":"x","sections":[{"kind":"recommendations","rows":2}]}"#)
        let short =
            #"{"active":[],"channels":[{"channel":"voice","required":321,"staffed":179},{"channel":"email","required":3,"staffed":20}]}"#
        input.recommendations = try RecommendationBoardDocument(json: short)
        let frame = DashboardRenderer.render(input, layout: layout, width: 100, height: 5, color: false)
        #expect(frame[2].contains("no move possible: voice needs 321 agents, 179 on it, nobody eligible elsewhere"))
        let covered = #"{"active":[],"channels":[{"channel":"voice","required":10,"staffed":12}]}"#
        input.recommendations = try RecommendationBoardDocument(json: covered)
        let calm = DashboardRenderer.render(input, layout: layout, width: 100, height: 5, color: false)
        #expect(calm[2].contains("no move recommended"))
    }

    @Test func badLayoutsAreRefusedWithTheReason() {
        #expect(throws: DashboardLayout.ParseError.self) { try DashboardLayout.parse("{\"name\":\"x\"}") }
        do {
            _ = try DashboardLayout.parse(#"{"name":"x","sections":[{"kind":"pie_chart"}]}"#)
            Issue.record("accepted an unknown kind")
        } catch {
            #expect(error.description.contains("unknown kind pie_chart"))
        }
    }

    @Test func theCompiledInLayoutsAreTheFilesInDashboards() throws {
        for (name, json) in DefaultLayouts.files {
            let file = try String(
                contentsOf: Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("Dashboards/\(name).json"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == json.trimmingCharacters(in: .newlines))
            #expect(try DashboardLayout.parse(json).name == name)
        }
    }

    @Test func coloursFollowTheAlertThresholds() {
        #expect(Thresholds.style(130, warning: 60, critical: 120, below: false) == .red)
        #expect(Thresholds.style(70, warning: 60, critical: 120, below: false) == .amber)
        #expect(Thresholds.style(30, warning: 60, critical: 120, below: false) == .green)
        let rules = Thresholds(rules: nil)
        // The default voice rule: warning 60 s, critical 120 s; service level below target − 0.15.
        #expect(rules.style(61, rule: "voice_oldest_wait", target: 0.8, thresholdSeconds: 20) == .amber)
        #expect(rules.style(0.6, rule: "service_level", target: 0.8, thresholdSeconds: 20) == .red)
        #expect(rules.style(0.79, rule: "service_level", target: 0.8, thresholdSeconds: 20) == .amber)
        #expect(rules.style(0.9, rule: "service_level", target: 0.8, thresholdSeconds: 20) == .green)
    }
}
