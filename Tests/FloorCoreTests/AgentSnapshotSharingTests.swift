import FloorTestSupport
import Testing

@testable import FloorCore

/// Consecutive snapshots share an unchanged agent's slower-moving figures (one box, not one copy
/// per snapshot), and a change is never hidden by the sharing.
@Suite("Agent entries shared between snapshots")
struct AgentSnapshotSharingTests {
    @Test func anUnchangedAgentIsSharedAndAChangedOneIsNot() {
        let engine = FloorEngine.eventClock()
        var script = Script()
        script.agent("a1", .login(name: "Ann", team: "Billing"), at: 0)
        script.agent("a2", .login(name: "Bo", team: "Billing"), at: 0)
        script.agent("a1", .status(.available), at: 1)
        script.agent("a2", .status(.available), at: 1)
        let first = engine.run(script)
        var next = Script()
        next.agent("a2", .status(.away(reason: "Lunch")), at: 2)
        let second = engine.run(next)
        #expect(first.agents.map(\.id) == ["a1", "a2"])
        // a1 did not change: the same box; a2 did: a new one, with the new figures.
        #expect(first.agents[0].shared === second.agents[0].shared)
        #expect(first.agents[1].shared !== second.agents[1].shared)
        #expect(second.agents[1].activity == .away && second.agents[1].reason == "Lunch")
        #expect(first.agents[1].reason == nil)
        #expect(second.agents[1].statusSince == Script.at(2))
        // A copy changed by hand changes alone.
        var edited = second.agents[0]
        edited.name = "Anne"
        #expect(edited.name == "Anne" && second.agents[0].name == "Ann")
        #expect(edited != second.agents[0])
    }

    /// A logged-out agent's figures do not move: the same box. A working agent's accrue time: a
    /// new box once the old one no longer predicts them (its idle time would go on accruing
    /// after the agent went to lunch), with the new figures, the day's and each window's.
    @Test func figuresAreSharedWhileEqualAndFreshWhenTheyMove() throws {
        let engine = FloorEngine.eventClock()
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        var script = Script()
        script.agent("a1", .login(name: "Ann", team: nil), at: 0)
        script.agent("a2", .login(name: "Bo", team: nil), at: 0)
        script.agent("a1", .status(.available), at: 1)
        script.agent("a2", .status(.available), at: 1)
        script.agent("a1", .logout, at: 2)
        engine.apply(script.events, wallNow: Script.origin)
        let first = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        var next = Script()
        next.agent("a2", .status(.away(reason: "Lunch")), at: 61)
        // Another agent moves the event clock on: a2 at lunch since 61 s no longer accrues idle.
        next.agent("a3", .login(name: nil, team: nil), at: 70)
        engine.apply(next.events, wallNow: Script.origin)
        let second = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.origin)
        #expect(first.agents[0].figures.figureSet === second.agents[0].figures.figureSet)
        #expect(first.agents[1].figures.figureSet !== second.agents[1].figures.figureSet)
        // Logged in as Available: a2 idle from 0 s to 61 s, a1 from 0 s to its logout at 2 s.
        let today = try #require(second.agents[1].today)
        #expect(today.idleMs == 61_000 && today.onContactMs == 0)
        #expect(second.agents[1].windows.map(\.figures.idleMs) == [61_000, 61_000, 61_000])
        #expect(second.agents[1].windows.map(\.length) == [.minutes(5), .minutes(15), .minutes(60)])
        #expect(second.agents[0].today?.idleMs == 2_000)
        // Set by hand, a copy changes alone.
        var edited = second.agents[1]
        edited.windows = []
        #expect(edited.windows.isEmpty && edited.today == today && second.agents[1].windows.count == 3)
    }
}

