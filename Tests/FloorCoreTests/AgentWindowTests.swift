import FloorTestSupport
import Testing

@testable import FloorCore

/// Each agent's figures over the sliding windows, against a reference counted from the script by
/// the definitions (docs/metrics.md, "Agents"): a contact counts as handled when its work ends
/// (after-contact work included), its handle time from connection to then; on contact = at least
/// one contact in hand; idle = Available with nothing in hand; slot time in use over slot time
/// staffed. A window of N minutes is the current UTC minute and the N − 1 before it.
@Suite("Agent figures over the windows")
struct AgentWindowTests {
    /// What the reference model reads off a random script: stretches of unchanged state, and the
    /// facts with their times.
    struct Reference {
        struct Stretch {
            var start: Int64
            var end: Int64
            var contactsInHand: Int
            var available: Bool
        }
        struct Handled {
            var at: Int64
            var handle: Int64
            var hold: Int64
            var afterContactWork: Int64
        }
        var stretches: [Stretch] = []
        var handled: [Handled] = []
        var missed: [Int64] = []

        /// The figures over [start, end] (milliseconds).
        func figures(from start: Int64, to end: Int64) -> AgentFigures {
            var figures = AgentFigures.zero
            for fact in handled where fact.at >= start && fact.at <= end {
                figures.handled[.voice] += 1
                figures.handleMs += fact.handle
                figures.holdMs += fact.hold
                figures.afterContactWorkMs += fact.afterContactWork
            }
            figures.missed = Int64(missed.filter { $0 >= start && $0 <= end }.count)
            for stretch in stretches {
                let overlap = max(0, min(stretch.end, end) - max(stretch.start, start))
                guard overlap > 0 else { continue }
                let onContact = stretch.contactsInHand > 0
                if onContact { figures.onContactMs += overlap }
                if !onContact && stretch.available { figures.idleMs += overlap }
                // One voice slot: staffed when available or working a contact.
                if onContact || stretch.available { figures.slotCapacityMs += overlap }
                figures.slotBusyMs += Int64(stretch.contactsInHand) * overlap
            }
            return figures
        }
    }

