import FloorCore
import FloorTestSupport
import Testing

@testable import FloorStaffing

/// Accept, dismiss, done, expiry and dwell on a controlled floor: a voice queue that builds
/// while blended agents work email.
@Suite struct RecommenderLifecycleTests {
    /// 4 voice-only agents all on calls (idle when nobody waits), `blended` agents on emails,
    /// `waiting` callers queued, at `minute` minutes, with 15 minutes of voice history at `perHour`.
    static func floor(waiting: Int, blended: Int = 4, perHour: Int = 120, at minute: Double) -> FloorSnapshot {
        let calm = waiting == 0
        let engine = FloorEngine.eventClock()
        var script = Script()
        let start = minute * 60 - 900
        var agents: [(String, RoutingProfile)] = (0..<4).map { ("v\($0)", MiniFloor.voiceOnly) }
        agents += (0..<blended).map { ("b\($0)", MiniFloor.blended) }
        for (id, profile) in agents {
            script.agent(id, .login(name: nil, team: nil), at: start)
            script.agent(id, .profile(profile), at: start)
            script.agent(id, .status(.available), at: start)
        }
        // History: calls every 3600/perHour s, answered at once, 300 s each (on spare agents).
        let gap = 3600 / Double(perHour)
        var index = 0
        var time = start + 1
        while time < minute * 60 - 310 {
            script.queued("h\(index)", "residential", .voice, at: time)
            script.connected("h\(index)", agent: "x\(index % 20)", at: time + 10)
            script.ended("h\(index)", at: time + 310)
            index += 1
            time += gap
        }
        // The history's agents have gone home: only the floor below is staffed now.
        for agent in 0..<min(index, 20) { script.agent("x\(agent)", .logout, at: minute * 60 - 300) }
        for agent in 0..<(calm ? 0 : 4) {
            script.queued("on\(agent)", "residential", .voice, at: minute * 60 - 100)
            script.connected("on\(agent)", agent: "v\(agent)", at: minute * 60 - 100)
        }
        for agent in 0..<blended {
            script.queued("mail\(agent)", "email", .email, at: minute * 60 - 200)
            script.connected("mail\(agent)", agent: "b\(agent)", at: minute * 60 - 60)
        }
        for caller in 0..<waiting {
            script.queued("w\(caller)", "residential", .voice, at: minute * 60 - 30)
        }
        engine.apply(script.events, wallNow: Script.at(minute * 60))
        return engine.makeSnapshot(wallNow: Script.at(minute * 60))
    }