/// What one snapshot entry holds of an agent's figures.
@Suite("Agent figure readings")
struct AgentFigureReadingTests {
    /// An agent Available from its login: its set is taken once and read later while its time
    /// accrues linearly; when a minute leaves a window, a new set is taken.
    @Test func anIdleAgentKeepsOneSetUntilAMinuteLeavesAWindow() throws {
        let engine = FloorEngine.eventClock()
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.at(-60))
        var script = Script()
        script.agent("a1", .login(name: "Ann", team: nil), at: 0)
        script.agent("a1", .status(.available), at: 1)
        engine.apply(script.events, wallNow: Script.origin)
        var readings: [(AgentFigureReading, idle: Int64?)] = []
        for second in [10.0, 20, 61, 299, 301] {
            // Another agent's event moves the event clock; a1 does not change.
            var tick = Script()
            tick.agent("b\(Int(second))", .login(name: nil, team: nil), at: second)
            engine.apply(tick.events, wallNow: Script.origin)
            let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: Script.at(-60))
            let agent = try #require(snapshot.agents.first { $0.id == "a1" })
            readings.append((agent.figures, agent.today?.idleMs))
            // The 5-minute window holds the current minute and the four before: all of it until
            // 5 minutes have passed, then from the second minute on.
            #expect(agent.windows.first?.figures.idleMs == Int64(second < 300 ? second * 1000 : second * 1000 - 60_000))
        }
        #expect(readings.map(\.idle) == [10_000, 20_000, 61_000, 299_000, 301_000])
        // Linear up to 299 s, the minute turning over at 60 s included: one set.
        #expect((1...3).allSatisfy { readings[$0].0.figureSet === readings[0].0.figureSet })
        #expect(readings.prefix(4).map(\.0.elapsed) == [0, 10_000, 51_000, 289_000])
        // At 301 s the first minute leaves the 5-minute window: a new set.
        #expect(readings[4].0.figureSet !== readings[3].0.figureSet && readings[4].0.elapsed == 0)
    }

    /// Readings are equal when they give the same figures, whichever set they read.
    @Test func readingsCompareByTheFiguresTheyGive() {
        var figures = CompactAgentFigures()
        figures.add(.time(onContactMs: 0, idleMs: 5_000, slotBusyMs: 0, slotCapacityMs: 5_000))
        let windows = [figures, figures]
        let accrual = AgentAccrual(onContact: false, idle: true, slotsBusy: 0, slotsStaffed: 1)
        let early = windows.withUnsafeBufferPointer {
            AgentFigureSet.make(
                base: EventTime(milliseconds: 1_000), accrual: accrual, today: figures,
                windowLengths: [.minutes(5), .minutes(15)], windows: $0)
        }
        var later = figures
        later.add(.time(onContactMs: 0, idleMs: 2_000, slotBusyMs: 0, slotCapacityMs: 2_000))
        let late = [later, later].withUnsafeBufferPointer {
            AgentFigureSet.make(
                base: EventTime(milliseconds: 3_000), accrual: .none, today: later,
                windowLengths: [.minutes(5), .minutes(15)], windows: $0)
        }
        #expect(AgentFigureReading(figureSet: early, elapsed: 2_000) == AgentFigureReading(figureSet: late, elapsed: 0))
        #expect(AgentFigureReading(figureSet: early, elapsed: 2_001) != AgentFigureReading(figureSet: late, elapsed: 0))
        #expect(AgentFigureReading(figureSet: early, elapsed: 2_000).today?.idleMs == 7_000)
        // Asked whether it predicts the later figures at 3 s: yes, 2,000 ms on.
        let predicted = [later, later].withUnsafeBufferPointer {
            early.elapsed(
                at: EventTime(milliseconds: 3_000), predicting: later, windowLengths: [.minutes(5), .minutes(15)],
                windows: $0)
        }
        #expect(predicted == 2_000)
    }

    @Test func anEntryStaysFortyEightBytes() {
        #expect(MemoryLayout<AgentSnapshot>.size <= 48)
        #expect(MemoryLayout<AgentSnapshot>.stride == 48)
    }
}