    /// A random voice agent's morning: calls with hold and after-contact work, missed offers,
    /// breaks; the reference keeps what the definitions count.
    static func randomMorning(seed: UInt64) -> (Script, Reference, end: Double) {
        var random = SplitMix64(seed: seed)
        var script = Script()
        var reference = Reference()
        var time: Double = 0
        var stretchStart: Double = 0
        var inHand = 0
        var available = true
        func close(at now: Double) {
            if now > stretchStart {
                reference.stretches.append(
                    Reference.Stretch(
                        start: Script.at(stretchStart).milliseconds, end: Script.at(now).milliseconds,
                        contactsInHand: inHand, available: available))
            }
            stretchStart = now
        }
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        var number = 0
        while time < 100 * 60 {
            time += Double(Int.random(in: 5...240, using: &random))
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6 where available:
                // A call: connected, maybe held, ended with or without after-contact work.
                number += 1
                let id = "c\(number)"
                script.queued(id, at: time - 3)
                close(at: time)
                inHand = 1
                script.connected(id, at: time)
                let connected = time
                var hold: Double = 0
                time += Double(Int.random(in: 20...400, using: &random))
                if Bool.random(using: &random) {
                    script.contact(id, .held, at: time)
                    hold = Double(Int.random(in: 5...90, using: &random))
                    time += hold
                    script.contact(id, .resumed, at: time)
                    time += Double(Int.random(in: 5...60, using: &random))
                }
                var afterContactWork: Double = 0
                if Bool.random(using: &random) {
                    script.ended(id, acw: true, at: time)
                    afterContactWork = Double(Int.random(in: 5...120, using: &random))
                    time += afterContactWork
                    script.contact(id, .afterContactWorkEnded, at: time)
                } else {
                    script.ended(id, at: time)
                }
                close(at: time)
                inHand = 0
                reference.handled.append(
                    Reference.Handled(
                        at: Script.at(time).milliseconds, handle: Script.at(time) - Script.at(connected),
                        hold: Milliseconds(hold * 1000), afterContactWork: Milliseconds(afterContactWork * 1000)))
            case 6 where available:
                // An offer the agent lets ring out; the caller goes on waiting, then hangs up.
                number += 1
                let id = "m\(number)"
                script.queued(id, at: time - 2)
                script.contact(id, .offered(agent: "a1"), at: time - 1)
                script.contact(id, .missed(agent: "a1"), at: time)
                script.agent("a1", .status(.available), at: time)
                reference.missed.append(Script.at(time).milliseconds)
                script.ended(id, .abandoned, at: time + 1)
            case 7, 8:
                close(at: time)
                available.toggle()
                script.agent("a1", .status(available ? .available : .away(reason: "break")), at: time)
            default: break
            }
        }
        close(at: time)
        script.agent("a1", .status(available ? .available : .away(reason: "break")), at: time)
        return (script, reference, time)
    }

    @Test(arguments: [1, 2, 3, 5, 8, 13] as [UInt64])
    func windowsAndTheDayMatchTheDefinitions(seed: UInt64) throws {
        let (script, reference, end) = Self.randomMorning(seed: seed)
        let engine = FloorEngine.eventClock()
        let midnight = Script.at(-3_600)
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        engine.apply(script.events, wallNow: Script.origin)
        let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        let agent = try #require(snapshot.agents.first { $0.id == "a1" })
        let now = Script.at(end).milliseconds
        #expect(snapshot.generatedAt.milliseconds == now)
        let nowMinute = now - ((now % 60_000) + 60_000) % 60_000
        #expect(agent.windows.map(\.length) == [.minutes(5), .minutes(15), .minutes(60)])
        for window in agent.windows {
            let start = nowMinute - (window.length / 60_000 - 1) * 60_000
            #expect(window.figures == reference.figures(from: start, to: now), "\(window.label), seed \(seed)")
        }
        #expect(agent.today == reference.figures(from: midnight.milliseconds, to: now))
        #expect(agent.lastContactEnded?.milliseconds == reference.handled.last?.at)
        // A restart keeps them.
        let restored = FloorEngine.eventClock()
        try restored.restore(try EngineCheckpoint(decoding: engine.checkpoint().encoded()))
        let again = restored.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        #expect(again.agents.first { $0.id == "a1" }?.windows == agent.windows)
        #expect(again.agents.first { $0.id == "a1" }?.lastContactEnded == agent.lastContactEnded)
    }

    /// Snapshots share an agent's figure set while it predicts the agent's figures (its time
    /// accrues linearly between changes); read at every snapshot of a morning, one after each
    /// event, the shared sets give what the definitions give at that moment.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func sharedFigureSetsMatchTheDefinitionsAtEverySnapshot(seed: UInt64) throws {
        let (script, reference, _) = Self.randomMorning(seed: seed)
        let engine = FloorEngine.eventClock()
        let midnight = Script.at(-3_600)
        _ = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
        var previous: ObjectIdentifier?
        var shared = 0
        var taken = 0
        for event in script.events {
            engine.apply([event], wallNow: Script.origin)
            let snapshot = engine.makeSnapshot(wallNow: Script.origin, dayStart: midnight)
            guard let agent = snapshot.agents.first(where: { $0.id == "a1" }) else { continue }
            let now = snapshot.generatedAt.milliseconds
            let nowMinute = now - ((now % 60_000) + 60_000) % 60_000
            for window in agent.windows {
                let start = nowMinute - (window.length / 60_000 - 1) * 60_000
                #expect(window.figures == reference.figures(from: start, to: now), "\(window.label) at \(now)")
            }
            #expect(agent.today == reference.figures(from: midnight.milliseconds, to: now), "today at \(now)")
            let identity = ObjectIdentifier(agent.figures.figureSet)
            if identity == previous { shared += 1 }
            previous = identity
            taken += 1
        }
        // Both paths ran: sets kept across snapshots and sets taken afresh.
        #expect(shared > 10 && shared < taken - 10, "\(shared) of \(taken) snapshots shared the set")
    }

    @Test func anAgentIdleForAWholeHourHoldsNoMinutesAndReadsZero() throws {
        var script = Script()
        script.agent("a1", .login(name: nil, team: nil), at: 0)
        script.queued("c1", at: 10)
        script.connected("c1", at: 20)
        script.ended("c1", at: 80)
        script.agent("a1", .logout, at: 90)
        script.agent("b1", .login(name: nil, team: nil), at: 2 * 3_600)
        let engine = FloorEngine.eventClock()
        let snapshot = engine.run(script)
        let agent = try #require(snapshot.agents.first { $0.id == "a1" })
        #expect(agent.windows.allSatisfy { $0.figures == .zero })
        #expect(agent.lastContactEnded == Script.at(80))
    }
}