    @Test func dismissedMovesAreNotRepeatedUntilConditionsChange() throws {
        var recommender = CapacityRecommender()
        var issued: [Recommendation] = []
        for tick in 0..<3 {
            let snapshot = Self.floor(waiting: 3, at: 60 + Double(tick) / 2)
            issued += recommender.evaluate(snapshot, now: snapshot.generatedAt).filter { $0.kind == .issued }.map(
                \.recommendation)
        }
        let first = try #require(issued.first)
        #expect(first.from == .email && first.to == .voice)
        #expect(first.eligibleAgents.allSatisfy { $0.hasPrefix("b") })
        let now = Self.floor(waiting: 3, at: 62).generatedAt
        guard case .decided(let dismissed) = recommender.dismiss(id: first.id, by: "sup", note: "training", at: now)
        else { return #expect(Bool(false)) }
        #expect(dismissed.state == .dismissed)
        // Same conditions: not proposed again.
        for tick in 0..<4 {
            let snapshot = Self.floor(waiting: 3, at: 62 + Double(tick) / 2)
            #expect(recommender.evaluate(snapshot, now: snapshot.generatedAt).filter { $0.kind == .issued }.isEmpty)
        }
        // Conditions change (the queue empties, then builds again): proposed again.
        for tick in 0..<3 {
            let snapshot = Self.floor(waiting: 0, perHour: 12, at: 64 + Double(tick) / 2)
            _ = recommender.evaluate(snapshot, now: snapshot.generatedAt)
        }
        var again: [RecommendationChange] = []
        for tick in 0..<3 {
            let snapshot = Self.floor(waiting: 3, at: 66 + Double(tick) / 2)
            again += recommender.evaluate(snapshot, now: snapshot.generatedAt).filter { $0.kind == .issued }
        }
        #expect(again.count == 1)
        #expect(recommender.board(at: now).history.first?.state == .dismissed)
    }

    @Test func acceptedMovesAreDoneWhenTheAgentsMove() throws {
        var recommender = CapacityRecommender()
        var open: Recommendation?
        for tick in 0..<3 where open == nil {
            let snapshot = Self.floor(waiting: 3, at: 60 + Double(tick) / 2)
            open =
                recommender.evaluate(snapshot, now: snapshot.generatedAt).first { $0.kind == .issued }?
                .recommendation
        }
        let recommendation = try #require(open)
        let accepted = recommender.accept(id: recommendation.id, by: "sup", note: nil, at: Script.at(3600))
        guard case .decided(let decided) = accepted else { return #expect(Bool(false)) }
        #expect(decided.state == .accepted && decided.decidedBy == "sup")
        #expect(recommender.accept(id: recommendation.id, by: "sup", note: nil, at: Script.at(3600)) == .notOpen)
        #expect(recommender.dismiss(id: 999, by: "sup", note: nil, at: Script.at(3600)) == .notFound)
        // The blended agents lose email from their profile: the move happened.
        let engine = FloorEngine.eventClock()
        var script = Script()
        for agent in 0..<4 {
            let id = "b\(agent)"
            script.agent(id, .login(name: nil, team: nil), at: 3600)
            script.agent(id, .profile(MiniFloor.voiceOnly), at: 3600)
            script.agent(id, .status(.available), at: 3600)
        }
        engine.apply(script.events, wallNow: Script.at(3660))
        let moved = engine.makeSnapshot(wallNow: Script.at(3660))
        let changes = recommender.evaluate(moved, now: moved.generatedAt)
        let done = try #require(changes.first { $0.kind == .done }?.recommendation)
        #expect(done.id == recommendation.id)
        #expect(done.moved >= done.agents)
        #expect(recommender.board(at: moved.generatedAt).active.isEmpty)
    }

    @Test func unneededRecommendationsExpire() throws {
        var recommender = CapacityRecommender()
        var issued = false
        for tick in 0..<3 {
            let snapshot = Self.floor(waiting: 3, at: 60 + Double(tick) / 2)
            issued = issued || recommender.evaluate(snapshot, now: snapshot.generatedAt).contains { $0.kind == .issued }
        }
        #expect(issued)
        var expired: [RecommendationChange] = []
        for tick in 0..<3 {
            let snapshot = Self.floor(waiting: 0, perHour: 12, at: 62 + Double(tick) / 2)
            expired += recommender.evaluate(snapshot, now: snapshot.generatedAt).filter { $0.kind == .expired }
        }
        #expect(expired.count == 1)
    }
}

@Suite struct CrossTrainingTests {
    /// Voice agents all busy with callers waiting; an email team whose profile has no voice.
    static func floor(at minute: Double) -> FloorSnapshot {
        let engine = FloorEngine.eventClock()
        var script = Script()
        let now = minute * 60
        let emailOnly = RoutingProfile(slots: PerChannel { $0 == .email ? 1 : 0 })
        for agent in 0..<3 {
            script.agent("v\(agent)", .login(name: nil, team: "voice"), at: now - 600)
            script.agent("v\(agent)", .profile(MiniFloor.voiceOnly), at: now - 600)
            script.queued("on\(agent)", "residential", .voice, at: now - 100)
            script.connected("on\(agent)", agent: "v\(agent)", at: now - 100)
        }
        for agent in 0..<4 {
            script.agent("e\(agent)", .login(name: nil, team: "email"), at: now - 600)
            script.agent("e\(agent)", .profile(emailOnly), at: now - 600)
            script.queued("m\(agent)", "email", .email, at: now - 200)
            script.connected("m\(agent)", agent: "e\(agent)", at: now - 60)
        }
        for caller in 0..<4 { script.queued("w\(caller)", "residential", .voice, at: now - 30) }
        engine.apply(script.events, wallNow: Script.at(now))
        return engine.makeSnapshot(wallNow: Script.at(now))
    }

    @Test func aCrossTrainedTeamIsEligibleForTheMoveItsProfileAloneWouldNotAllow() {
        for trained in [false, true] {
            var settings = RecommenderSettings()
            if trained { settings.crossTraining = ["email": [.voice]] }
            var recommender = CapacityRecommender(settings: settings)
            var issued: [Recommendation] = []
            for tick in 0..<3 {
                let snapshot = Self.floor(at: 60 + Double(tick) / 2)
                issued += recommender.evaluate(snapshot, now: snapshot.generatedAt).filter { $0.kind == .issued }
                    .map(\.recommendation)
            }
            if trained {
                #expect(issued.first?.from == .email && issued.first?.to == .voice)
                #expect(issued.first?.eligibleAgents.allSatisfy { $0.hasPrefix("e") } == true)
            } else {
                #expect(issued.isEmpty)
            }
        }
    }
}
